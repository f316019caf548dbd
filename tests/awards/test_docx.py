"""Every awards document as Word, from the same HTML as its PDF (emulation/word.py): the
tờ trình with its annexed list, the list alone, the achievement report, the decision
with its annexed list, the minutes, the registration list. Each is read back: its parts
in the PDF's order, the same words as the PDF, page numbers from page 2, the header
table, the tables with all their rows; and the pages that serve them."""

import pytest
from django.urls import reverse

from awards.documents.achievement_reports import AchievementReportDocument, load_nomination
from awards.documents.decisions import DecisionDocument, load_decision
from awards.documents.nomination_lists import NominationListDocument
from awards.documents.proposals import ProposalDocument, load_proposal
from awards.minutes_documents import MinutesDocument
from awards.services import year_start
from awards.year_start_lists import RegistrationListDocument
from emulation.views import DOCX
from schools.models import SchoolYear
from tests.awards.object_urls.workflow import vote_of_a1
from tests.awards.test_documents import decision, dossier  # noqa: F401  (fixtures)
from tests.awards.test_year_start import title
from tests.emulation.test_word import (
    assert_in_order,
    assert_page_numbers_from_page_two,
    assert_same_words,
    flat_text,
    header_cells,
    lines,
    read,
)

pytestmark = pytest.mark.usefixtures("catalogue")


def first_column(table):
    return [row.cells[0].text for row in table.rows]


