"""The one place that decides who may see and change what.

Every model that belongs to an organisation registers a policy here. Views, form choice
lists, exports and the admin ask `visible(user, Model)` for what a user may see and
`manageable(user, Model)` for what they may change; an object outside those querysets
does not exist for that user (views answer 404).

Scopes:
- administrators (and superusers) see and change everything;
- Sở and Phòng staff see and change everything in their organisation's subtree;
- principals and vice principals see and change their school;
- every other role sees its own school (colleagues, units, published documents).

Higher apps register their own models in their AppConfig.ready(), so this module never
imports them.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from common import request_cache
from common.generations import cache as kept
from common.prepared import PreparedQuery, ShapedQuery, flat, unflat

from .models import (
    Organization,
    Person,
    Role,
    RoleAssignment,
    SchoolYear,
    StaffImport,
    Unit,
)

MANAGER_ROLES = {
    Role.ADMINISTRATOR,
    Role.DEPARTMENT_STAFF,
    Role.OFFICE_STAFF,
    Role.PRINCIPAL,
    Role.VICE_PRINCIPAL,
}
ADMIN_SITE_ROLES = MANAGER_ROLES
ACCESS_CACHE = "access"  # settings.CACHES: each user's Access, kept across requests


@dataclass
class Access:
    """What one user holds this school year, computed once per request."""

    user: object
    is_admin: bool = False
    assignments: list = field(default_factory=list)
    see_paths: set = field(default_factory=set)
    manage_paths: set = field(default_factory=set)
    school_year: object = None  # this school year (SchoolYear.current()), once per request
    _person: object = field(default=None, repr=False)
    _person_loaded: bool = field(default=False, repr=False)

    @property
    def person(self):
        """The user's staff record with its organisation and units, or None; loaded
        once for the request (the home page's sections all ask for it)."""
        if not self._person_loaded:
            self._person = (
                Person.objects.select_related("organization", "team", "union_group")
                .filter(user=self.user)
                .first()
                if self.is_authenticated
                else None
            )
            self._person_loaded = True
        return self._person

    @property
    def is_authenticated(self):
        return bool(self.user and self.user.is_authenticated)

    @property
    def can_manage_anything(self):
        return self.is_admin or bool(self.manage_paths)

    @property
    def roles(self):
        return {a.role for a in self.assignments}

    def holds(self, role, organization_id):
        """Whether the user holds `role` in the organisation of this id."""
        return any(
            a.role == role and a.organization_id == organization_id for a in self.assignments
        )

    def has_role(self, role, organization=None, unit=None):
        for a in self.assignments:
            if a.role != role:
                continue
            if organization is not None and a.organization_id != organization.pk:
                continue
            if unit is not None and a.unit_id != unit.pk:
                continue
            return True
        return False

    def organizations_with_role(self, *roles):
        return [a.organization for a in self.assignments if a.role in roles]

    def path_q(self, lookup, paths):
        """Q matching rows whose organisation (reached by `lookup`) is below `paths`."""
        return Q() if self.is_admin else below_q(lookup, paths)


def below_q(lookup, paths):
    """Q matching rows whose organisation (reached by `lookup`) is below one of `paths`
    (none: no row)."""
    if not paths:
        return Q(pk__in=[])
    prefix = f"{lookup}__path__startswith" if lookup else "path__startswith"
    return reduce(or_, (Q(**{prefix: p}) for p in sorted(paths)))


def year_and_assignments(rows):
    """This school year and the user's roles of it (`rows`: all their roles, the latest
    year first); until the new year's roles are assigned (from 1 September), those of
    the latest year before it, so nobody is locked out. No query when the user holds a
    role this year (the year comes with it)."""
    name = SchoolYear.name_for(timezone.localdate())
    current = next((a.school_year for a in rows if a.school_year.name == name), None)
    if current is None:
        current = SchoolYear.current()
    else:
        SchoolYear.found_current(current)
    rows = [a for a in rows if a.school_year.start_date <= current.start_date]
    latest = rows[0].school_year_id if rows else None
    return current, [a for a in rows if a.school_year_id == latest]


def _roles_with_person(user_id):
    """Every role of the user (all years, the latest first) with its organisation, unit
    and year, and the user's staff record (Access.person) with its organisation and
    units, in one query."""
    person = [f"user__person__{name}" for name in ("organization", "team", "union_group")]
    roles = RoleAssignment.objects.filter(user_id=user_id).order_by("-school_year__start_date")
    return roles.select_related("organization", "unit", "school_year", *person)


# Asked at each person's first request of the day (and after CONTENT moves): seven
# tables joined, compiled once (common.prepared).
_roles_of = PreparedQuery(_roles_with_person)


def access_for(user):
    """The Access of a user, cached on the user object for the request; in a request it
    is kept across requests too, while nobody changes people, roles or years (CONTENT):
    that generation comes with the session's row, so a kept Access costs no query."""
    cached = getattr(user, "_tdkt_access", None)
    if cached is not None:
        return cached
    if user is None or not (user.is_authenticated and user.is_active):
        access = Access(user=user)
    else:
        access = kept_with_content(
            f"access:{user.pk}:{user.is_superuser:d}", lambda: _access_of(user)
        )
        access.user = user
        if access._person_loaded and access._person is not None:
            access._person.user = user
        if access.school_year is not None:
            SchoolYear.found_current(access.school_year)
    if user is not None:
        user._tdkt_access = access
    return access


def rights_owner(access):
    """A text naming what the user's rights are made of: her roles (each with its
    organisation, unit and year) and whether she administers. People with the same
    text see the same rows of every policy that asks nothing of the person herself
    (which a part kept under it must not show: her name, her own forms)."""
    roles = sorted(
        (a.role, a.organization_id, a.unit_id or 0, a.school_year_id) for a in access.assignments
    )
    return f"rights:{access.is_admin:d}:" + ";".join(
        f"{role},{org},{unit},{year}" for role, org, unit, year in roles
    )


def rights_of(model, access):
    """A text naming what `access` sees of `model`: its policy's rights (what its
    queries are built from), or None where the policy gives none (administrators,
    policies without rights). People with the same text see the same rows of `model`,
    whatever else their roles differ in (two teachers of a school, in two groups)."""
    rights = _rights(model, access)
    return None if rights is None else f"{model._meta.label}:{rights!r}"


def _rights(model, access):
    """The lists `model`'s policy builds what `access` sees from (`rights_q`), or None
    when it builds it otherwise (administrators, the anonymous, policies without
    rights, or a person they give none): then `visible` asks the ORM."""
    policy = policy_for(model)
    if not access.is_authenticated or access.is_admin or policy.rights is None:
        return None
    return policy.rights(access)


def kept_with_content(key, build):
    """`build()`, something read from people, roles, organisations, years, campaigns and
    plans (CONTENT: common.generations), kept for the day (the school year turns with
    it) while CONTENT does not change; in a request only (outside one, in tasks and the
    shell, built each time)."""
    if request_cache.current() is None:
        return build()
    day = timezone.localdate().isoformat()
    return kept.cached(f"{key}:{day}", [kept.CONTENT], build, store=ACCESS_CACHE)


def _access_of(user):
    access = Access(user=user)
    rows = _roles_of(user.pk)
    if rows:  # the staff record came with the roles: Access.person asks no more
        access._person = getattr(rows[0].user, "person", None)
        access._person_loaded = True
    access.school_year, access.assignments = year_and_assignments(rows)
    access.is_admin = user.is_superuser or any(
        a.role == Role.ADMINISTRATOR for a in access.assignments
    )
    for a in access.assignments:
        access.see_paths.add(a.organization.path)
        if a.role in MANAGER_ROLES:
            access.manage_paths.add(a.organization.path)
    return access


def form_scopes(access):
    """The scopes of a kept part showing forms of the person's school and of the schools
    where they hold a role (common.generations)."""
    schools = {a.organization_id for a in access.assignments}
    if access.person is not None:
        schools.add(access.person.organization_id)
    return [kept.CONTENT, *(kept.school_scope(pk) for pk in sorted(schools))]


class Policy:
    """Scope of one model: rows are visible or manageable through their organisation.

    A policy may also say what of a person's rights its visible rows depend on:
    `rights(access)`, a tuple of sorted lists of ids and paths (None for a person it
    does not say it for), and `rights_q(*rights)`, the Q of those lists alone, which
    `visible_q` then is. A query over visible rows is then compiled once for everyone
    whose rights have the same shape (`VisibleQuery`)."""

    model = None
    org_lookup = "organization"
    rights = None  # a function(access) -> tuple of sorted lists, or None

    def visible_q(self, access):
        return access.path_q(self.org_lookup, access.see_paths)

    def manage_q(self, access):
        return access.path_q(self.org_lookup, access.manage_paths)


_POLICIES = {}


def register(model):
    """Class decorator: `@register(Model) class ModelPolicy(Policy): ...`."""

    def wrap(policy_class):
        policy = policy_class()
        policy.model = model
        _POLICIES[model] = policy
        return policy_class

    return wrap


def policy_for(model):
    try:
        return _POLICIES[model]
    except KeyError:
        raise LookupError(f"No visibility policy registered for {model.__name__}") from None


def has_policy(model):
    return model in _POLICIES


def registered_models():
    return list(_POLICIES)


def visible(user, model, queryset=None):
    access = access_for(user)
    if not access.is_authenticated:
        return model.objects.none()
    qs = model._default_manager.all() if queryset is None else queryset
    return qs.filter(policy_for(model).visible_q(access))


def manageable(user, model, queryset=None):
    access = access_for(user)
    if not access.is_authenticated:
        return model.objects.none()
    qs = model._default_manager.all() if queryset is None else queryset
    return qs.filter(policy_for(model).manage_q(access))


class VisibleQuery:
    """`build(rows, *keys)` over the rows of `model` a user sees (`rows`, a queryset),
    compiled once per shape of the policy's rights and run with the person's own ids
    and paths (common.prepared); built by the ORM for administrators and whoever the
    policy gives no rights for. `keys` are more keys (a school year's id, a moment)."""

    def __init__(self, model, build):
        self.model = model
        self._build = build
        self._shaped = ShapedQuery(self._marked)

    def __call__(self, user, *keys):
        rights = _rights(self.model, access_for(user))
        if rights is None:
            return list(self._build(visible(user, self.model), *keys))
        counts, values = flat(rights)
        return self._shaped((*counts, len(keys)), [*values, *keys])

    def _marked(self, shape, *keys):
        rights, more = unflat(shape[:-1], keys)
        rows = self.model._default_manager.all().filter(policy_for(self.model).rights_q(*rights))
        return self._build(rows, *more)


def can_see(user, obj):
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


def can_manage(user, obj):
    return manageable(user, type(obj)).filter(pk=obj.pk).exists()


@register(Organization)
class OrganizationPolicy(Policy):
    org_lookup = ""


@register(Unit)
class UnitPolicy(Policy):
    pass


@register(Person)
class PersonPolicy(Policy):
    pass


@register(RoleAssignment)
class RoleAssignmentPolicy(Policy):
    """Who holds which role is for those who manage the organisation, and for the user."""

    def visible_q(self, access):
        return self.manage_q(access) | Q(user_id=access.user.pk)


@register(StaffImport)
class StaffImportPolicy(Policy):
    """Uploaded staff lists are seen only by those who may change the school's staff."""

    def visible_q(self, access):
        return self.manage_q(access)
