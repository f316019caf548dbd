from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Tổ chức và nhân sự")

    def ready(self):
        from django.contrib.auth import get_user_model

        from common.generations.cache import watch, watch_app

        from . import accounts, checks  # noqa: F401  (signal receivers, deployment checks)

        # people, roles, organisations and accounts (an e-mail): shown in kept sections
        watch_app(self)
        watch(get_user_model(), unless_only={"last_login"})
