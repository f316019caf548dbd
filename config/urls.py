from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Thi đua – Khen thưởng")
admin.site.site_title = _("Thi đua – Khen thưởng")
admin.site.index_title = _("Quản trị")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("schools.urls")),
    path("", include("emulation.urls")),
    path("", include("registrations.urls")),
    path("", include("awards.urls")),
    path("", include("audit.urls")),
]
# MEDIA_ROOT is never served as such, not even with DEBUG: uploaded files (signed scans,
# minutes, evidence, certificates) go out only through the views that check who asks.
