from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GenerationsConfig(AppConfig):
    name = "common.generations"
    label = "generations"
    verbose_name = _("Phiên bản dữ liệu đã lưu đệm")
