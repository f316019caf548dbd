"""Filled forms M1 and M2 as official documents (HTML and PDF), one at a time or as the
bundle of a campaign's approved forms. They reuse the annex templates of the plans
(templates/documents/annexes/form_m1.html, form_m2.html), which print a filled form when
the context holds `registration` or `group`.

The bundle, for the principal, is grouped by union group (tổ công đoàn), in their
natural order ("Tổ 2" before "Tổ 10"), forms without one last; within a group every M1
by its author's Vietnamese name, then every M2 by its leader's. A cover list (mục lục)
names each form with its group, its order and the page it starts on."""

import re

from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.vietnamese import collation_key, name_sort_key, search_key, sort_people
from emulation.rendering import OfficialDocument

from .models import InnovationRegistration, Status, TeacherGroup

TEMPLATE = "documents/registration_forms.html"


class FilledGroup:
    """A TeacherGroup as form M2 prints it: the model's fields plus `member_names`
    (leader first, then the members in Vietnamese name order) and `people`, the rows of
    its member table: (name, is the leader)."""

    def __init__(self, group):
        self.group = group
        members = [m for m in group.members.all() if m.pk != group.leader_id]
        self.member_names = [group.leader.full_name] + [m.full_name for m in sort_people(members)]
        self.people = [(name, index == 0) for index, name in enumerate(self.member_names)]

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


def natural_key(text):
    """Vietnamese order with numbers by value: "Tổ 2" before "Tổ 10"."""
    return [
        (1, int(part)) if part.isdigit() else (0, collation_key(part))
        for part in re.split(r"(\d+)", text or "")
        if part
    ]


class FormsBundle(OfficialDocument):
    """The approved forms of a campaign's school or of one of its union groups, grouped
    by union group behind a cover list: three queries whatever the count."""

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
        return sorted(
            items, key=lambda g: (name_sort_key(g.leader.full_name), collation_key(g.name), g.pk)
        )

    def sections(self):
        """[(union group or None, [form, ...])]: groups in natural order, none last."""
        sections = {}
        for kind, items in (("m1", self.registrations()), ("m2", self.groups())):
            for item in items:
                forms = sections.setdefault(item.union_group, [])
                forms.append({"kind": kind, "item": FilledGroup(item) if kind == "m2" else item})
        return sorted(
            sections.items(),
            key=lambda pair: (pair[0] is None, natural_key(pair[0].name if pair[0] else "")),
        )

    def context(self):
        sections, forms, number = [], [], 0
        for union_group, items in self.sections():
            for form in items:
                number += 1
                form["number"] = number
                form["anchor"] = f"form-{number}"
                form["union_group"] = union_group
                forms.append(form)
            sections.append({"union_group": union_group, "forms": items})
        title = _("Mẫu M1, M2 – %(campaign)s") % {"campaign": self.campaign.name}
        if self.union_group is not None:
            title = f"{title} – {self.union_group.name}"
        return {
            "title": title,
            "forms": forms,
            "cover": {
                "sections": sections,
                "school": self.campaign.organization,
                "campaign": self.campaign,
                "year": self.campaign.school_year.name.replace("-", " - "),
                "union_group": self.union_group,
                "m1_count": sum(form["kind"] == "m1" for form in forms),
                "m2_count": sum(form["kind"] == "m2" for form in forms),
            }
            if forms
            else None,
        }

    def filename(self, extension):
        suffix = f"-{self.union_group.pk}" if self.union_group is not None else ""
        return f"mau-M1-M2-{self.campaign.pk}{suffix}.{extension}"
