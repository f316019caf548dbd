from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_reviewer(access):
    from .permissions import is_reviewer

    return is_reviewer(access)


def _writes_registrations(access):
    """Staff of a school write forms M1 and M2; the Sở's and the Phòng's clerks and the
    administrator write none, so their menu does not offer the page."""
    from schools.models import Role

    outside_schools = {Role.OFFICE_STAFF, Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR}
    return bool(access.roles - outside_schools)


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Đăng ký đổi mới, sáng tạo")

    def ready(self):
        from emulation.archive import ARCHIVE_PROVIDERS
        from schools.context_processors import NAV_ITEMS
        from schools.demo import DEMO_LOADERS
        from schools.views.home import HOME_SECTION_PROVIDERS

        from . import visibility  # noqa: F401  (registers the policies)
        from .archive import registration_documents
        from .demo import load_demo_registrations
        from .views.home import registrations_home_section
        from .views.participation import office_home_section

        HOME_SECTION_PROVIDERS.insert(0, registrations_home_section)
        HOME_SECTION_PROVIDERS.append(office_home_section)
        NAV_ITEMS.insert(2, (_("Đăng ký thi đua"), "registration_list", _writes_registrations))
        NAV_ITEMS.insert(3, (_("Duyệt đăng ký"), "review_list", _is_reviewer))
        DEMO_LOADERS.append(load_demo_registrations)
        ARCHIVE_PROVIDERS.append(registration_documents)
