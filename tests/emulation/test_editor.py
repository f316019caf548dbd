"""The document editor (issue 14, items 1, 3, 4): a draft made in the site, saved from
its text, autosaved, replaced by a pasted document, published with the checks a signed
paper needs; a derived plan's parts for other levels are marked, not copied silently."""

import datetime

import pytest
from django.urls import reverse

from emulation import services
from emulation.models import Plan, PlanEvent
from emulation.pasted import body_text, split_body, split_document
from schools.issuers import IssuerKind
from schools.models import Issuer, SchoolYear
from schools.services import ServiceError
from tests.emulation.fixtures import document_text
from tests.factories.emulation import make_plan

BODY = """Căn cứ Luật Thi đua, khen thưởng;
Nhà trường xây dựng kế hoạch như sau:
I. MỤC ĐÍCH
1. Mục đích chung
- Thứ nhất.
+ Chi tiết.
a) Điểm a của mục.
[[tiến độ]]
II. TỔ CHỨC THỰC HIỆN
Các tổ thực hiện.
Trên đây là kế hoạch."""


def editor_data(plan, **changes):
    data = {
        "issuer_kind": plan.issuer_kind,
        "joint_issuer_kind": "",
        "governing_body": "UBND HUYỆN A",
        "issuer_name": "TRƯỜNG A1",
        "joint_issuer_name": "",
        "number": "",
        "symbol": "",
        "place_name": "Lai Uyên",
        "issue_date": "",
        "type_label": "",
        "title": "Kế hoạch soạn trong trang",
        "subtitle": "",
        "body": BODY,
        "signature_text": "HIỆU TRƯỞNG\nNguyễn Thị Bang",
        "recipient_text": "- Các tổ chuyên môn;\n- Lưu: VT.",
    }
    return {**data, **changes}


def test_body_text_splits_into_parts_and_back():
    document = split_body(BODY.splitlines())
    assert document.legal_bases == ["Căn cứ Luật Thi đua, khen thưởng;"]
    assert document.preamble == ["Nhà trường xây dựng kế hoạch như sau:"]
    assert [(s.level, s.heading, s.body, s.block) for s in document.sections] == [
        (1, "MỤC ĐÍCH", "", ""),
        (2, "Mục đích chung", "", ""),
        (4, "", "Thứ nhất.", ""),
        (5, "", "Chi tiết.", ""),
        (3, "", "Điểm a của mục.", "schedule"),
        (1, "TỔ CHỨC THỰC HIỆN", "Các tổ thực hiện.", ""),
    ]
    assert document.closing == ["Trên đây là kế hoạch."]
    again = body_text(document.legal_bases, document.preamble, document.sections, document.closing)
    assert again == BODY


def test_a_whole_document_is_split_header_to_signature(db):
    document = split_document(document_text("youth", SchoolYear.current()))
    assert (document.issuer_kind, document.number, document.symbol) == ("youth", 10, "KH/ĐTN")
    assert document.header_lines == ["HUYỆN ĐOÀN BÀU BÀNG", "BCH ĐOÀN TRƯỜNG TIỂU HỌC LAI UYÊN"]
    assert document.issue_date == datetime.date(SchoolYear.current().start_date.year, 11, 2)
    assert document.title == "Tổ chức các hoạt động chào mừng ngày Nhà giáo Việt Nam 20/11"
    assert [s.heading for s in document.sections if s.level == 1] == [
        "MỤC ĐÍCH, YÊU CẦU",
        "NỘI DUNG HOẠT ĐỘNG",
        "TỔ CHỨC THỰC HIỆN",
    ]
    assert document.recipients == [
        "Huyện Đoàn (b/c)",
        "Chi bộ, BGH nhà trường (b/c)",
        "Các chi đoàn",
        "Lưu VP Đoàn",
    ]
    [signature] = document.signatures
    assert (signature.authority, signature.authority_title, signature.position) == (
        "TM.",
        "BAN CHẤP HÀNH",
        "BÍ THƯ",
    )
    assert signature.signer_name == "Nguyễn Văn Hùng"


def test_joint_signatures_side_by_side_become_two_blocks(db):
    document = split_document(document_text("joint", SchoolYear.current()))
    assert [(s.authority, s.position, s.signer_name) for s in document.signatures] == [
        ("", "HIỆU TRƯỞNG", "Nguyễn Thị Hồng Nhung"),
        ("TM.", "CHỦ TỊCH", "Trần Thị Mỹ Lệ"),
    ]


