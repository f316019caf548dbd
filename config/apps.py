"""Third-party apps under Vietnamese names: the admin's index lists every app by its
verbose_name, which these packages write in English without gettext."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Đăng nhập và khoá tài khoản")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        # The admin titles each row by its __str__, which axes writes in English.
        AccessLog.__str__ = lambda log: (
            _("Đăng nhập của %(user)s lúc %(at)s")
            % {
                "user": log.username,
                "at": log.attempt_time,
            }
        )
        AccessAttempt.__str__ = lambda attempt: (
            _("Lần đăng nhập lúc %(at)s") % {"at": attempt.attempt_time}
        )
        AccessFailureLog.__str__ = lambda failure: (
            _("Đăng nhập sai của %(user)s lúc %(at)s từ %(ip)s")
            % {"user": failure.username, "at": failure.attempt_time, "ip": failure.ip_address}
        )


class TasksConfig(TasksAppConfig):
    verbose_name = _("Tác vụ chạy nền")
