"""Awards views: verify."""

urlpatterns = []
