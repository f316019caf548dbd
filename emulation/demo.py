"""The five seed documents as published plans of their organisations, loaded from the
structured transcriptions in demo_plans/ (one JSON file per seed)."""

import datetime
import json
from pathlib import Path

from schools.models import Organization, SchoolYear

from .models import (
    Annex,
    Campaign,
    GroupAssignment,
    LegalBasis,
    Plan,
    Recipient,
    ScheduleItem,
    Section,
    SignatureBlock,
    Theme,
    ThemeAward,
)

SEED_DIR = Path(__file__).resolve().parent / "demo_plans"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _school_year(name):
    start = int(name[:4])
    year, _created = SchoolYear.objects.get_or_create(
        name=name,
        defaults={
            "start_date": datetime.date(start, 9, 1),
            "end_date": datetime.date(start + 1, 8, 31),
        },
    )
    return year


def _texts(seed, required=(), optional=()):
    """The fields a seed row gives: `required` keys as they are, `optional` ones empty
    when the transcription leaves them out."""
    return {**{k: seed[k] for k in required}, **{k: seed.get(k, "") for k in optional}}


def seed_files():
    return sorted(SEED_DIR.glob("seed_*.json"))


def load_seed(data, status=Plan.Status.PUBLISHED):
    """Create one plan (with its campaign) from a seed transcription."""
    organization = Organization.objects.get(name=data["organization"])
    school_year = _school_year(data["school_year"])
    campaign, _created = Campaign.objects.get_or_create(
        organization=organization, school_year=school_year, name=data["campaign"]
    )
    plan = Plan.objects.create(
        campaign=campaign,
        organization=organization,
        school_year=school_year,
        doc_type=data.get("doc_type") or "KH",
        issuer_kind=data.get("issuer_kind") or "state",
        joint_issuer_kind=data.get("joint_issuer_kind", ""),
        type_label=data.get("type_label", ""),
        number=data.get("number"),
        symbol=data.get("symbol", ""),
        governing_body=data.get("governing_body", ""),
        issuer_name=data.get("issuer_name", ""),
        place_name=data.get("place_name", ""),
        issue_date=_date(data.get("issue_date")),
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        preamble=data.get("preamble", ""),
        closing=data.get("closing", ""),
        status=status,
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(plan=plan, order=i, text=text) for i, text in enumerate(data["legal_bases"])
    )
    Section.objects.bulk_create(
        Section(plan=plan, order=i, **_texts(s, ["level"], ["label", "heading", "body", "block"]))
        for i, s in enumerate(data["sections"])
    )
    for i, t in enumerate(data.get("themes", [])):
        theme = Theme.objects.create(
            plan=plan,
            order=i,
            **_texts(t, ["name"], ["objective", "audience", "content", "period"]),
        )
        ThemeAward.objects.bulk_create(
            ThemeAward(
                theme=theme,
                order=j,
                authority=a["authority"],
                award_form=a["award_form"],
                collective_quantity=a.get("collective_quantity") or 0,
                individual_quantity=a.get("individual_quantity") or 0,
            )
            for j, a in enumerate(t.get("awards", []))
        )
    # Seeds that state their schedule in the sections' text keep the items as data only.
    schedule_printed = any(s.get("block") == "schedule" for s in data["sections"])
    ScheduleItem.objects.bulk_create(
        ScheduleItem(
            plan=plan,
            order=i,
            period_label=s["period_label"],
            start_date=_date(s.get("start_date")),
            end_date=_date(s.get("end_date")),
            activity=s["activity"],
            responsible=s.get("responsible", ""),
            deadline=_date(s.get("deadline")),
            milestone=s.get("milestone", ""),
            printed=s.get("printed", schedule_printed),
        )
        for i, s in enumerate(data.get("schedule", []))
    )
    for i, text in enumerate(data["recipients"]):
        Recipient.objects.create(plan=plan, order=i, text=text)
    SignatureBlock.objects.bulk_create(
        SignatureBlock(
            plan=plan,
            order=i,
            **_texts(
                s, ["position"], ["authority", "authority_title", "position_note", "signer_name"]
            ),
        )
        for i, s in enumerate(data["signatures"])
    )
    for i, a in enumerate(data.get("annexes", [])):
        annex = Annex.objects.create(
            plan=plan, order=i, **_texts(a, ["kind"], ["title", "body", "period_label"])
        )
        GroupAssignment.objects.bulk_create(
            GroupAssignment(
                annex=annex, order=j, team_name=r["team_name"], group_name=r["group_name"]
            )
            for j, r in enumerate(a.get("rows", []))
        )
    return plan


