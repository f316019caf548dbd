"""Every payload of the corpus through every user-facing text field, saved through the
real pages (or the service or admin that writes it), then every page that shows it: the
payload is escaped, never live markup. Payloads travel in groups (payloads.GROUPS, one
line each), every payload of the corpus in one group. The 1 MB string gets a Vietnamese
length message, not a 500, and what was saved before is still there.

Fields, by app:
- schools: the staff-list import cells (name, team, union group, e-mail) and the admin;
- registrations: the nine items of M1, the name and ten items of M2, the comments of
  the union group leader and the chair, the results' comments;
- emulation: every text of a plan (header, title, legal bases, sections, themes,
  schedule, recipients, signatures) through the admin and the seed loader;
- blocks: block name, target items and values, meetings (period, place, agenda,
  topic), minutes, reports, ranking criteria, score evidence;
- awards: vote name, posting note and comments, nomination texts, review comments of a
  proposal, decision subject and signer.
"""

import datetime
import io
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from awards.models import AwardForm, Decision, Nomination, Posting, Proposal, Title, Vote
from emulation.blocks import services as block_services
from emulation.blocks.models import BlockMeeting, BlockReport, EmulationBlock
from registrations.models import InnovationRegistration, Status, TeacherGroup
from schools.imports import COLUMNS
from schools.models import Person, SchoolYear, StaffImport
from tests.factories import OrganizationFactory, Role, user_with_role
from tests.factories.awards import make_nomination, make_round, person_of
from tests.factories.emulation import make_plan
from tests.factories.registrations import M1_DATA, M2_DATA, make_campaign
from tests.security.conftest import (
    assert_inert,
    assert_shown,
    assert_vietnamese,
    fit,
    messages_of,
    plan_with,
    read_pages,
)
from tests.security.payloads import GROUPS, HUGE, stored_form

M1_TEXTS = [
    "assigned_task",
    "current_state",
    "goals_and_solutions",
    "expected_results",
    "steps",
    "dissemination_scope",
]
M1_SHORT = ["field_other", "trial_period"]  # 300 characters
M2_TEXTS = [
    "common_task",
    "concern",
    "current_state",
    "strengths",
    "limits",
    "approach",
    "expected_results",
    "next_concern",
]
M2_SHORT = {"name": 200, "period": 300}


def has_nul(payload):
    return "\x00" in payload.text


# -- registrations ------------------------------------------------------------------


def m1_post(payload, action="submit", **extra):
    data = dict.fromkeys(M1_TEXTS, payload.text)
    data.update({name: fit(payload.text, 300) for name in M1_SHORT})
    return {**data, "fields": ["teaching_method"], "action": action, **extra}


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_m1_and_its_review(client, tree, payload):
    campaign = make_campaign(tree.school_a1)
    client.force_login(tree.users["teacher_a1"])
    response = client.post(reverse("registration_create", args=[campaign.pk]), m1_post(payload))
    if has_nul(payload):  # refused by the form, in Vietnamese, with what was typed kept
        assert response.status_code == 200
        html = response.content.decode()
        assert_vietnamese(html)
        assert "ký tự NUL" in html
        assert_inert(html, payload, "M1 form")
        assert not InnovationRegistration.objects.exists()
        return
    assert response.status_code == 302, messages_of(response)
    item = InnovationRegistration.objects.get()
    assert item.status == Status.SUBMITTED

    # the form keeps a line break as one character (CRLF as LF), as its counter counts
    def lines(text):
        return text.replace("\r\n", "\n").replace("\r", "\n")

    assert lines(stored_form(item.goals_and_solutions)) == lines(stored_form(payload.text))
    detail = reverse("registration_detail", args=[item.pk])

    client.force_login(tree.users["leader_a1"])

    def action(name):
        return reverse(f"registration_{name}", args=[item.pk])

    comment = fit(payload.text, 5000)
    client.post(action("forward"), {"comment": comment, "version": item.version})
    client.force_login(tree.users["chair_a1"])
    item.refresh_from_db()
    response = client.post(
        action("return"), {"comment": comment, "version": item.version}, follow=True
    )
    assert "Đã trả lại kèm ý kiến." in messages_of(response), messages_of(response)
    read_pages(
        client,
        [
            detail,
            reverse("review_list") + f"?campaign={campaign.pk}",
            reverse("participation_school", args=[campaign.pk]),
            reverse("home"),
        ],
        payload,
    )

    # The author corrects and resubmits: the page shows what changed, escaped.
    client.force_login(tree.users["teacher_a1"])
    item.refresh_from_db()
    edit = reverse("registration_edit", args=[item.pk])
    page = client.get(edit).content.decode()
    assert_inert(page, payload, "M1 edit form")
    assert_shown(page, payload, "M1 edit form")
    changed = m1_post(payload, steps="Khảo sát lại " + payload.text[:4000], version=item.version)
    assert client.post(edit, changed).status_code == 302
    pages = read_pages(client, [detail, reverse("registration_list"), reverse("home")], payload)
    assert_shown(pages[detail], payload, "M1 detail")

    # resubmitted, it waits for the union group leader again, then the chair approves
    client.force_login(tree.users["leader_a1"])
    item.refresh_from_db()
    client.post(action("forward"), {"comment": comment, "version": item.version})
    client.force_login(tree.users["chair_a1"])
    item.refresh_from_db()
    client.post(action("approve"), {"comment": comment, "version": item.version})
    client.post(action("result"), {"stage": "midyear", "result": "completed", "comment": comment})
    item.refresh_from_db()
    assert item.status == Status.APPROVED
    assert stored_form(item.midyear_comment) == stored_form(comment)
    pages = read_pages(client, [detail], payload)
    assert_shown(pages[detail], payload, "M1 detail for the chair")


