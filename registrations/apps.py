from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_reviewer(access):
    from .permissions import is_reviewer

    return is_reviewer(access)


def _writes_registrations(access):
    from .permissions import writes_registrations

    return writes_registrations(access)


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Đăng ký đổi mới, sáng tạo")

    def ready(self):
        from emulation.archive import ARCHIVE_PROVIDERS
        from schools import context_processors as nav
        from schools.demo import DEMO_LOADERS
        from schools.views import home as home_page

        from . import visibility  # noqa: F401  (registers the policies)
        from .archive import registration_documents
        from .demo import load_demo_registrations
        from .kept import own_forms, school_forms, watch_forms
        from .views.home import my_forms_section, school_section, waiting_section
        from .views.participation import office_home_section

        watch_forms()
        home_page.register_home_section(
            waiting_section, home_page.ORDER_WAITING, cached_by=school_forms
        )
        home_page.register_home_section(
            my_forms_section, home_page.ORDER_MY_WORK, cached_by=own_forms
        )
        home_page.register_home_section(
            school_section, home_page.ORDER_SCHOOL, cached_by=school_forms
        )
        home_page.register_home_section(office_home_section, home_page.ORDER_OFFICE)
        nav.register_nav_item(
            nav.NAV_MY_FORMS, _("Đăng ký thi đua"), "registration_list", _writes_registrations
        )
        nav.register_nav_item(nav.NAV_REVIEW, _("Duyệt đăng ký"), "review_list", _is_reviewer)
        DEMO_LOADERS.append(load_demo_registrations)
        ARCHIVE_PROVIDERS.append(registration_documents)
