from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from . import visibility

# (order, label, url name, who sees it: function(access) -> bool[, menu]). Higher apps
# register their entries in AppConfig.ready() with an order key, so this app never names
# their URLs. An entry whose last element is MANAGE_MENU sits in the "Quản lý" dropdown
# instead of the top line, which stays one line on a 1366 px screen for every account.
MANAGE_MENU = "manage"
NAV_HOME, NAV_PLANS, NAV_MY_FORMS, NAV_REVIEW, NAV_ORGANIZATIONS = 10, 20, 30, 40, 50
NAV_BLOCKS, NAV_AWARDS, NAV_AUDIT = 60, 70, 80
NAV_ITEMS = [
    (NAV_HOME, _("Trang chủ"), "home", lambda access: True),
    (NAV_ORGANIZATIONS, _("Đơn vị"), "organization_list", lambda access: True),
]


def register_nav_item(order, label, url_name, shown, menu=None):
    NAV_ITEMS.append((order, label, url_name, shown, *([menu] if menu else [])))
    NAV_ITEMS.sort(key=lambda entry: entry[0])


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
    entries = [item[1:] for item in NAV_ITEMS] + [ADMIN_NAV_ITEM]
    for label, url_name, shown, *menu in entries:
        if shown(access):
            target = manage_items if menu == [MANAGE_MENU] else items
            target.append({"label": label, "url": _address(url_name)})
    return {"nav_items": items, "nav_manage_items": manage_items, "access": access}


# The menu's addresses, reversed once per process (every page asked for them again).
_addresses = {}


def _address(url_name):
    key = (get_urlconf(), get_script_prefix(), url_name)
    if key not in _addresses:
        _addresses[key] = reverse(url_name)
    return _addresses[key]


def _forget_addresses(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _addresses.clear()


setting_changed.connect(_forget_addresses)
