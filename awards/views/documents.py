"""Awards views: documents."""

urlpatterns = []
