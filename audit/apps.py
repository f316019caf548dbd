from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log and the backup commands: the top app, which may import every other
    app and which none imports."""

    name = "audit"
    verbose_name = _("Nhật ký thay đổi")

    def ready(self):
        from auditlog import get_logentry_model
        from auditlog.registry import auditlog
        from django.db.models.signals import pre_save

        from common.bulk import bulk_saved
        from schools import context_processors as nav

        from . import admin
        from .middleware import set_request_actor
        from .receivers import log_bulk, log_update
        from .scopes import register_all

        # an update of a row locked in the transaction is diffed against the row as
        # locked, not read again (audit.receivers); before the models are registered
        auditlog._signals[pre_save] = log_update
        register_all()
        admin.install()
        bulk_saved.connect(log_bulk, dispatch_uid="audit.log_bulk")
        pre_save.connect(
            set_request_actor, sender=get_logentry_model(), dispatch_uid="audit.request_actor"
        )
        nav.register_nav_item(
            nav.NAV_AUDIT,
            _("Nhật ký thay đổi"),
            "audit_log",
            lambda access: access.can_manage_anything,
            nav.MANAGE_MENU,
        )
