"""Awards views: decisions."""

urlpatterns = []