def load_demo_plans(demo):
    """Demo loader: each seed plan once (idempotent by organisation and title)."""
    for path in seed_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        exists = Plan.objects.filter(
            organization__name=data["organization"], title=data["title"]
        ).exists()
        if not exists:
            load_seed(data)


DOCUMENTS_DIR = Path(__file__).resolve().parent / "demo_documents"


def fill_years(text, school_year):
    """A demo document's text for `school_year` ({year}, {school_year})."""
    start = school_year.start_date.year
    return text.format(year=start, school_year=f"{start} - {start + 1}")


def load_issuer_documents(demo):
    """The demo school's documents of this school year as each of its issuers writes
    them (issue 14): its Công đoàn, Đoàn, Liên đội and Chi bộ, and a joint plan of the
    principal and the union chair, entered by pasting their text into the editor and
    published with the number and date printed on them."""
    from schools.demo import DEMO_SCHOOL

    from .editing import create_draft, paste_document
    from .pasted import split_document
    from .services import publish_plan

    school = Organization.objects.get(name=DEMO_SCHOOL)
    principal = demo.users["hieutruong"]
    for path in sorted(DOCUMENTS_DIR.glob("*.txt")):
        text = fill_years(path.read_text(encoding="utf-8"), demo.school_year)
        if Plan.objects.filter(organization=school, title=split_document(text).title).exists():
            continue  # loaded by an earlier run
        plan = paste_document(principal, create_draft(principal, school), text)
        plan.school_year = demo.school_year
        plan.save(update_fields=["school_year"])
        publish_plan(principal, plan)


OFFICE_DIR = Path(__file__).resolve().parent / "demo_office"
# Schools of the demo Phòng that implement its plan: published, or still drafting.
IMPLEMENTING = {"Trường THCS Lai Hưng": "khoitruong", "Trường THCS Long Nguyên": "admin"}
DRAFTING = "Trường Tiểu học Long Nguyên"


def load_office_follow_up(demo):
    """What the demo Phòng follows up this week (its home page): its plan of the school
    year, implemented by two schools (published) and a third (a draft), the others not
    yet. (The block it supervises is the block demo's: its covenant, due at the end of
    October, still lacks one school's signature.)"""
    from django.utils import timezone

    from schools.demo import DEMO_OFFICE
    from schools.models import Person

    from .editing import create_draft, paste_document
    from .pasted import split_document
    from .services import derive_plan, publish_plan

    office = Organization.objects.get(name=DEMO_OFFICE)
    text = fill_years(
        (OFFICE_DIR / "ke_hoach_phong.txt").read_text(encoding="utf-8"), demo.school_year
    )
    if Plan.objects.filter(organization=office, title=split_document(text).title).exists():
        return  # loaded by an earlier run
    phong = demo.users["phong"]
    plan = paste_document(phong, create_draft(phong, office), text)
    plan.school_year = demo.school_year
    plan.save(update_fields=["school_year"])
    plan = publish_plan(phong, plan)
    today = timezone.localdate()
    for order, (name, username) in enumerate([*IMPLEMENTING.items(), (DRAFTING, "admin")]):
        school = Organization.objects.get(name=name)
        user = demo.users[username]
        derived = derive_plan(user, plan, school)
        derived.title = (
            f"Triển khai phong trào thi đua năm học {demo.school_year.name.replace('-', ' - ')}"
        )
        derived.save(update_fields=["title"])
        # What the Phòng wrote for itself is not the school's: removed, as a principal does.
        derived.sections.exclude(review_note="").delete()
        principal = school.people.filter(position=Person.Position.PRINCIPAL).first()
        derived.signatures.update(signer_name=principal.full_name if principal else "Nguyễn Văn An")
        if name != DRAFTING:
            day = min(plan.issue_date + datetime.timedelta(days=20 + order), today)
            publish_plan(user, derived, issue_date=day)
