"""Awards views: proposals."""

urlpatterns = []
