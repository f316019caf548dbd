"""Awards views: rounds."""

urlpatterns = []
