"""Filled forms M1 and M2 read back from the PDF, escaping, and the bundle of approved
forms (only approved ones, grouped by union group behind a cover list, Vietnamese name
order within a group, constant queries)."""

import io
import re
import unicodedata

import pdfplumber
import pytest

from registrations.documents import FormsBundle, GroupDocument, RegistrationDocument
from registrations.models import InnovationField, InnovationRegistration, Status
from schools.models import Unit
from tests.factories import PersonFactory, UnitFactory
from tests.factories.registrations import make_campaign, make_group, make_registration, person

M1_HEADINGS = [
    "1. Họ tên người đăng ký:",
    "2. Nhiệm vụ được giao:",
    "3. Dự kiến thực hiện đổi mới sáng tạo trong lĩnh vực:",
    "4. Thực trạng vấn đề dự kiến đổi mới: (tồn tại, nếu có)",
    "5. Mục tiêu giải pháp đổi mới",
    "6. Dự kiến kết quả sẽ đạt được sau khi thực hiện đổi mới",
    "7. Thời gian dự kiến thử nghiệm thực hiện đổi mới",
    "8. Các bước tiến hành thử nghiệm đổi mới",
    "9. Phạm vi công bố và nhân rộng kết quả đổi mới.",
]


def clean(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def pdf_pages(pdf_bytes):
    """Text of every page, NFC, whitespace collapsed (line breaks become spaces)."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [clean(page.extract_text()) for page in pdf.pages]


def member(tree, name, union_group=None):
    return PersonFactory(
        organization=tree.school_a1, full_name=name, union_group=union_group or tree.group_a1
    )


def test_m1_pdf_reads_like_the_seed_form(tree, campaign_a1):
    teacher = person(tree.users["teacher_a1"])
    registration = make_registration(
        campaign_a1,
        teacher,
        status=Status.SUBMITTED,
        fields=[InnovationField.TEACHING_METHOD, InnovationField.RESEARCH],
        field_other="Chuyển đổi số",
    )
    pages = pdf_pages(RegistrationDocument(registration).pdf())
    text = " ".join(pages)

    assert len(pages) == 1
    assert pages[0].startswith("TỔ CÔNG ĐOÀN: Tổ công đoàn 1 Mẫu M1")
    assert "ĐĂNG KÝ THỰC HIỆN NHIỆM VỤ ĐỔI MỚI, SÁNG TẠO TRONG DẠY VÀ HỌC" in text
    year = campaign_a1.school_year.name.replace("-", " - ")
    assert f"Thời gian thực hiện: năm học {year}" in text
    positions = [text.find(heading) for heading in M1_HEADINGS]
    assert -1 not in positions and positions == sorted(positions)
    assert "1. Họ tên người đăng ký: Trần Thị Gv_a1" in text
    assert "2. Nhiệm vụ được giao: Giáo viên chủ nhiệm lớp 3A" in text
    assert (
        "3. Dự kiến thực hiện đổi mới sáng tạo trong lĩnh vực: Phương pháp giảng dạy; "
        "Nghiên cứu khoa học, bài báo, sáng kiến; Chuyển đổi số" in text
    )
    for answer in (
        "(tồn tại, nếu có) Học sinh còn ngại phát biểu 5.",
        "5. Mục tiêu giải pháp đổi mới Tổ chức học theo nhóm nhỏ 6.",
        "đổi mới 90% học sinh tham gia phát biểu 7.",
        "thực hiện đổi mới Học kỳ I 8.",
        "8. Các bước tiến hành thử nghiệm đổi mới Khảo sát; thử nghiệm; đánh giá 9.",
        "nhân rộng kết quả đổi mới. Tổ khối 3",
    ):
        assert answer in text
    assert text.endswith("Người đăng ký Trần Thị Gv_a1")


def test_m1_markup_in_an_answer_is_text(tree, campaign_a1):
    registration = make_registration(
        campaign_a1,
        person(tree.users["teacher_a1"]),
        current_state="Dòng một\n<script>alert(1)</script>",
    )
    document = RegistrationDocument(registration)
    html = document.html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert '<p class="answer">Dòng một</p><p class="answer">&lt;script&gt;' in html
    assert "Dòng một <script>alert(1)</script>" in " ".join(pdf_pages(document.pdf()))


def line_starts(pdf_bytes):
    """{first word of a printed line: its left edge in points} of the first page."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        lines = {}
        for word in pdf.pages[0].extract_words():
            top = round(word["top"])
            if top not in lines or word["x0"] < lines[top]["x0"]:
                lines[top] = word
    return {unicodedata.normalize("NFC", w["text"]): w["x0"] for w in lines.values()}


def test_m1_every_line_of_an_answer_keeps_its_indent(tree, campaign_a1):
    registration = make_registration(
        campaign_a1,
        person(tree.users["teacher_a1"]),
        assigned_task="Chủ nhiệm lớp 3A\nDạy Toán lớp 3A",
        current_state="Alpha một dòng\n\n- Beta dòng hai\n+ Gamma dòng ba",
    )
    starts = line_starts(RegistrationDocument(registration).pdf())
    margin = starts["4."]  # the item's label starts at the margin
    indent = 10 * 72 / 25.4  # 10 mm, the paragraph indent of documents.css
    for first_word in ("Alpha", "-", "+", "Chủ", "Dạy"):
        assert abs(starts[first_word] - margin - indent) < 1.5, first_word


def test_m1_filename():
    registration = InnovationRegistration(
        pk=7, person=PersonFactory.build(full_name="Đặng Thị Ánh")
    )
    assert RegistrationDocument(registration).filename("pdf") == "mau-M1-dang-thi-anh-7.pdf"


def test_m2_pdf_lists_leader_then_members_and_signs_for_the_group(tree, campaign_a1):
    leader = person(tree.users["leader_a1"])
    members = [
        member(tree, "Trần Văn Bình"),
        member(tree, "Lê Thị Ánh"),
        member(tree, "Đặng Văn An"),
    ]
    group = make_group(campaign_a1, leader, members, status=Status.SUBMITTED)
    pages = pdf_pages(GroupDocument(group).pdf())
    text = " ".join(pages)

    assert pages[0].startswith("TỔ CÔNG ĐOÀN: Tổ công đoàn 1 Mẫu M2")
    assert "ĐĂNG KÝ THÀNH LẬP NHÓM NHÀ GIÁO CÙNG NHAU PHÁT TRIỂN" in text
    # The people are a table of their own (STT, name, role), the leader first and marked.
    assert (
        "1. Họ và tên những người tham gia nhóm STT Họ và tên Nhiệm vụ trong nhóm "
        "1 Trần Thị Tt_a1 Trưởng nhóm 2 Đặng Văn An Thành viên 3 Lê Thị Ánh Thành viên "
        "4 Trần Văn Bình Thành viên 2. Nhiệm vụ chung đang được giao Dạy Toán khối 3" in text
    )
    html = GroupDocument(group).html()
    assert '<table class="member-table">' in html
    assert '<tr class="leader"><td class="order">1</td><td class="name">Trần Thị Tt_a1' in html
    assert "9. Dự kiến thời gian tiến hành: Năm học" in text
    assert "giải quyết tiếp theo. Toán tư duy" in text
    assert text.endswith("TM. NHÓM ĐĂNG KÝ TRƯỞNG NHÓM Trần Thị Tt_a1")


@pytest.fixture
def bundle_data(tree, campaign_a1):
    """Approved M1 of An, Ánh, Bình (byte order differs: Lê < Trần < Đặng and
    An < Bình < Ánh), others not approved; approved M2 led by Bình and An."""
    group_2 = UnitFactory(organization=tree.school_a1, name="Tổ công đoàn 2")
    people = {
        name: member(tree, name)
        for name in ("Trần Văn Bình", "Lê Thị Ánh", "Đặng Văn An", "Phạm Văn Chưa", "Vũ Thị Nháp")
    }
    people["Hồ Văn Khác"] = member(tree, "Hồ Văn Khác", union_group=group_2)
    for name in ("Trần Văn Bình", "Lê Thị Ánh", "Đặng Văn An", "Hồ Văn Khác"):
        make_registration(campaign_a1, people[name], status=Status.APPROVED)
    make_registration(campaign_a1, people["Phạm Văn Chưa"], status=Status.FORWARDED)
    make_registration(campaign_a1, people["Vũ Thị Nháp"], status=Status.DRAFT)
    make_group(
        campaign_a1,
        people["Trần Văn Bình"],
        [people["Lê Thị Ánh"]],
        status=Status.APPROVED,
        name="Nhóm Bình",
    )
    make_group(campaign_a1, people["Đặng Văn An"], status=Status.APPROVED, name="Nhóm An")
    make_group(campaign_a1, people["Lê Thị Ánh"], status=Status.SUBMITTED, name="Nhóm chờ")
    # Another school's approved form of the same shape never appears.
    other = make_campaign(tree.school_b1)
    make_registration(other, person(tree.users["teacher_b1"]), status=Status.APPROVED)
    return group_2


def form_starts(pages):
    """(form, first name printed) of every page that starts a form."""
    starts = []
    for page in pages:
        found = re.match(r"TỔ CÔNG ĐOÀN: .*? Mẫu (M\d)", page)
        if found:
            if found.group(1) == "M1":
                name = re.search(r"1\. Họ tên người đăng ký: (.+?) 2\.", page).group(1)
            else:
                name = re.search(r"Nhiệm vụ trong nhóm 1 (.+?) Trưởng nhóm", page).group(1)
            starts.append((found.group(1), name))
    return starts


def test_bundle_groups_the_forms_by_union_group_behind_a_cover_list(tree, campaign_a1, bundle_data):
    bundle = FormsBundle(campaign_a1)
    pages = pdf_pages(bundle.pdf())
    assert all(pages)
    # Union group 1 (M1 by name, then M2 by leader), then union group 2.
    expected = [
        ("M1", "Đặng Văn An"),
        ("M1", "Lê Thị Ánh"),
        ("M1", "Trần Văn Bình"),
        ("M2", "Đặng Văn An"),
        ("M2", "Trần Văn Bình"),
        ("M1", "Hồ Văn Khác"),
    ]
    assert form_starts(pages[1:]) == expected
    assert len(pages) == 1 + 6
    # The cover list: each group with its count, each form's order, name and page.
    cover = pages[0]
    assert cover.startswith("TRƯỜNG A1 MỤC LỤC CÁC MẪU ĐĂNG KÝ M1, M2 ĐÃ DUYỆT")
    assert "Gồm 4 mẫu M1 (cá nhân) và 2 mẫu M2 (nhóm)" in cover
    assert (
        "Tổ công đoàn 1 (5 mẫu) 1 Đặng Văn An M1 2 2 Lê Thị Ánh M1 3 3 Trần Văn Bình M1 4 "
        "4 Nhóm An – trưởng nhóm Đặng Văn An M2 5 5 Nhóm Bình – trưởng nhóm Trần Văn Bình M2 6 "
        "Tổ công đoàn 2 (1 mẫu) 6 Hồ Văn Khác M1 7" in cover
    )
    for order, page in enumerate(pages[1:], start=1):
        assert page.startswith("TỔ CÔNG ĐOÀN: Tổ công đoàn " + ("1" if order <= 5 else "2"))
    text = " ".join(pages)
    for absent in ("Phạm Văn Chưa", "Vũ Thị Nháp", "Trần Thị Gv_b1", "Nhóm chờ"):
        assert absent not in text
    assert bundle.filename("pdf") == f"mau-M1-M2-{campaign_a1.pk}.pdf"


def test_bundle_orders_union_groups_by_number_and_puts_forms_without_one_last(tree, campaign_a1):
    ten = UnitFactory(organization=tree.school_a1, name="Tổ công đoàn 10")
    two = UnitFactory(organization=tree.school_a1, name="Tổ công đoàn 2")
    nobody = member(tree, "Vũ Văn Lẻ")
    nobody.union_group = None
    nobody.save()
    for name, group in (("Lê Văn Mười", ten), ("Lê Văn Hai", two), ("Lê Văn Một", None)):
        make_registration(campaign_a1, member(tree, name, union_group=group), Status.APPROVED)
    make_registration(campaign_a1, nobody, status=Status.APPROVED)
    cover = pdf_pages(FormsBundle(campaign_a1).pdf())[0]
    assert (
        "Tổ công đoàn 1 (1 mẫu) 1 Lê Văn Một M1 2 Tổ công đoàn 2 (1 mẫu) 2 Lê Văn Hai M1 3 "
        "Tổ công đoàn 10 (1 mẫu) 3 Lê Văn Mười M1 4 "
        "Chưa thuộc tổ công đoàn nào (1 mẫu) 4 Vũ Văn Lẻ M1 5" in cover
    )


def test_bundle_of_one_union_group(tree, campaign_a1, bundle_data):
    bundle = FormsBundle(campaign_a1, union_group=Unit.objects.get(pk=bundle_data.pk))
    pages = pdf_pages(bundle.pdf())
    assert form_starts(pages) == [("M1", "Hồ Văn Khác")]
    assert "Tổ công đoàn 2 (1 mẫu) 1 Hồ Văn Khác M1 2" in pages[0]
    assert bundle.filename("pdf") == f"mau-M1-M2-{campaign_a1.pk}-{bundle_data.pk}.pdf"


def test_empty_bundle_says_so(tree, campaign_a1):
    assert pdf_pages(FormsBundle(campaign_a1).pdf()) == ["Chưa có mẫu đăng ký nào được duyệt."]


@pytest.mark.parametrize("count", [2, 8])
def test_bundle_query_count_does_not_grow(tree, campaign_a1, django_assert_num_queries, count):
    for number in range(count):
        someone = member(tree, f"Nguyễn Văn Số{number}")
        make_registration(campaign_a1, someone, status=Status.APPROVED)
        make_group(
            campaign_a1,
            someone,
            [person(tree.users["teacher_a1"])],
            status=Status.APPROVED,
            name=f"Nhóm {number}",
        )
    bundle = FormsBundle(campaign_a1)
    with django_assert_num_queries(3):  # M1 forms, M2 groups, their members
        html = bundle.html()
    assert html.count("ĐĂNG KÝ THỰC HIỆN NHIỆM VỤ") == count
    assert html.count("ĐĂNG KÝ THÀNH LẬP") == count
