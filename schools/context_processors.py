from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import visibility

# (label, url name, who sees it: function(access) -> bool[, menu]). Higher apps append
# their entries in AppConfig.ready(), so this app never names their URLs. An entry whose
# fourth element is MANAGE_MENU sits in the "Quản lý" dropdown instead of the top line,
# which stays one line on a 1366 px screen for every account.
MANAGE_MENU = "manage"
NAV_ITEMS = [
    (_("Trang chủ"), "home", lambda access: True),
    (_("Đơn vị"), "organization_list", lambda access: True),
]
ADMIN_NAV_ITEM = (
    _("Trang quản trị"),
    "admin:index",
    lambda access: access.can_manage_anything,
    MANAGE_MENU,
)


def navigation(request):
    """Navigation links by role, for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_manage_items": []}
    access = visibility.access_for(user)
    items, manage_items = [], []
    for label, url_name, shown, *menu in [*NAV_ITEMS, ADMIN_NAV_ITEM]:
        if shown(access):
            target = manage_items if menu == [MANAGE_MENU] else items
            target.append({"label": label, "url": reverse(url_name)})
    return {"nav_items": items, "nav_manage_items": manage_items, "access": access}
