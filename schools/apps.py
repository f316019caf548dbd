from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Tổ chức và nhân sự")

    def ready(self):
        from . import accounts, checks  # noqa: F401  (signal receivers, deployment checks)
