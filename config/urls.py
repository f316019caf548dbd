from django.conf import settings
from django.conf.urls.static import static
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
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