def test_principal_writes_saves_and_autosaves_a_draft(client, tree):
    client.force_login(tree.users["principal_a1"])
    response = client.post(
        reverse("plan_new"),
        {"organization": tree.school_a1.pk, "issuer_kind": "state", "title": ""},
    )
    plan = Plan.objects.get(organization=tree.school_a1)
    assert response["Location"] == reverse("plan_edit", kwargs={"pk": plan.pk})
    assert [s.position for s in plan.signatures.all()] == ["HIỆU TRƯỞNG"]
    page = client.get(reverse("plan_edit", kwargs={"pk": plan.pk})).content.decode()
    assert "Chưa có khối chữ ký" not in page and "thiếu chức vụ hoặc họ tên" in page
    response = client.post(reverse("plan_edit", kwargs={"pk": plan.pk}), editor_data(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.sections.count() == 6 and plan.legal_bases.count() == 1
    assert [r.text for r in plan.recipients.all()] == ["Các tổ chuyên môn", "Lưu: VT"]
    saved = client.post(
        reverse("plan_autosave", kwargs={"pk": plan.pk}),
        editor_data(plan, title="Đổi tên khi gõ", body=BODY + "\nIII. MỤC MỚI"),
    )
    assert saved.status_code == 200
    assert saved.json() == {"saved": True, "problems": ["Chưa có ngày ban hành."]}
    plan.refresh_from_db()
    assert plan.title == "Đổi tên khi gõ" and plan.sections.last().heading == "MỤC MỚI"
    bad = client.post(
        reverse("plan_autosave", kwargs={"pk": plan.pk}),
        editor_data(plan, title="", issue_date="31/02/2026"),
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"title", "issue_date"}
    plan.refresh_from_db()
    assert plan.title == "Đổi tên khi gõ"  # nothing saved lost
    actions = list(PlanEvent.objects.filter(plan=plan).values_list("action", flat=True))
    assert actions == ["create", "edit", "autosave"]


def test_publishing_asks_the_date_and_what_a_signed_paper_needs(client, tree):
    principal = tree.users["principal_a1"]
    plan = make_plan(tree.school_a1, title="Thiếu chữ ký")
    plan.signatures.update(signer_name="")
    plan.recipients.all().delete()
    with pytest.raises(ServiceError) as refused:
        services.publish_plan(principal, plan)
    assert str(refused.value) == (
        "Chưa công bố được: Chưa có ngày ban hành. Khối chữ ký “HIỆU TRƯỞNG” thiếu chức vụ "
        "hoặc họ tên người ký. Chưa có nơi nhận."
    )
    plan.signatures.update(signer_name="Nguyễn Thị Bang")
    plan.recipients.create(text="Lưu: VT")
    client.force_login(principal)
    url = reverse("plan_publish", kwargs={"pk": plan.pk})
    response = client.post(url, {"issue_date": ""})
    assert "Hãy nhập ngày ban hành in trên văn bản." in response.content.decode()
    response = client.post(url, {"issue_date": "05/02/2020"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.issue_date, plan.number) == (
        "published",
        datetime.date(2020, 2, 5),
        1,
    )
    remembered = Issuer.objects.get(organization=tree.school_a1, kind=IssuerKind.STATE)
    assert (remembered.signer_position, remembered.signer_name) == (
        "HIỆU TRƯỞNG",
        "Nguyễn Thị Bang",
    )
    # The next draft starts with that signer and those recipients.
    client.post(reverse("plan_new"), {"organization": tree.school_a1.pk, "issuer_kind": "state"})
    new = Plan.objects.filter(organization=tree.school_a1).latest("pk")
    assert [s.signer_name for s in new.signatures.all()] == ["Nguyễn Thị Bang"]
    assert [r.text for r in new.recipients.all()] == ["Lưu: VT"]


def test_union_chair_writes_the_unions_documents_only(client, tree):
    client.force_login(tree.users["chair_a1"])
    form = client.get(reverse("plan_new")).content.decode()
    assert 'value="union"' in form and 'value="state"' not in form
    response = client.post(
        reverse("plan_new"), {"organization": tree.school_a1.pk, "issuer_kind": "state"}
    )
    assert response.status_code == 200 and not Plan.objects.exists()
    client.post(reverse("plan_new"), {"organization": tree.school_a1.pk, "issuer_kind": "union"})
    plan = Plan.objects.get()
    assert plan.issuer_kind == "union"
    [signature] = plan.signatures.all()
    assert signature.authority_line == "TM. BAN CHẤP HÀNH" and signature.position == "CHỦ TỊCH"
    assert plan.header_issuer == "CĐCS Trường A1"
    client.force_login(tree.users["teacher_a1"])
    assert client.get(reverse("plan_edit", kwargs={"pk": plan.pk})).status_code == 404


def test_a_derived_plan_marks_the_parts_for_other_levels(tree, plans):
    parent = plans["dept_a"]
    parent.sections.create(order=10, level=1, heading="KHEN THƯỞNG")
    parent.sections.create(order=11, level=2, heading="Đối với cấp Sở")
    parent.sections.create(order=12, level=3, body="Giám đốc Sở tặng giấy khen.")
    parent.sections.create(order=13, level=2, heading="Đối với cấp trường")
    parent.sections.create(order=14, level=2, heading="Đối với cấp Bộ")
    principal = tree.users["principal_a1"]
    derived = services.derive_plan(principal, parent, tree.school_a1)
    marked = [(s.heading or s.body, bool(s.review_note)) for s in derived.sections.all()][-5:]
    assert marked == [
        ("KHEN THƯỞNG", False),
        ("Đối với cấp Sở", True),
        ("Giám đốc Sở tặng giấy khen.", True),
        ("Đối với cấp trường", False),
        ("Đối với cấp Bộ", True),
    ]
    derived.signatures.update(signer_name="Nguyễn Thị Bang")
    with pytest.raises(ServiceError, match="Mục “Đối với cấp Sở”: Phần này của kế hoạch cấp trên"):
        services.publish_plan(principal, derived, datetime.date(2024, 3, 1))
    derived.sections.exclude(review_note="").delete()
    published = services.publish_plan(principal, derived, datetime.date(2024, 3, 1))
    assert published.status == "published"


def test_an_office_writes_for_itself_its_union_and_its_party_cell(client, tree):
    client.force_login(tree.users["office_a"])
    form = client.get(reverse("plan_new")).content.decode()
    assert 'value="state"' in form and 'value="union"' in form and 'value="party"' in form
    assert 'value="youth"' not in form and 'value="pioneers"' not in form