def test_the_proposal_with_its_list(dossier):  # noqa: F811
    proposal, _ = dossier
    document = ProposalDocument(load_proposal(proposal.pk))
    word = read(document.docx())
    assert_page_numbers_from_page_two(word)
    left, right = header_cells(word)
    assert " ".join(left) == "PHÒNG GDĐT HUYỆN MẪU TRƯỜNG A1 Số: 05/TTr-THA1"
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[2].startswith(f"Xã Mẫu, ngày {proposal.issue_date.day:02d} tháng")
    assert_in_order(
        flat_text(word),
        [
            "TỜ TRÌNH",
            "Về việc đề nghị khen thưởng đợt Quý IV năm 2026",
            "Kính gửi: Phòng A.",
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
            "Trường A1 kính đề nghị Phòng A xem xét, khen thưởng cho 02 tập thể và 04 cá nhân",
            "Kính trình Phòng A xem xét, quyết định./.",
            "Nơi nhận: - Như trên; - Lưu: VT.",
            "HIỆU TRƯỞNG",
            "Trần Thị Ht_a1",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "(Kèm theo Tờ trình số 05/TTr-THA1 ngày",
            "Tập thể (02)",
            "Tổ công đoàn 1",
            "Cá nhân (04)",
            "Lê Thị Ánh",
            "Nguyễn Văn Bình",
            "Phạm Thị Dung",
            "Trần Văn Đức",
        ],
    )
    annex_title = next(p for p in word.paragraphs if p.text == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    assert annex_title.paragraph_format.page_break_before  # the list on a page of its own
    header, closing, listing = word.tables
    assert first_column(listing) == ["STT", "I", "1", "2", "II", "1", "2", "3", "4"]
    assert [c.text for c in listing.rows[0].cells] == [
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Đơn vị",
        "Danh hiệu / hình thức",
        "Thành tích tóm tắt",
    ]
    assert listing.style.name == "Table Grid"
    assert closing.style.name == header.style.name == "Normal Table"
    assert_same_words(word, document.pdf())
    assert document.filename("docx") == "to-trinh-05-ttr-tha1.docx"


def test_the_list_alone(dossier):  # noqa: F811
    proposal, _ = dossier
    document = NominationListDocument(load_proposal(proposal.pk))
    word = read(document.docx())
    assert_page_numbers_from_page_two(word)
    left, _right = header_cells(word)
    assert " ".join(left) == "PHÒNG GDĐT HUYỆN MẪU TRƯỜNG A1"  # no number: the tờ trình's
    assert_in_order(
        flat_text(word),
        [
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "Quý IV năm 2026",
            "(Kèm theo Tờ trình số 05/TTr-THA1",
            "STT Họ và tên Chức vụ Đơn vị Danh hiệu / hình thức Thành tích tóm tắt",
            "I Tập thể (02) 1 Tổ công đoàn 1 Trường A1 Giấy khen (Giám đốc Sở GDĐT) Dạy giỏi "
            "cấp huyện; 100% học sinh hoàn thành. 2 Trường A1 Phòng A Tập thể lao động tiên tiến",
            "II Cá nhân (04) 1 Lê Thị Ánh Giáo viên Trường A1 Giấy khen (Giám đốc Sở GDĐT)",
            "Tổng cộng: 02 tập thể và 04 cá nhân.",
            "HIỆU TRƯỞNG",
            "Trần Thị Ht_a1",
        ],
    )
    assert first_column(word.tables[1]) == ["STT", "I", "1", "2", "II", "1", "2", "3", "4"]
    assert_same_words(word, document.pdf())
    assert document.filename("docx") == "danh-sach-de-nghi-05-ttr-tha1.docx"


def test_the_achievement_reports(dossier):  # noqa: F811
    _, nominations = dossier
    person = nominations[0]  # Trần Văn Đức
    person.duties = "Giáo viên chủ nhiệm lớp 3A."
    person.previous_awards = "Năm học 2024 - 2025: Lao động tiên tiến."
    person.save()
    document = AchievementReportDocument(load_nomination(person.pk))
    word = read(document.docx())
    assert_page_numbers_from_page_two(word)
    assert_in_order(
        flat_text(word),
        [
            "BÁO CÁO THÀNH TÍCH",
            "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ GDĐT",
            "I. SƠ LƯỢC LÝ LỊCH",
            "- Họ và tên: Trần Văn Đức",
            "- Sinh ngày, tháng, năm: ……………………………………………",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            "1. Chức năng, nhiệm vụ được giao",
            "Giáo viên chủ nhiệm lớp 3A.",
            "2. Thành tích đạt được",
            "3. Sáng kiến, giải pháp, đề tài",
            "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
            "Năm học 2024 - 2025: Lao động tiên tiến.",
        ],
    )
    signatures = word.tables[-1]  # titles side by side, then the names
    assert [c.text for c in signatures.rows[0].cells] == [
        "THỦ TRƯỞNG ĐƠN VỊ XÁC\u00a0NHẬN,\u00a0ĐỀ\u00a0NGHỊ\nHiệu trưởng Trường A1",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ]
    names = [list(lines(cell))[-1] for cell in signatures.rows[1].cells]
    assert names == ["Trần Thị Ht_a1", "Trần Văn Đức"]
    assert_same_words(word, document.pdf())
    assert document.filename("docx") == f"bao-cao-thanh-tich-tran-van-duc-{person.pk}.docx"
    school = AchievementReportDocument(load_nomination(nominations[-1].pk))
    school_word = read(school.docx())
    assert "- Cơ quan quản lý trực tiếp: Phòng A" in flat_text(school_word)
    assert_same_words(school_word, school.pdf())


def test_the_decision_with_its_list(decision):  # noqa: F811
    document = DecisionDocument(load_decision(decision.pk))
    word = read(document.docx())
    assert_page_numbers_from_page_two(word)
    reference = f"12/QĐ-{decision.organization.abbreviation}"
    left, _right = header_cells(word)
    assert " ".join(left).startswith("ỦY BAN NHÂN DÂN HUYỆN")
    assert " ".join(left).endswith(f"Số: {reference}")
    assert_in_order(
        flat_text(word),
        [
            "QUYẾT ĐỊNH",
            "Về việc khen thưởng đợt Quý IV năm 2026",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN MẪU",
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
            "Xét đề nghị của Trường A1 tại Tờ trình số 05/TTr-THA1 ngày",
            "QUYẾT ĐỊNH:",
            "Điều 1. Khen thưởng 02 tập thể và 05 cá nhân có tên trong danh sách kèm theo",
            "Tổng số tiền thưởng: 7.350.000 đồng (Bằng chữ: Bảy triệu ba trăm năm mươi nghìn "
            "đồng), trích từ Quỹ thi đua, khen thưởng của Ủy ban nhân dân huyện Mẫu.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
            "Nơi nhận: - Như Điều 3; - Lưu: VT, TĐKT.",
            "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
            "Nguyễn Văn Ký",
            "DANH SÁCH KHEN THƯỞNG",
            f"(Kèm theo Quyết định số {reference} ngày 15/12/2026",
            "I Tập thể (02) 1 Tổ công đoàn 1 Trường A1 Giấy khen (Giám đốc Sở GDĐT) 1.520.000 "
            "2 Trường A1 Trường A1 Tập thể lao động tiên tiến 2.030.000",
            "II Cá nhân (05) 1 Lê Thị Ánh Giáo viên Trường A1 Giấy khen (Giám đốc Sở GDĐT) 760.000",
            "5 Trần Văn Đức Giáo viên Trường A1 Lao động tiên tiến 760.000",
            "Tổng cộng 7.350.000",
            "Tổng số tiền thưởng: 7.350.000 đồng (Bằng chữ: Bảy triệu ba trăm năm mươi nghìn "
            "đồng).",
        ],
    )
    listing = word.tables[-1]
    assert first_column(listing) == [
        "STT",
        "I",
        "1",
        "2",
        "II",
        "1",
        "2",
        "3",
        "4",
        "5",
        "Tổng cộng",
    ]
    assert [tc.grid_span for tc in listing.rows[-1]._tr.tc_lst] == [5, 1]
    assert_same_words(word, document.pdf())


def test_the_minutes(tree):
    vote = vote_of_a1(tree)
    document = MinutesDocument(vote)
    word = read(document.docx())
    assert_page_numbers_from_page_two(word)
    left, right = header_cells(word)
    assert " ".join(left) == "PHÒNG GDĐT HUYỆN MẪU TRƯỜNG A1"
    assert right[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert_in_order(
        flat_text(word),
        [
            "BIÊN BẢN",
            "HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
            "Về việc Bình xét",
            "I. THÀNH PHẦN",
            "II. NỘI DUNG",
            "Cuộc bình xét chưa kết thúc: chưa có kết quả bỏ phiếu.",
        ],
    )
    secretary, chair = word.tables[-1].rows[0].cells
    assert [p.text for p in secretary.paragraphs][:2] == ["THƯ KÝ", "(Ký, ghi rõ họ tên)"]
    assert chair.paragraphs[0].text == "CHỦ TỊCH HỘI ĐỒNG"
    assert_same_words(word, document.pdf())


def test_the_registration_list(tree):
    year = SchoolYear.current()
    teacher = tree.users["teacher_a1"].person
    year_start.register(
        tree.users["principal_a1"],
        tree.school_a1,
        year,
        {"person": teacher, "title": title("ldtt")},
    )
    document = RegistrationListDocument(tree.school_a1, year)
    word = read(document.docx())
    assert_page_numbers_from_page_two(word)
    listing = word.tables[1]
    assert [[c.text for c in row.cells] for row in listing.rows] == [
        ["STT", "Ông/Bà", "Họ và tên", "Chức vụ và đơn vị", "Đăng ký thi đua",
         "Đăng ký khen thưởng"],
        ["1", "Bà" if teacher.gender == "female" else "Ông", teacher.full_name,
         f"{teacher.get_position_display()}, Trường A1", "Lao động tiên tiến", ""],
    ]  # fmt: skip
    # The widths of the printed list (its <col>s, in millimetres).
    assert [round(c.width.mm) for c in listing.rows[0].cells] == [9, 13, 40, 47, 28, 28]
    assert_in_order(flat_text(word), ["DANH SÁCH ĐĂNG KÝ THI ĐUA", "HIỆU TRƯỞNG"])
    assert_same_words(word, document.pdf())


# -- the pages -------------------------------------------------------------------------


def test_every_awards_document_downloads_as_word(client, tree, dossier, decision):  # noqa: F811
    proposal, nominations = dossier
    office, school = tree.users["office_a"], tree.users["principal_a1"]
    for user, name, pk, filename in [
        (office, "proposal_document_docx", proposal.pk, "to-trinh-05-ttr-tha1.docx"),
        (office, "proposal_list_docx", proposal.pk, "danh-sach-de-nghi-05-ttr-tha1.docx"),
        (
            school,
            "nomination_report_docx",
            nominations[0].pk,
            f"bao-cao-thanh-tich-tran-van-duc-{nominations[0].pk}.docx",
        ),
        (office, "decision_document_docx", decision.pk, None),
        (school, "title_registration_docx", tree.school_a1.pk, None),
    ]:
        client.force_login(user)
        response = client.get(reverse(name, kwargs={"pk": pk}))
        assert response.status_code == 200, name
        assert response["Content-Type"] == DOCX, name
        assert response["Content-Disposition"].startswith("attachment; filename"), name
        if filename:
            assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert_page_numbers_from_page_two(read(response.content))


def test_the_previews_offer_word_beside_pdf(client, tree, dossier, decision):  # noqa: F811
    proposal, nominations = dossier
    client.force_login(tree.users["office_a"])
    for page, links in [
        ("proposal_document", ["proposal_document_docx", "proposal_list_docx"]),
        ("proposal_list_document", ["proposal_document_docx", "proposal_list_docx"]),
        ("decision_document", ["decision_document_docx"]),
    ]:
        pk = decision.pk if page.startswith("decision") else proposal.pk
        html = client.get(reverse(page, kwargs={"pk": pk})).content.decode()
        for link in links:
            assert f'href="{reverse(link, kwargs={"pk": pk})}"' in html, (page, link)
        assert "Tải Word" in html
    client.force_login(tree.users["principal_a1"])
    report = reverse("nomination_report", kwargs={"pk": nominations[0].pk})
    html = client.get(report).content.decode()
    assert reverse("nomination_report_docx", kwargs={"pk": nominations[0].pk}) in html
    detail = client.get(reverse("nomination_detail", kwargs={"pk": nominations[0].pk}))
    assert reverse("nomination_report_docx", kwargs={"pk": nominations[0].pk}) in (
        detail.content.decode()
    )
