"""Which models are logged, the organisation each logged object belongs to, and who may
read which entries.

Every logged model names the path from one of its objects to its Organization (the same
lookups as the visibility policies): an entry stores that organisation's materialised
path when it is written. Principals and vice principals read the entries of their school,
Phòng and Sở staff those of their subtree, administrators everything (including the
entries that belong to no organisation: the awards catalogue, school years, accounts
without a staff record). Readers are exactly the managers of schools.visibility.
Drafts stay home: an entry written while its plan, nomination, proposal or decision is
a draft is read only by the managers of that object's own organisation (DRAFT_OWNER).

Never logged: Ballot and BallotReceipt (the vote is secret: not even "who voted when"),
the service history rows (ReviewEvent, AwardEvent, PlanEvent, Version: already history),
internals (sessions, task rows, document counters), and the free text of forms M1 and M2,
which belongs to its author while a draft (each submitted text is kept as a Version that
the reviewers see); their workflow fields (status, reviewer, comments, dates, version)
are logged.
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Q
from django.utils.encoding import smart_str

from schools import visibility

SECRET = {"awards.Ballot", "awards.BallotReceipt"}
ALWAYS_EXCLUDED = ["sort_key", "search_name"]

# model label -> (lookup to its Organization, extra auditlog.register() arguments).
# "self" is the organisation itself; None belongs to no organisation (administrators).
LOGGED = {
    "schools.Organization": ("self", {"exclude_fields": ["path", "depth"]}),
    "schools.Unit": ("organization", {}),
    "schools.Person": ("organization", {}),
    "schools.SchoolYear": (None, {}),
    "schools.RoleAssignment": ("organization", {}),
    "schools.StaffImport": ("organization", {"exclude_fields": ["content", "preview"]}),
    "auth.User": (
        "person__organization",
        {"exclude_fields": ["password", "last_login"], "m2m_fields": {"groups"}},
    ),
    "auth.Group": (None, {"m2m_fields": {"permissions"}}),
    "emulation.Campaign": ("organization", {}),
    "emulation.Plan": ("organization", {}),
    "emulation.LegalBasis": ("plan__organization", {}),
    "emulation.Section": ("plan__organization", {}),
    "emulation.Theme": ("plan__organization", {}),
    "emulation.ThemeAward": ("theme__plan__organization", {}),
    "emulation.ScheduleItem": ("plan__organization", {}),
    "emulation.Recipient": ("plan__organization", {}),
    "emulation.SignatureBlock": ("plan__organization", {}),
    "emulation.Annex": ("plan__organization", {}),
    "emulation.GroupAssignment": ("annex__plan__organization", {}),
    "emulation.EmulationBlock": ("office", {}),
    "emulation.BlockMembership": ("school", {}),
    "emulation.TargetItem": ("block__office", {}),
    "emulation.TargetValue": ("school", {}),
    "emulation.CovenantConfirmation": ("school", {}),
    "emulation.BlockMeeting": ("block__office", {}),
    "emulation.BlockReport": ("school", {}),
    "emulation.RankingCriterion": ("block__office", {}),
    "emulation.Score": ("school", {}),
    "emulation.LeaderVote": ("voter_school", {}),
    "registrations.InnovationRegistration": ("school", {"exclude_fields": "FORM_FIELDS"}),
    "registrations.TeacherGroup": ("school", {"exclude_fields": "FORM_FIELDS"}),
    "registrations.DeadlineExtension": ("campaign__organization", {}),
    "awards.Title": (None, {}),
    "awards.AwardForm": (None, {}),
    "awards.Rule": (None, {}),
    "awards.Council": ("school", {"m2m_fields": {"members"}}),
    "awards.Evaluation": ("organization", {}),
    "awards.Vote": ("council__school", {}),
    "awards.Candidate": ("vote__council__school", {}),
    "awards.Posting": ("vote__council__school", {}),
    "awards.PostingComment": ("posting__vote__council__school", {}),
    "awards.Round": ("campaign__organization", {}),
    "awards.Nomination": ("organization", {"m2m_fields": {"registrations", "groups"}}),
    "awards.Evidence": ("nomination__organization", {}),
    "awards.Proposal": ("organization", {}),
    "awards.ProposalItem": ("proposal__organization", {}),
    "awards.Decision": ("organization", {}),
    "awards.Awardee": ("decision__organization", {"exclude_fields": ["token"]}),
    "awards.CertificateBatch": ("decision__organization", {}),
    "awards.BaseSalary": (None, {}),
    "awards.AwardMoney": (None, {}),
    "awards.Authority": (None, {}),
    "awards.DecisionBasis": (None, {}),
    "awards.AwardRecord": ("organization", {}),
    "awards.HistoryImport": ("organization", {"exclude_fields": ["content", "preview"]}),
    "awards.Minutes": ("vote__council__school", {}),
    "awards.WrittenOpinion": ("vote__council__school", {}),
    "awards.TitleRegistration": ("organization", {}),
    "awards.StaffCovenant": ("organization", {}),
    "awards.AwardPolicy": ("organization", {}),
}
_LOOKUPS = {}

# model label -> lookup to the object whose draft state decides who reads its entries
# ("self": the object itself). Drafts stay home (emulation.visibility,
# awards.visibility): while that object is a draft, an entry about it is written
# `home_only` and read only by the managers of its own organisation, not by the offices
# above, even after the object is sent. Entries written once it is sent follow the
# organisation path like any other.
DRAFT_OWNER = {
    "emulation.Plan": "self",
    "emulation.LegalBasis": "plan",
    "emulation.Section": "plan",
    "emulation.Theme": "plan",
    "emulation.ThemeAward": "theme__plan",
    "emulation.ScheduleItem": "plan",
    "emulation.Recipient": "plan",
    "emulation.SignatureBlock": "plan",
    "emulation.Annex": "plan",
    "emulation.GroupAssignment": "annex__plan",
    "awards.Nomination": "self",
    "awards.Evidence": "nomination",
    "awards.Proposal": "self",
    "awards.ProposalItem": "proposal",
    "awards.Decision": "self",
    "awards.Awardee": "decision",
    "awards.CertificateBatch": "decision",
}
_DRAFT_LOOKUPS = {}


def register_all():
    """Register every model of LOGGED with auditlog (AuditConfig.ready)."""
    from auditlog.registry import auditlog

    for label, (lookup, options) in LOGGED.items():
        if label in SECRET:  # pragma: no cover - a guard against a future edit
            raise ValueError(f"{label} must never be logged")
        model = apps.get_model(label)
        options = dict(options)
        exclude = options.pop("exclude_fields", [])
        if exclude == "FORM_FIELDS":
            exclude = list(model.FORM_FIELDS)
        exclude = [*exclude, *(f for f in ALWAYS_EXCLUDED if _has_field(model, f))]
        auditlog.register(model, exclude_fields=exclude, **options)
        _LOOKUPS[model] = lookup
        if label in DRAFT_OWNER:
            _DRAFT_LOOKUPS[model] = DRAFT_OWNER[label]


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def logged_models():
    return list(_LOOKUPS)


def is_logged(model):
    return model._meta.concrete_model in _LOOKUPS


def path_of(instance):
    """The materialised path of the organisation `instance` belongs to ("" for none)."""
    lookup = _LOOKUPS.get(type(instance)._meta.concrete_model)
    try:
        if lookup == "self":
            return instance.compute_path() if instance.pk else ""
        if not lookup:
            return ""
        target = instance
        for name in lookup.split("__"):
            target = getattr(target, name, None)
            if target is None:
                return ""
        return target.path
    except ObjectDoesNotExist:  # a parent deleted in the same cascade
        return ""


def _is_draft(owner):
    """Whether `owner` (a plan, nomination, proposal or decision) is still a draft, i.e.
    seen only in its own organisation."""
    from awards.models import Decision
    from emulation.visibility import PUBLIC_STATUSES

    if owner._meta.label == "emulation.Plan":
        return owner.status not in PUBLIC_STATUSES
    if isinstance(owner, Decision):
        return owner.status != Decision.Status.RECORDED
    return owner.status == "draft"  # nominations and proposals (HomeWhileDraft)


def is_home_only(instance):
    """Whether an entry about `instance` may be read at home only: the object it belongs
    to is a draft (or gone, in a cascade: then nobody above is told either)."""
    lookup = _DRAFT_LOOKUPS.get(type(instance)._meta.concrete_model)
    if lookup is None:
        return False
    owner = instance
    try:
        if lookup != "self":
            for name in lookup.split("__"):
                owner = getattr(owner, name, None)
                if owner is None:
                    return True
    except ObjectDoesNotExist:
        return True
    return _is_draft(owner)


def _blank(value):
    return value in (None, "None", "", "[]", "{}")


def readable_changes(instance, changes):
    """The changes auditlog computed, cleaned for reading:

    - only the model's own columns (on create and delete auditlog also lists reverse
      relations, as "registrations.ReviewEvent.None"), without the id and the automatic
      created/updated times (the entry has its own time);
    - on create and delete, only the fields that hold a value;
    - a foreign key as the related object's name instead of its id, so the page shows
      "Trường A1 → Phòng A" without a query per value."""
    out = {}
    for name, values in changes.items():
        if isinstance(values, dict):  # m2m
            out[name] = values
            continue
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.concrete or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        old, new = (list(values) + [None, None])[:2]
        if _blank(old) and _blank(new):
            continue
        if field.many_to_one or field.one_to_one:
            old, new = (_related_name(instance, field, value) for value in (old, new))
        out[name] = [old, new]
    return out


def _related_name(instance, field, value):
    if value in (None, "None", ""):
        return "None"
    cached = field.get_cached_value(instance, default=None)
    if cached is not None and str(cached.pk) == str(value):
        return smart_str(cached)
    related = field.related_model._base_manager.filter(pk=value).first()
    return smart_str(related) if related is not None else f"#{value}"


def readable_by(user):
    """Q on LogEntry: the entries `user` may read (nothing for non-managers)."""
    access = visibility.access_for(user)
    if access.is_admin:
        return Q()
    if not access.manage_paths:
        return Q(pk__in=[])
    return reduce(
        or_,
        (
            Q(org_path__startswith=p, home_only=False) | Q(org_path=p)
            for p in sorted(access.manage_paths)
        ),
    )


def can_read_log(user):
    access = visibility.access_for(user)
    return access.is_authenticated and access.can_manage_anything
