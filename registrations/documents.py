"""Filled forms M1 and M2 as official documents (HTML and PDF), one at a time or as the
bundle of a campaign's approved forms. They reuse the annex templates of the plans
(templates/documents/annexes/form_m1.html, form_m2.html), which print a filled form when
the context holds `registration` or `group`."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from emulation.rendering import OfficialDocument
from schools.vietnamese import name_sort_key, search_key, sort_people

from .models import InnovationRegistration, Status, TeacherGroup

TEMPLATE = "documents/registration_forms.html"


class FilledGroup:
    """A TeacherGroup as form M2 prints it: the model's fields plus `member_names`
    (leader first, then the members in Vietnamese name order)."""

    def __init__(self, group):
        self.group = group
        members = [m for m in group.members.all() if m.pk != group.leader_id]
        self.member_names = [group.leader.full_name] + [m.full_name for m in sort_people(members)]

    def __getattr__(self, name):
        # Only called for names not set in __init__; "group" itself is never forwarded
        # (copy and pickle look attributes up before __init__ has run).
        if name == "group" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.group, name)


def _slug(text):
    return slugify(search_key(text)) or "mau"


def registration_queryset():
    return InnovationRegistration.objects.select_related(
        "person", "union_group", "campaign__school_year"
    )


def group_queryset():
    return TeacherGroup.objects.select_related(
        "leader", "union_group", "campaign__school_year"
    ).prefetch_related("members")


class RegistrationDocument(OfficialDocument):
    """Form M1 of one person, filled."""

    template_name = TEMPLATE

    def __init__(self, registration):
        self.registration = registration

    def context(self):
        return {
            "title": _("Mẫu M1 – %(name)s") % {"name": self.registration.person_name},
            "forms": [{"kind": "m1", "item": self.registration}],
        }

    def filename(self, extension):
        return f"mau-M1-{_slug(self.registration.person_name)}-{self.registration.pk}.{extension}"


class GroupDocument(OfficialDocument):
    """Form M2 of one teacher group, filled."""

    template_name = TEMPLATE

    def __init__(self, group):
        self.group = group

    def context(self):
        return {
            "title": _("Mẫu M2 – %(name)s") % {"name": self.group.name},
            "forms": [{"kind": "m2", "item": FilledGroup(self.group)}],
        }

    def filename(self, extension):
        return f"mau-M2-{_slug(self.group.name)}-{self.group.pk}.{extension}"


class FormsBundle(OfficialDocument):
    """Every approved M1 (by person name), then every approved M2 (by leader name), of a
    campaign's school or of one of its union groups: three queries whatever the count."""

    template_name = TEMPLATE

    def __init__(self, campaign, union_group=None):
        self.campaign = campaign
        self.union_group = union_group

    def _filter(self, queryset):
        queryset = queryset.filter(
            campaign=self.campaign, school_id=self.campaign.organization_id, status=Status.APPROVED
        )
        if self.union_group is not None:
            queryset = queryset.filter(union_group=self.union_group)
        return queryset

    def registrations(self):
        items = self._filter(registration_queryset())
        return sorted(items, key=lambda r: (name_sort_key(r.person.full_name), r.pk))

    def groups(self):
        items = self._filter(group_queryset())
        return sorted(items, key=lambda g: (name_sort_key(g.leader.full_name), g.pk))

    def context(self):
        forms = [{"kind": "m1", "item": r} for r in self.registrations()]
        forms += [{"kind": "m2", "item": FilledGroup(g)} for g in self.groups()]
        title = _("Mẫu M1, M2 – %(campaign)s") % {"campaign": self.campaign.name}
        if self.union_group is not None:
            title = f"{title} – {self.union_group.name}"
        return {"title": title, "forms": forms}

    def filename(self, extension):
        suffix = f"-{self.union_group.pk}" if self.union_group is not None else ""
        return f"mau-M1-M2-{self.campaign.pk}{suffix}.{extension}"
