from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Tổ chức và nhân sự")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.urls import register_converter

        from common.fields import IdConverter
        from common.generations.cache import watch, watch_app

        from . import accounts, checks  # noqa: F401  (signal receivers, deployment checks)

        # before any app's views define their addresses (awards' ready() imports some)
        register_converter(IdConverter, "id")

        # people, roles, organisations and accounts (an e-mail): shown in kept sections
        watch_app(self)
        watch(get_user_model(), unless_only={"last_login"})
