from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        from common.generations.cache import CONTENT, watch_app
        from emulation.archive import ARCHIVE_PROVIDERS
        from schools import context_processors as nav
        from schools.demo import DEMO_LOADERS
        from schools.views import home as home_page

        from . import signals, visibility  # noqa: F401  (connect receivers, register policies)
        from .archive import decision_documents, proposal_documents
        from .demo import load_demo_awards
        from .views.home import home_section
        from .views.office_home import office_home

        watch_app(self)  # ballots, postings, rounds, proposals: shown in kept home sections
        home_page.register_home_section(
            home_section, home_page.ORDER_AWARDS, cached_by=lambda access: [CONTENT]
        )
        # office staff: what the office must do today
        home_page.HOME_PAGE_PROVIDERS.append(office_home)
        DEMO_LOADERS.append(load_demo_awards)
        ARCHIVE_PROVIDERS.extend([proposal_documents, decision_documents])
        nav.register_nav_item(nav.NAV_AWARDS, _("Khen thưởng"), "awards_home", lambda access: True)
