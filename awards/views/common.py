"""What the awards views share: the organisation a user acts for, running a service
call with its Vietnamese error shown (after checking a form), parsing dates typed as
dd/mm/yyyy."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from common.fields import parse_day
from schools import visibility
from schools.models import Organization, Person
from schools.services import ServiceError

from ..action_forms import errors_message


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
    try:
        return parse_day(value)
    except ValueError:
        raise ServiceError(
            _("%(label)s phải có dạng ngày/tháng/năm, ví dụ 10/03/2027.") % {"label": label}
        ) from None


def run_on_form(request, form, service, *args):
    """Run `service(request.user, *args)` for a checked form; a refusal goes on the
    form, at its field when the form has it. True if done."""
    try:
        service(request.user, *args)
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False
    return True


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


def run_form(request, form, call, success):
    """Check `form`, then run `call(form.cleaned_data)` as `run` does. A form's errors
    are one Vietnamese message naming each field, and nothing is called. True if done."""
    if not form.is_valid():
        messages.error(request, errors_message(form))
        return False
    return run(request, lambda: call(form.cleaned_data), success)
