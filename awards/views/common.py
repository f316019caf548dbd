"""What the awards views share: the organisation a user acts for, running a service
call with its Vietnamese error shown, parsing dates typed as dd/mm/yyyy."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from schools import visibility
from schools.models import Organization, Person
from schools.services import ServiceError


def managed_organizations(user):
    """Organisations the user manages itself (not their subtrees), by kind order."""
    access = visibility.access_for(user)
    orgs = {
        a.organization
        for a in access.assignments
        if a.role in visibility.MANAGER_ROLES and a.organization.kind != Organization.Kind.MINISTRY
    }
    return sorted(orgs, key=lambda o: (o.depth, o.name))


def acting_organization(request):
    """The organisation the user acts for: `?org=` among those they manage, else the
    first. None for a user who manages nothing."""
    orgs = managed_organizations(request.user)
    wanted = request.GET.get("org") or request.POST.get("org")
    if wanted:
        for org in orgs:
            if str(org.pk) == wanted:
                return org
        if visibility.access_for(request.user).is_admin:
            found = Organization.objects.filter(pk=_int(wanted)).first()
            if found:
                return found
        raise Http404
    return orgs[0] if orgs else None


def person_or_none(user):
    return Person.objects.filter(user=user).select_related("organization").first()


MAX_INT = 2_147_483_647


def _int(value):
    """A positive or zero integer typed in ASCII digits, or None."""
    if not isinstance(value, str) or not value.strip().isascii():
        return value if isinstance(value, int) else None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if 0 <= number <= MAX_INT else None


def parse_int(value):
    return _int(value)


def parse_date(value, label):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise ServiceError(
            _("%(label)s phải có dạng ngày/tháng/năm, ví dụ 10/03/2027.") % {"label": label}
        ) from None


def chosen_nominations(request):
    """The nominations ticked on a form ("nominations" ids), in the order given, among
    those the user may see. An id of anything else (another school's draft, a deleted
    row, a made-up number) is refused without a name: the service's messages name the
    nominees, and must only ever name ones the user already sees."""
    from ..models import Nomination

    ids = [parse_int(v) for v in request.POST.getlist("nominations")]
    if not all(ids):
        raise ServiceError(_("Danh sách đề nghị gửi lên không hợp lệ; hãy tải lại trang."))
    found = visibility.visible(request.user, Nomination).in_bulk(ids)
    if len(found) != len(set(ids)):
        raise ServiceError(
            _("Có đề nghị không tìm thấy hoặc bạn không được xem; hãy tải lại trang.")
        )
    return [found[i] for i in dict.fromkeys(ids)]


def run(request, call, success):
    """Run a service call; show its Vietnamese error instead of failing. True if done."""
    try:
        call()
    except ServiceError as error:
        messages.error(request, str(error))
        return False
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))
        return False
    messages.success(request, success)
    return True
