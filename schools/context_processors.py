from django.urls import reverse
from django.utils.translation import gettext as _

from . import visibility


def navigation(request):
    """Navigation links by role, for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    access = visibility.access_for(user)
    items = [{"label": _("Trang chủ"), "url": reverse("home")}]
    items.append({"label": _("Đơn vị"), "url": reverse("organization_list")})
    if access.can_manage_anything:
        items.append({"label": _("Quản trị"), "url": reverse("admin:index")})
    return {"nav_items": items, "access": access}