def m2_post(payload, action="submit", **extra):
    data = dict.fromkeys(M2_TEXTS, payload.text)
    data.update({name: fit(payload.text, limit) for name, limit in M2_SHORT.items()})
    data["name"] = data["name"] or M2_DATA["name"]
    return {**data, "action": action, **extra}


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_m2_and_its_review(client, tree, payload):
    campaign = make_campaign(tree.school_a1)
    client.force_login(tree.users["teacher_a1"])
    # a group of two: the author leads, the union group leader is its member (so the
    # form goes straight to the chair: its group has no other leader)
    member = Person.objects.get(user=tree.users["leader_a1"])
    response = client.post(
        reverse("group_create", args=[campaign.pk]), m2_post(payload, members=[member.pk])
    )
    if has_nul(payload):
        html = response.content.decode()
        assert response.status_code == 200 and "ký tự NUL" in html
        assert_vietnamese(html)
        assert_inert(html, payload, "M2 form")
        assert not TeacherGroup.objects.exists()
        return
    assert response.status_code == 302, messages_of(response)
    group = TeacherGroup.objects.get()
    assert group.status == Status.FORWARDED
    detail = reverse("group_detail", args=[group.pk])
    client.force_login(tree.users["chair_a1"])
    response = client.post(
        reverse("group_approve", args=[group.pk]),
        {"comment": fit(payload.text, 5000), "version": group.version},
        follow=True,
    )
    assert "Đã duyệt." in messages_of(response)
    pages = read_pages(
        client,
        [
            detail,
            reverse("review_list") + f"?campaign={campaign.pk}",
            reverse("participation_school", args=[campaign.pk]),
        ],
        payload,
    )
    assert_shown(pages[detail], payload, "M2 detail")
    client.force_login(tree.users["teacher_a1"])
    read_pages(client, [detail, reverse("registration_list"), reverse("home")], payload)


