from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        from schools.context_processors import NAV_ITEMS
        from schools.views.home import HOME_SECTION_PROVIDERS

        from . import visibility  # noqa: F401  (registers the policies)
        from .views.home import home_section

        HOME_SECTION_PROVIDERS.insert(0, home_section)
        NAV_ITEMS.append((_("Khen thưởng"), "awards_home", lambda access: True))
