"""Awards views: nominations."""

urlpatterns = []