def test_one_megabyte_in_m1_m2_and_review_comments(client, tree):
    campaign = make_campaign(tree.school_a1)
    client.force_login(tree.users["teacher_a1"])
    url = reverse("registration_create", args=[campaign.pk])
    for name in [*M1_TEXTS, *M1_SHORT]:
        response = client.post(url, {**M1_DATA, "fields": ["research"], name: HUGE.text})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_vietnamese(html)
        assert "tối đa" in html, name
        kept = "steps" if name != "steps" else "expected_results"
        assert M1_DATA[kept] in html  # the rest of what was typed is kept
    assert not InnovationRegistration.objects.exists()
    client.post(url, {**M1_DATA, "fields": ["research"], "action": "submit"})
    item = InnovationRegistration.objects.get()
    edit = reverse("registration_edit", args=[item.pk])
    # the union group leader returns it with too long a comment: the page again, the
    # error at the comment, nothing changed
    client.force_login(tree.users["leader_a1"])
    response = client.post(
        reverse("registration_return", args=[item.pk]),
        {"comment": HUGE.text, "version": item.version},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert_vietnamese(html)
    assert "tối đa 5.000 ký tự" in html and "Chưa thực hiện được" in messages_of(response)
    item.refresh_from_db()
    assert (
        item.status == Status.SUBMITTED
        and item.goals_and_solutions == M1_DATA["goals_and_solutions"]
    )
    assert client.get(edit).status_code == 404  # not the leader's form

    url = reverse("group_create", args=[campaign.pk])
    client.force_login(tree.users["teacher_a1"])
    for name in ["name", "period", *M2_TEXTS]:
        response = client.post(url, {**M2_DATA, name: HUGE.text})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_vietnamese(html)
        assert "tối đa" in html, name
    assert not TeacherGroup.objects.exists()


# -- schools: staff import -------------------------------------------------------------


def staff_file(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([label for _name, label in COLUMNS])
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # what a user typed, never a formula of ours
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_text(text):
    """What an .xlsx cell can hold: XML forbids NUL, most control characters, U+FFFE
    and U+FFFF."""
    return "".join(c for c in text if (c in "\t\n\r" or ord(c) >= 32) and c not in "\ufffe\uffff")


def upload(client, school, content, name="danh-sach.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("staff_upload", args=[school.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_staff_import_cells(client, tree, payload):
    text = xlsx_text(payload.text)
    client.force_login(tree.users["principal_a1"])
    content = staff_file(
        [
            [f"Nguyễn {text}"[:150], "05/09/1985", "Nữ", "Giáo viên", text[:150], text[:150], ""],
            ["Lê Văn Bình", "01/01/1980", "Nam", "Giáo viên", "Tổ Toán", "Tổ công đoàn 1", text],
        ]
    )
    response = upload(client, tree.school_a1, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html, payload, "import preview")
    assert_vietnamese(html)
    staff_import = StaffImport.objects.get()
    assert (
        any(
            message in html
            for message in ("Địa chỉ email không hợp lệ.", "chứa công thức", "ký tự; tối đa")
        )
        or not text.strip()
    )
    # Without the bad e-mail, the list imports unless a cell is refused on its own.
    content = staff_file(
        [[f"Nguyễn {text}"[:150], "05/09/1985", "Nữ", "Giáo viên", text[:150], text[:150], ""]]
    )
    response = upload(client, tree.school_a1, content)
    staff_import = StaffImport.objects.latest("pk")
    preview = reverse("staff_import_preview", args=[staff_import.pk])
    response = client.post(preview, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert_inert(html, payload, "after import")
    if payload.formula and payload.text.startswith("="):
        assert "chứa công thức" in html
        return
    person = Person.objects.filter(organization=tree.school_a1, full_name__startswith="Nguyễn ")
    if not person.exists():  # a cell refused with a message (e.g. no letters in a team)
        assert "lỗi" in html, html
        return
    person = person.get()
    read_pages(
        client,
        [
            reverse("people_list", args=[tree.school_a1.pk]),
            reverse("person_detail", args=[person.pk]),
            reverse("organization_detail", args=[tree.school_a1.pk]),
            reverse("people_list", args=[tree.school_a1.pk]) + "?" + urlencode({"q": text[:50]}),
        ],
        payload,
    )


def test_one_megabyte_in_an_import_cell(client, tree):
    client.force_login(tree.users["principal_a1"])
    content = staff_file(
        [[HUGE.text[:32767], "05/09/1985", "Nữ", "Giáo viên", "Tổ Toán", HUGE.text[:32767], ""]]
    )
    html = upload(client, tree.school_a1, content).content.decode()
    assert_vietnamese(html)
    assert html.count("tối đa 150 kí tự") + html.count("tối đa 150 ký tự") >= 2
    assert not Person.objects.filter(organization=tree.school_a1, full_name__startswith="Đ")


# -- emulation: plans ----------------------------------------------------------------


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_plan_texts(client, tree, payload):
    plan = plan_with(tree.school_a1, payload.text.replace("\x00", ""))  # rows written directly
    client.force_login(tree.users["teacher_a1"])
    pages = read_pages(
        client,
        [reverse("plan_detail", args=[plan.pk]), reverse("plan_list"), reverse("home")],
        payload,
    )
    assert_shown(pages[reverse("plan_detail", args=[plan.pk])], payload, "plan preview")
    client.force_login(tree.users["principal_a1"])
    read_pages(
        client,
        [
            reverse("admin:emulation_plan_changelist"),
            reverse("admin:emulation_plan_change", args=[plan.pk]),
            reverse("admin:emulation_plan_changelist") + "?" + urlencode({"q": payload.text[:50]}),
        ],
        payload,
    )


def admin_plan_data(client, plan, **changes):
    url = reverse("admin:emulation_plan_change", args=[plan.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "signed_scan"}
    data["issue_date"] = plan.issue_date.strftime("%d/%m/%Y") if plan.issue_date else ""
    for prefix in [
        "legal_bases",
        "sections",
        "themes",
        "schedule_items",
        "recipients",
        "signatures",
        "annexes",
        "events",
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(
        {
            "legal_bases-TOTAL_FORMS": 1,
            "legal_bases-0-text": changes.pop("legal_basis", "Căn cứ Luật Thi đua"),
            "legal_bases-0-order": 0,
            "sections-TOTAL_FORMS": 1,
            "sections-0-level": 1,
            "sections-0-heading": "MỤC ĐÍCH",
            "sections-0-body": changes.pop("section_body", "Nội dung"),
            "sections-0-order": 0,
        }
    )
    return url, {**data, **changes}


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_plan_texts_through_the_admin(client, tree, payload):
    plan = make_plan(tree.school_a1, title="Kế hoạch nháp")
    client.force_login(tree.users["principal_a1"])
    text = payload.text
    url, data = admin_plan_data(
        client,
        plan,
        title=fit(text, 500),
        subtitle=fit(text, 300),
        preamble=text,
        closing=text,
        governing_body=fit(text, 255),
        issuer_name=fit(text, 255),
        place_name=fit(text, 100),
        type_label=fit(text, 50),
        legal_basis=text,
        section_body=text,
    )
    data["title"] = data["title"].strip() or "Kế hoạch"
    response = client.post(url, data)
    html = response.content.decode()
    assert_inert(html, payload, "admin form")
    if has_nul(payload):
        assert response.status_code == 200 and "ký tự NUL" in html
        assert_vietnamese(html)
        return
    assert response.status_code == 302, [
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"]],
    ]
    plan.refresh_from_db()
    assert stored_form(plan.preamble) == stored_form(text)
    client.force_login(tree.users["principal_a1"])
    pages = read_pages(client, [reverse("plan_detail", args=[plan.pk]), url], payload)
    assert_shown(pages[reverse("plan_detail", args=[plan.pk])], payload, "plan preview")


def test_one_megabyte_in_the_plan_admin(client, tree):
    plan = make_plan(tree.school_a1, title="Kế hoạch nháp")
    client.force_login(tree.users["principal_a1"])
    for name in ["title", "preamble", "closing", "legal_basis", "section_body", "subtitle"]:
        url, data = admin_plan_data(client, plan, **{name: HUGE.text})
        response = client.post(url, data)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_vietnamese(html)
        assert "tối đa" in html, name
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch nháp" and plan.sections.count() == 5


# -- emulation: blocks -----------------------------------------------------------------


@pytest.fixture
def block(tree):
    school_a4 = OrganizationFactory(name="Trường A4", parent=tree.office_a)
    tree.users["principal_a4"] = user_with_role(Role.PRINCIPAL, school_a4, username="ht_a4")
    return block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối 1",
        tree.school_a1,
        [tree.school_a1, tree.school_a2, school_a4],
    )


def block_steps(text, fitted=True):
    """(who, url name, data) of every text the block page takes, in the order they can be
    typed; `fitted`: texts cut to their field's length, so that every step saves. The
    minutes are posted to the meeting's URL, a report to the report's."""
    now = timezone.localtime() + datetime.timedelta(days=3)

    def cut(limit):
        return fit(text, limit) if fitted else text

    return [
        (
            "principal_a1",
            "block_target_items",
            {"items": f"{cut(300)} | %\nTỷ lệ LĐTT | {cut(50)}"},
        ),
        ("principal_a1", "block_fill_targets", {"@item": cut(300)}),
        (
            "principal_a1",
            "block_meeting_create",
            {
                "period_label": cut(50) or "Quý I",
                "starts_at": now.strftime("%d/%m/%Y %H:%M"),
                "place": cut(300) or "Trường A1",
                "host_school": "@school_a1",
                "agenda": text,
                "topic": cut(300),
            },
        ),
        ("principal_a1", "block_meeting_record_minutes", {"minutes": text}),
        (
            "principal_a1",
            "block_report_deadline",
            {"kind": BlockReport.Kind.values[0], "due_date": now.strftime("%d/%m/%Y")},
        ),
        ("principal_a1", "block_report_submit", {"content": text}),
        ("principal_a1", "block_criteria", {"criteria": f"{cut(300)} | 10"}),
        ("principal_a1", "block_score", {"kind": "self", "school": "@school_a1", "@points": "5"}),
    ]


def step_url(name, tree, block):
    """The URL of a step: the meeting's for its minutes, school A1's report for sending
    it, the block's for the others; None when that meeting or report does not exist."""
    if name == "block_meeting_record_minutes":
        meeting = block.meetings.first()
        return reverse(name, args=[meeting.pk]) if meeting else None
    if name == "block_report_submit":
        reports = block.reports.filter(school=tree.school_a1).order_by("pk")
        report = reports.filter(submitted_at=None).first() or reports.first()
        return reverse(name, args=[report.pk]) if report else None
    return reverse(name, args=[block.pk])


def resolve(data, tree, block):
    """Fill the ids a step refers to ("@item", "@points" ...) from the block's state."""
    out = {}
    criterion = block.criteria.first()
    for key, value in data.items():
        if key == "@item":
            for item in block.target_items.all():
                out[f"item-{item.pk}"] = value
        elif key == "@points" and criterion:
            out[f"points-{criterion.pk}"] = value
            out[f"evidence-{criterion.pk}"] = data.get("_evidence", "")
        elif value == "@school_a1":
            out[key] = tree.school_a1.pk
        elif not key.startswith("_"):
            out[key] = value
    return out


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_block_texts(client, tree, block, payload):
    text = payload.text
    for who, name, data in block_steps(text):
        client.force_login(tree.users[who])
        if name == "block_score":
            data = {**data, "_evidence": text}
        url = step_url(name, tree, block)
        if url is None:  # the meeting was refused for its NUL: no minutes to write
            assert has_nul(payload), name
            continue
        posted = resolve(data, tree, block)
        response = client.post(url, posted, follow=True)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_inert(html, payload, name)
        assert messages_of(response), name
        if has_nul(payload) and any("\x00" in str(value) for value in posted.values()):
            # refused by the form, in Vietnamese, the page shown again
            assert response.redirect_chain == [] and "ký tự NUL" in html, name
            assert_vietnamese(html)
    client.force_login(tree.users["office_a"])
    school_a5 = OrganizationFactory(name="Trường A5", parent=tree.office_a)
    response = client.post(
        reverse("block_create", args=[tree.office_a.pk]),
        {"name": fit(text, 150), "leader_school": school_a5.pk, "schools": [school_a5.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert_inert(response.content.decode(), payload, "block_create")
    urls = [reverse("block_detail", args=[block.pk]), reverse("block_list"), reverse("home")]
    for who in ("principal_a1", "principal_a2", "office_a"):
        client.force_login(tree.users[who])
        read_pages(client, urls, payload)
    meeting = BlockMeeting.objects.filter(block=block).first()
    if meeting is not None:
        client.force_login(tree.users["principal_a2"])
        ics = client.get(reverse("block_meeting_ics", args=[meeting.pk])).content.decode()
        lines = ics.split("\r\n")
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
        assert all("\r" not in line and "\n" not in line for line in lines), ics
        assert not any(line.startswith("X-Injected") for line in lines)


def test_one_megabyte_in_block_texts(client, tree, block):
    client.force_login(tree.users["principal_a1"])
    for _who, name, data in block_steps("Số lượng sáng kiến"):  # a sane state first
        client.post(step_url(name, tree, block), resolve(data, tree, block))
    before = {
        "items": list(block.target_items.values_list("name", flat=True)),
        "meeting": BlockMeeting.objects.filter(block=block).values().get(),
        "criteria": list(block.criteria.values_list("name", flat=True)),
    }
    assert before["items"] and before["criteria"]
    # the report of the sane state is sent: another one is due, for the 1 MB content
    due = timezone.localdate() + datetime.timedelta(days=3)
    block_services.create_report_deadlines(tree.users["principal_a1"], block, "yearend", due)
    for _who, name, data in block_steps(HUGE.text, fitted=False):
        if name in ("block_report_deadline", "block_score"):
            data = {**data, "_evidence": HUGE.text}
        url = step_url(name, tree, block)
        response = client.post(url, resolve(data, tree, block), follow=True)
        assert response.status_code == 200, name
        if name == "block_report_deadline":
            continue
        # refused: the page again, the length error at the field or at the top
        assert response.redirect_chain == [], name
        assert messages_of(response), name
        html = response.content.decode()
        assert re.search(r"tối đa [\d.]+ k[íý] tự", html), name
    block.refresh_from_db()
    assert list(block.target_items.values_list("name", flat=True)) == before["items"]
    assert list(block.criteria.values_list("name", flat=True)) == before["criteria"]
    meeting = BlockMeeting.objects.filter(block=block).values().get()
    assert meeting == before["meeting"]
    assert BlockMeeting.objects.filter(block=block).count() == 1
    assert block.reports.get(kind="yearend", school=tree.school_a1).submitted_at is None
    assert not EmulationBlock.objects.filter(name__startswith="Đaaa").exists()
    client.force_login(tree.users["office_a"])
    school_a5 = OrganizationFactory(name="Trường A5", parent=tree.office_a)
    response = client.post(
        reverse("block_create", args=[tree.office_a.pk]),
        {"name": HUGE.text, "leader_school": school_a5.pk, "schools": [school_a5.pk]},
        follow=True,
    )
    assert "tối đa 150 ký tự" in messages_of(response)


# -- awards ----------------------------------------------------------------------------


def open_vote(client, tree, name):
    from awards.services import council as council_services

    council_services.set_council(
        tree.users["principal_a1"],
        tree.school_a1,
        SchoolYear.current(),
        person_of(tree.users["principal_a1"]),
        [person_of(tree.users["chair_a1"]), person_of(tree.users["teacher_a1"])],
    )
    title = Title.objects.get(code="ldtt")
    teacher = person_of(tree.users["teacher_a1"])
    client.force_login(tree.users["principal_a1"])
    return client.post(
        reverse("vote_create"),
        {"name": name, "candidates": [f"{title.pk}-p{teacher.pk}"]},
        follow=True,
    )


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_council_texts(client, tree, payload):
    text = payload.text
    response = open_vote(client, tree, fit(text, 200))
    assert response.status_code == 200
    assert_inert(response.content.decode(), payload, "vote_create")
    vote = Vote.objects.get()
    assert vote.name == stored_form(fit(text, 200)) or not stored_form(text)
    for who in ("principal_a1", "chair_a1", "teacher_a1"):
        client.force_login(tree.users[who])
        client.post(
            reverse("vote_ballot", args=[vote.pk]),
            {f"c{c.pk}": "yes" for c in vote.candidates.all()},
        )
    client.force_login(tree.users["principal_a1"])
    client.post(reverse("vote_close", args=[vote.pk]))
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        reverse("vote_post", args=[vote.pk]),
        {"opens_on": today, "closes_on": today, "note": fit(text, 2000)},
        follow=True,
    )
    assert "Đã công khai" in messages_of(response), messages_of(response)
    posting = Posting.objects.get()
    client.force_login(tree.users["teacher_a1"])
    response = client.post(
        reverse("posting_detail", args=[posting.pk]), {"text": fit(text, 2000)}, follow=True
    )
    assert response.status_code == 200
    assert_inert(response.content.decode(), payload, "posting comment")
    assert posting.comments.exists() == bool(stored_form(text))
    urls = [
        reverse("vote_detail", args=[vote.pk]),
        reverse("posting_detail", args=[posting.pk]),
        reverse("home"),
        reverse("awards_home"),
    ]
    for who in ("principal_a1", "chair_a1", "teacher_a1"):
        client.force_login(tree.users[who])
        read_pages(client, urls, payload)
    client.force_login(tree.users["principal_a1"])
    pages = read_pages(client, [reverse("posting_detail", args=[posting.pk])], payload)
    assert_shown(pages[reverse("posting_detail", args=[posting.pk])], payload, "posting")


def nomination_post(teacher, text):
    form = AwardForm.objects.get(code="giay-khen-giam-doc-so")
    return {
        "person": teacher.pk,
        "award_form": form.pk,
        "duties": text,
        "achievements": text,
        "initiatives": text,
        "previous_awards": text,
    }


@pytest.mark.parametrize("payload", GROUPS, ids=str)
def test_nomination_proposal_and_decision_texts(client, tree, payload):
    text = payload.text
    round_ = make_round(tree.dept_a)
    teacher = person_of(tree.users["teacher_a1"])
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("nomination_create", args=[round_.pk]), nomination_post(teacher, text)
    )
    html = response.content.decode()
    assert_inert(html, payload, "nomination form")
    if has_nul(payload) or not stored_form(text):
        assert response.status_code == 200
        assert_vietnamese(html)
        assert not Nomination.objects.exists()
        return
    assert response.status_code == 302, response.context["form"].errors
    nomination = Nomination.objects.get()
    assert stored_form(nomination.achievements) == stored_form(text)
    client.post(reverse("proposal_create"), {"round": round_.pk})
    proposal = Proposal.objects.get()
    client.post(reverse("proposal_items", args=[proposal.pk]), {"nominations": [nomination.pk]})
    client.post(reverse("proposal_send", args=[proposal.pk]))
    client.force_login(tree.users["office_a"])
    item = proposal.items.get()
    response = client.post(
        reverse("proposal_review", args=[proposal.pk, item.pk]),
        {"outcome": "returned", "comment": text},
        follow=True,
    )
    assert "Đã ghi kết quả xét." in messages_of(response), messages_of(response)
    urls = [
        reverse("nomination_detail", args=[nomination.pk]),
        reverse("nomination_list"),
        reverse("proposal_detail", args=[proposal.pk]),
        reverse("proposal_list"),
        reverse("award_round", args=[round_.pk]),
        reverse("home"),
    ]
    for who in ("principal_a1", "office_a"):
        client.force_login(tree.users[who])
        pages = read_pages(client, urls if who == "office_a" else urls[:4] + urls[5:], payload)
        assert_shown(pages[urls[0]], payload, "nomination detail")
    client.force_login(tree.users["teacher_a1"])
    read_pages(client, urls[:1], payload)
    client.force_login(tree.users["principal_a1"])  # the HTML previews of the documents
    read_pages(
        client,
        [
            reverse("nomination_report", args=[nomination.pk]),
            reverse("proposal_document", args=[proposal.pk]),
            reverse("proposal_list_document", args=[proposal.pk]),
        ],
        payload,
    )

    # A decision of the school with the payload as its subject and signer.
    school_round = make_round(tree.school_a1)
    accepted = make_nomination(
        school_round,
        teacher,
        status=Nomination.Status.ACCEPTED,
        award_form="giay-khen-hieu-truong",
        achievements=stored_form(text),
    )
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("decision_create"), {"round": school_round.pk, "subject": fit(text, 300)}
    )
    decision = Decision.objects.get()
    client.post(reverse("decision_awardees", args=[decision.pk]), {"nominations": [accepted.pk]})
    response = client.post(
        reverse("decision_record", args=[decision.pk]),
        {
            "signer_name": fit(text, 100) or "Nguyễn Văn Ký",
            "signer_position": fit(text, 100),
            "signer_authority": "KT.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert_inert(response.content.decode(), payload, "decision record")
    urls = [
        reverse("decision_detail", args=[decision.pk]),
        reverse("decision_list"),
        reverse("decision_document", args=[decision.pk]),
    ]
    for who in ("principal_a1", "teacher_a1"):
        client.force_login(tree.users[who])
        read_pages(client, urls, payload)


def test_one_megabyte_in_awards_texts(client, tree):
    response = open_vote(client, tree, HUGE.text)
    assert "tối đa 200 ký tự" in messages_of(response)
    assert not Vote.objects.exists()
    open_vote(client, tree, "Bình xét cuối năm")
    vote = Vote.objects.get()
    client.post(reverse("vote_close", args=[vote.pk]))
    today = timezone.localdate().strftime("%d/%m/%Y")
    url = reverse("vote_post", args=[vote.pk])
    response = client.post(
        url, {"opens_on": today, "closes_on": today, "note": HUGE.text}, follow=True
    )
    assert "tối đa" in messages_of(response)
    assert not Posting.objects.exists()
    client.post(url, {"opens_on": today, "closes_on": today, "note": "Ghi chú"})
    posting = Posting.objects.get()
    client.force_login(tree.users["teacher_a1"])
    response = client.post(
        reverse("posting_detail", args=[posting.pk]), {"text": HUGE.text}, follow=True
    )
    assert "tối đa" in messages_of(response)
    assert not posting.comments.exists()

    round_ = make_round(tree.dept_a)
    teacher = person_of(tree.users["teacher_a1"])
    client.force_login(tree.users["principal_a1"])
    url = reverse("nomination_create", args=[round_.pk])
    for name in ("duties", "achievements", "initiatives", "previous_awards"):
        data = {**nomination_post(teacher, "Dạy giỏi"), name: HUGE.text}
        response = client.post(url, data)
        html = response.content.decode()
        assert response.status_code == 200 and "tối đa" in html, name
        assert_vietnamese(html)
    assert not Nomination.objects.exists()
    nomination = make_nomination(
        round_, teacher, status=Nomination.Status.SUBMITTED, holder=tree.office_a
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        status=Proposal.Status.SENT,
        number=1,
    )
    item = proposal.items.create(nomination=nomination)
    client.force_login(tree.users["office_a"])
    response = client.post(
        reverse("proposal_review", args=[proposal.pk, item.pk]),
        {"outcome": "returned", "comment": HUGE.text},
        follow=True,
    )
    assert "tối đa" in messages_of(response)
    item.refresh_from_db()
    assert item.outcome == "pending" and item.comment == ""

    school_round = make_round(tree.school_a1)
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("decision_create"), {"round": school_round.pk, "subject": HUGE.text}, follow=True
    )
    assert "tối đa 300 ký tự" in messages_of(response)
    assert not Decision.objects.exists()
    accepted = make_nomination(
        school_round,
        teacher,
        status=Nomination.Status.ACCEPTED,
        award_form="giay-khen-hieu-truong",
    )
    client.post(reverse("decision_create"), {"round": school_round.pk})
    decision = Decision.objects.get()
    client.post(reverse("decision_awardees", args=[decision.pk]), {"nominations": [accepted.pk]})
    url = reverse("decision_record", args=[decision.pk])
    for name in ("signer_name", "signer_position", "signer_authority"):
        data = {"signer_name": "Nguyễn Văn Ký", name: HUGE.text}
        response = client.post(url, data, follow=True)
        assert "tối đa" in messages_of(response), name
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT


# -- searches and filters ----------------------------------------------------------------

SEARCHES = [
    ("principal_a1", "organization_list", None, ["q", "kind", "page"]),
    ("principal_a1", "people_list", "school_a1", ["q", "unit", "page"]),
    ("teacher_a1", "people_search", None, ["q"]),
    ("chair_a1", "review_list", None, ["campaign", "group", "status", "field", "page"]),
    ("teacher_a1", "plan_list", None, ["status", "page"]),
    ("principal_a1", "nomination_list", None, ["round", "status", "org"]),
    ("office_a", "award_rounds", None, ["office", "year", "level", "kind", "q"]),
    ("office_a", "award_year", None, ["year", "office", "level", "kind"]),
    ("office_a", "participation_office", "office_a", ["year"]),
    ("office_a", "office_summary_xlsx", "office_a", ["year"]),
    ("principal_a1", "admin:emulation_plan_changelist", None, ["q"]),
    ("principal_a1", "admin:schools_person_changelist", None, ["q"]),
]


@pytest.mark.parametrize("payload", GROUPS + [HUGE], ids=str)
def test_searches_and_filters_take_any_text(client, tree, payload):
    text = payload.text[:10000]
    make_campaign(tree.school_a1)
    for who, name, arg, params in SEARCHES:
        client.force_login(tree.users[who])
        args = [getattr(tree, arg).pk] if arg else []
        for param in params:
            url = reverse(name, args=args) + "?" + urlencode({param: text})
            response = client.get(url)
            assert response.status_code in (200, 302, 404), (url[:80], response.status_code)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                assert_inert(response.content.decode(), payload, url[:80])


# Ids in a query string or a form that are not ids a column can hold: unicode digits
# (str.isdigit() says yes, int() takes them), numbers past 64 bits, signs, exponents.
NOT_IDS = ["²", "٣", "9" * 25, str(2**63), "-1", "1e3", " 7"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_id_filters_take_what_is_not_an_id(client, tree, value):
    campaign = make_campaign(tree.school_a1)
    round_ = make_round(tree.dept_a)
    pages = [
        *[(who, name, arg, params) for who, name, arg, params in SEARCHES],
        ("office_a", "award_round", round_, ["office", "campaign", "level", "kind"]),
        ("office_a", "award_round_xlsx", round_, ["office", "campaign"]),
        ("principal_a1", "campaign_forms_pdf", campaign, ["group"]),
    ]
    for who, name, arg, params in pages:
        client.force_login(tree.users[who])
        target = getattr(tree, arg) if isinstance(arg, str) else arg
        args = [target.pk] if target else []
        for param in params:
            url = reverse(name, args=args) + "?" + urlencode({param: value})
            response = client.get(url)
            assert response.status_code in (200, 302, 404), (url, response.status_code)
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("participation_extend", args=[campaign.pk]),
        {"person": value, "until": "2026-12-01"},
        follow=True,
    )
    assert response.status_code in (200, 404)
