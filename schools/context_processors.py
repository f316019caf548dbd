from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import visibility

# (label, url name, who sees it: function(access) -> bool). Higher apps append their
# entries in AppConfig.ready(), so this app never names their URLs.
NAV_ITEMS = [
    (_("Trang chủ"), "home", lambda access: True),
    (_("Đơn vị"), "organization_list", lambda access: True),
]
ADMIN_NAV_ITEM = (_("Quản trị"), "admin:index", lambda access: access.can_manage_anything)


def navigation(request):
    """Navigation links by role, for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    access = visibility.access_for(user)
    items = [
        {"label": label, "url": reverse(url_name)}
        for label, url_name, shown in [*NAV_ITEMS, ADMIN_NAV_ITEM]
        if shown(access)
    ]
    return {"nav_items": items, "access": access}
