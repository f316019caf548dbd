from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Phong trào thi đua")

    def ready(self):
        from common.generations.cache import CONTENT, watch_app
        from schools import context_processors as nav
        from schools.demo import DEMO_LOADERS
        from schools.views import home as home_page

        from . import visibility  # noqa: F401  (registers the policies)
        from .blocks.demo import load_demo_blocks
        from .blocks.views import blocks_home_section, blocks_home_shared_by
        from .demo import load_demo_plans, load_issuer_documents, load_office_follow_up
        from .views import plans_home_section, plans_home_shared_by

        watch_app(self)  # campaigns, plans, blocks: shown in kept home sections
        # what a person sees of plans and blocks: the same for everyone with the same
        # rights to them (a school's teachers, whatever their groups)
        home_page.register_home_section(
            plans_home_section,
            home_page.ORDER_PLANS,
            cached_by=lambda access: [CONTENT],
            shared_by=plans_home_shared_by,
        )
        nav.register_nav_item(nav.NAV_PLANS, _("Kế hoạch"), "plan_list", lambda access: True)
        nav.register_nav_item(nav.NAV_BLOCKS, _("Khối thi đua"), "block_list", lambda access: True)
        home_page.register_home_section(
            blocks_home_section,
            home_page.ORDER_BLOCKS,
            cached_by=lambda access: [CONTENT],
            shared_by=blocks_home_shared_by,
        )
        DEMO_LOADERS.append(load_demo_plans)
        DEMO_LOADERS.append(load_issuer_documents)
        DEMO_LOADERS.append(load_demo_blocks)
        DEMO_LOADERS.append(load_office_follow_up)
