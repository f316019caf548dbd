"""Awards views: council."""

urlpatterns = []
