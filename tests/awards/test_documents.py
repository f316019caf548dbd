"""The official documents of awards, read back from their PDFs: the proposal (tờ trình)
and its list, the achievement report, the decision with its annexed list; their views;
the numbers and words they print."""

import datetime
import io
from decimal import Decimal

import pdfplumber
import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.documents.achievement_reports import AchievementReportDocument, load_nomination
from awards.documents.common import decision_heads
from awards.documents.decisions import DecisionDocument, load_decision
from awards.documents.nomination_lists import NominationListDocument
from awards.documents.proposals import ProposalDocument, load_proposal
from awards.models import Decision, Nomination, Proposal, ProposalItem
from common.numerals import money, money_in_words, number_in_words
from registrations.models import Status
from schools.models import Organization
from tests.factories import PersonFactory
from tests.factories.awards import make_decision, make_nomination, make_round, person_of
from tests.factories.registrations import make_campaign, make_group, make_registration

A4_PORTRAIT = (595.3, 841.9)
LIBERATION = {
    "Liberation-Serif",
    "Liberation-Serif-Bold",
    "Liberation-Serif-Italic",
    "Liberation-Serif-Bold-Italic",
}
# Given names Ánh < Bình < Dung < Đức in Vietnamese order (d before đ).
PEOPLE = [
    ("Trần Văn Đức", "male"),
    ("Nguyễn Văn Bình", "male"),
    ("Phạm Thị Dung", "female"),
    ("Lê Thị Ánh", "female"),
]


def pdf_text(content):
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def page_sizes(content):
    return {
        (round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
        for p in PdfReader(io.BytesIO(content)).pages
    }


def fonts(content):
    found = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return found


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def dossier(tree):
    """A round of office A; school A1 proposes four people (Giấy khen, one of them also
    LĐTT), a union group (Giấy khen) and itself (TTLĐTT), in tờ trình 5/TTr-THA1."""
    round_ = make_round(tree.office_a)
    people = [
        PersonFactory(organization=tree.school_a1, full_name=name, gender=gender)
        for name, gender in PEOPLE
    ]
    sent = {"status": Nomination.Status.SUBMITTED, "holder": tree.office_a}
    nominations = [make_nomination(round_, person, **sent) for person in people]
    nominations.append(
        make_nomination(round_, organization=tree.school_a1, unit=tree.group_a1, **sent)
    )
    nominations.append(
        make_nomination(
            round_,
            organization=tree.school_a1,
            collective=tree.school_a1,
            title="ttldtt",
            **sent,
        )
    )
    proposal = Proposal.objects.create(
        organization=tree.school_a1,
        recipient=tree.office_a,
        round=round_,
        number=5,
        symbol="TTr-THA1",
        issue_date=round_.deadline,
        signer_name="Trần Thị Ht_a1",
        status=Proposal.Status.SENT,
    )
    for order, nomination in enumerate(nominations):
        ProposalItem.objects.create(proposal=proposal, nomination=nomination, order=order)
    return proposal, nominations


def test_proposal_reads_like_a_tờ_trình(dossier, tree):
    proposal, _ = dossier
    content = ProposalDocument(load_proposal(proposal.pk)).pdf()
    assert page_sizes(content) == {A4_PORTRAIT}
    assert fonts(content) <= LIBERATION and "Liberation-Serif-Bold" in fonts(content)
    first, annex = pdf_text(content)
    lines = first.splitlines()
    assert lines[0].startswith("PHÒNG GDĐT HUYỆN MẪU")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0]
    text = flat(first)
    assert "TRƯỜNG A1" in text
    assert "Số: 05/TTr-THA1" in text
    assert f"Xã Mẫu, ngày {proposal.issue_date.day:02d} tháng" in text
    assert "TỜ TRÌNH Về việc đề nghị khen thưởng đợt Quý IV năm 2026" in text
    assert "Kính gửi: Phòng A." in text
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15" in text
    assert (
        "Trường A1 kính đề nghị Phòng A xem xét, khen thưởng cho 02 tập thể và 04 cá nhân" in text
    )
    # Recipients on the left and the signature on the right share lines.
    assert "Nơi nhận: HIỆU TRƯỞNG - Như trên; - Lưu: VT. Trần Thị Ht_a1" in text
    annex = flat(annex)
    assert annex.startswith("2 DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
    assert "(Kèm theo Tờ trình số 05/TTr-THA1 ngày" in annex
    # Collectives first, then people by given name in Vietnamese order.
    order = ["Tập thể (02)", "Tổ công đoàn 1", "Trường A1 Phòng A", "Cá nhân (04)"]
    order += ["Lê Thị Ánh", "Nguyễn Văn Bình", "Phạm Thị Dung", "Trần Văn Đức"]
    positions = [annex.index(item) for item in order]
    assert positions == sorted(positions)


def test_proposal_body_written_by_the_school_replaces_the_default(dossier):
    proposal, _ = dossier
    proposal.body = "Nhà trường đề nghị khen thưởng các cá nhân tiêu biểu.\n\nKính trình."
    proposal.subject = "Về việc đề nghị tặng Giấy khen năm học 2026 - 2027"
    proposal.save()
    text = flat(pdf_text(ProposalDocument(load_proposal(proposal.pk)).pdf())[0])
    assert "Nhà trường đề nghị khen thưởng các cá nhân tiêu biểu. Kính trình." in text
    assert "Về việc đề nghị tặng Giấy khen năm học 2026 - 2027" in text
    assert "kính đề nghị Phòng A xem xét" not in text


def test_unnumbered_proposal_leaves_the_number_blank(dossier):
    proposal, _ = dossier
    proposal.number = None
    proposal.save()
    document = ProposalDocument(load_proposal(proposal.pk))
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/TTr-THA1" in document.html()
    assert document.filename("pdf") == f"to-trinh-chua-co-so-{proposal.pk}.pdf"


def test_nomination_list_alone(dossier):
    proposal, _ = dossier
    document = NominationListDocument(load_proposal(proposal.pk))
    content = document.pdf()
    assert page_sizes(content) == {A4_PORTRAIT}
    pages = pdf_text(content)
    assert len(pages) == 1
    text = flat(pages[0])
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG Quý IV năm 2026" in text
    assert "Số:" not in text
    assert "STT Họ và tên Chức vụ Đơn vị Thành tích tóm tắt" in text
    assert "I Tập thể (02) 1 Tổ công đoàn 1 Trường A1 Giấy khen Dạy giỏi cấp huyện;" in text
    assert "2 Trường A1 Phòng A Tập thể lao Dạy giỏi cấp huyện;" in text
    assert "II Cá nhân (04) 1 Lê Thị Ánh Giáo viên Trường A1 Giấy khen" in text
    assert "Tổng cộng: 02 tập thể và 04 cá nhân." in text
    assert text.index("Lê Thị Ánh") < text.index("Trần Văn Đức")
    assert document.filename("pdf") == "danh-sach-de-nghi-05-ttr-tha1.pdf"


def test_achievement_report_of_a_person(dossier, tree):
    _, nominations = dossier
    nomination = nominations[0]  # Trần Văn Đức
    nomination.duties = "Giáo viên chủ nhiệm lớp 3A."
    nomination.initiatives = "Sáng kiến “Học nhóm nhỏ”."
    nomination.previous_awards = "Năm học 2024 - 2025: Lao động tiên tiến."
    nomination.save()
    campaign = make_campaign(tree.school_a1)
    approved = make_registration(campaign, nomination.person, Status.APPROVED)
    make_registration(  # a draft of another campaign is not listed
        make_campaign(tree.school_a1, name="Khác"), nomination.person, Status.DRAFT
    )
    group = make_group(campaign, nomination.person, status=Status.APPROVED)
    nomination.registrations.add(approved)
    nomination.groups.add(group)
    document = AchievementReportDocument(load_nomination(nomination.pk))
    content = document.pdf()
    assert page_sizes(content) == {A4_PORTRAIT}
    text = flat(" ".join(pdf_text(content)))
    expected = [
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC SỞ GDĐT",
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ và tên: Trần Văn Đức",
        "- Giới tính: Nam",
        "- Đơn vị công tác: Trường A1",
        "- Chức vụ: Giáo viên",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1. Chức năng, nhiệm vụ được giao",
        "Giáo viên chủ nhiệm lớp 3A.",
        "2. Thành tích đạt được",
        "Dạy giỏi cấp huyện; 100% học sinh hoàn thành.",
        "3. Sáng kiến, giải pháp, đề tài",
        "Sáng kiến “Học nhóm nhỏ”.",
        "Đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo (mẫu M1)",
        "lĩnh vực: Phương pháp giảng dạy; giải pháp: Tổ chức học theo nhóm nhỏ.",
        "Nhóm nhà giáo cùng nhau phát triển “Nhóm nâng cao chất lượng học Toán”",
        "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN",
        "Năm học 2024 - 2025: Lao động tiên tiến.",
    ]
    positions = [text.index(item) for item in expected]
    assert positions == sorted(positions)
    assert text.count("Đăng ký thực hiện nhiệm vụ đổi mới") == 1
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    assert text.endswith("Trần Thị Ht_a1 Trần Văn Đức")  # the principal, the nominee
    assert document.filename("pdf") == f"bao-cao-thanh-tich-tran-van-duc-{nomination.pk}.pdf"


def test_achievement_report_of_a_collective(dossier):
    _, nominations = dossier
    school = nominations[-1]
    text = flat(pdf_text(AchievementReportDocument(load_nomination(school.pk)).pdf())[0])
    assert "ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU “TẬP THỂ LAO ĐỘNG TIÊN TIẾN”" in text
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text
    assert "- Tên tập thể: Trường A1" in text
    assert "- Cơ quan quản lý trực tiếp: Phòng A" in text
    assert "2. Chức năng, nhiệm vụ" in text
    assert "THỦ TRƯỞNG CƠ QUAN CẤP TRÊN HIỆU TRƯỞNG TRỰC TIẾP NHẬN XÉT, XÁC NHẬN" in text
    assert "Chưa có." in text  # no previous awards
    team = flat(pdf_text(AchievementReportDocument(load_nomination(nominations[-2].pk)).pdf())[0])
    assert "- Tên tập thể: Tổ công đoàn 1" in team
    assert "- Thuộc đơn vị: Trường A1" in team
    assert "TỔ TRƯỞNG" in team


DECIDED = datetime.date(2026, 12, 15)  # base salary 2.530.000 đồng (AWARDS.md)


@pytest.fixture
def decision(dossier, tree):
    _, nominations = dossier
    # One person also gets LĐTT (0,3 × base salary) besides the school's TTLĐTT (0,8 ×).
    ldtt = make_nomination(
        nominations[0].round,
        nominations[0].person,
        title="ldtt",
        status=Nomination.Status.ACCEPTED,
        holder=tree.office_a,
    )
    # The Phòng prepares the decision of its district chair (Luật 2022, Điều 80 khoản 2).
    Organization.objects.filter(pk=tree.office_a.pk).update(governing_body="UBND HUYỆN MẪU")
    decision = make_decision(tree.office_a, [*nominations, ldtt], decision_date=DECIDED)
    Decision.objects.filter(pk=decision.pk).update(signer_position="PHÓ CHỦ TỊCH")
    return decision


def test_decision_reads_like_a_quyết_định(decision):
    document = DecisionDocument(load_decision(decision.pk))
    content = document.pdf()
    assert page_sizes(content) == {A4_PORTRAIT}
    assert fonts(content) <= LIBERATION
    first, annex = pdf_text(content)
    text = flat(first)
    reference = f"12/QĐ-{decision.organization.abbreviation}"
    expected = [
        "ỦY BAN NHÂN DÂN",  # over "HUYỆN MẪU": the line breaks before the place
        f"Số: {reference}",
        "QUYẾT ĐỊNH Về việc khen thưởng đợt Quý IV năm 2026",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN MẪU",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Căn cứ Nghị định 152/2025/NĐ-CP",
        "Xét đề nghị của Trường A1 tại Tờ trình số 05/TTr-THA1 ngày",
        "QUYẾT ĐỊNH:",
        "Điều 1. Khen thưởng 02 tập thể và 05 cá nhân có tên trong danh sách kèm theo",
        "Điều 2. Tiền thưởng thực hiện theo quy định tại Nghị định 152/2025/NĐ-CP, Điều 50 "
        "và 54, tính trên mức lương cơ sở 2.530.000 đồng (Nghị định 161/2026/NĐ-",
        "Tổng số tiền thưởng: 7.350.000 đồng (Bằng chữ: Bảy triệu ba trăm năm mươi nghìn "
        "đồng), trích từ Quỹ thi đua, khen thưởng của Ủy ban nhân dân huyện Mẫu.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "Nơi nhận: KT. CHỦ TỊCH - Như Điều 3; PHÓ CHỦ TỊCH - Lưu: VT, TĐKT. Nguyễn Văn Ký",
    ]
    positions = [text.index(item) for item in expected]
    assert positions == sorted(positions)
    assert "Nghị định 98/2023" not in text  # the bases in force on the decision's date
    annex = flat(annex)
    assert "DANH SÁCH KHEN THƯỞNG" in annex
    assert f"(Kèm theo Quyết định số {reference} ngày 15/12/2026" in annex
    assert "của Chủ tịch Ủy ban nhân dân huyện Mẫu)" in annex
    assert "Danh hiệu / Số tiền STT Họ và tên Chức vụ Đơn vị hình thức (đồng)" in annex
    assert "I Tập thể (02) 1 Tổ công đoàn 1 Trường A1 Giấy khen 1.520.000" in annex
    assert "2 Trường A1 Trường A1 Tập thể lao 2.030.000 động tiên tiến" in annex
    assert "II Cá nhân (05) 1 Lê Thị Ánh Giáo viên Trường A1 Giấy khen 760.000" in annex
    assert "5 Trần Văn Đức Giáo viên Trường A1 Lao động tiên 760.000 tiến" in annex
    assert annex.endswith(
        "Tổng cộng 7.350.000 Tổng số tiền thưởng: 7.350.000 đồng (Bằng chữ: Bảy triệu ba "
        "trăm năm mươi nghìn đồng)."
    )
    abbreviation = decision.organization.abbreviation.lower()
    assert document.filename("pdf") == f"quyet-dinh-12-qd-{abbreviation}.pdf"


def test_amount_recorded_on_the_awardee_wins(decision):
    decision.awardees.filter(title__code="ldtt").update(amount=1_000_000)
    text = flat(" ".join(pdf_text(DecisionDocument(load_decision(decision.pk)).pdf())))
    assert "Tổng số tiền thưởng: 7.590.000 đồng" in text


def test_decision_of_one_award_form_says_what_it_gives(tree):
    round_ = make_round(tree.school_a1)
    nominations = [
        make_nomination(round_, person_of(tree.users[role]), award_form="giay-khen-hieu-truong")
        for role in ("teacher_a1", "leader_a1")
    ]
    decision = make_decision(tree.school_a1, nominations, decision_date=DECIDED)
    Decision.objects.filter(pk=decision.pk).update(
        signer_authority="", signer_position="Hiệu trưởng", signer_name="Trần Thị Ht_a1"
    )
    text = flat(" ".join(pdf_text(DecisionDocument(load_decision(decision.pk)).pdf())))
    assert "HIỆU TRƯỞNG TRƯỜNG A1" in text
    assert "Điều 1. Tặng Giấy khen (Hiệu trưởng) cho 02 cá nhân có tên trong danh sách" in text
    assert "đã có thành tích xuất sắc trong phong trào thi đua" in text
    assert "Tổng số tiền thưởng: 1.520.000 đồng (Bằng chữ: Một triệu năm trăm hai mươi" in text
    assert "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Trường A1." in text
    assert "Nơi nhận: HIỆU TRƯỞNG - Như Điều 3; - Lưu: VT, TĐKT. Trần Thị Ht_a1" in text


@pytest.mark.parametrize(
    ("authority", "position", "kind", "decider", "block"),
    [
        ("KT.", "Phó Giám đốc", "department", "Giám đốc Sở X", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        ("", "Giám đốc", "department", "Giám đốc Sở X", ("", "GIÁM ĐỐC")),
        ("Q.", "Giám đốc", "department", "Giám đốc Sở X", ("", "Q. GIÁM ĐỐC")),
        (
            "TM",
            "Chủ tịch",
            "commune",
            "Sở X",
            ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        ),
        ("", "", "school", "Hiệu trưởng Sở X", ("", "HIỆU TRƯỞNG")),
    ],
)
def test_decision_signature_blocks(authority, position, kind, decider, block):
    from schools.models import Organization

    decision = Decision(
        organization=Organization(name="Sở X", kind=kind),
        signer_authority=authority,
        signer_position=position,
        signer_name="A",
    )
    found, signature = decision_heads(decision)
    assert found == decider
    assert (signature["authority_line"], signature["position"]) == block


def test_money_and_words():
    assert money(2_340_000) == "2.340.000 đồng"
    assert money(702_000) == "702.000 đồng"
    cases = {
        0: "không",
        5: "năm",
        15: "mười lăm",
        21: "hai mươi mốt",
        105: "một trăm linh năm",
        1_872_000: "một triệu tám trăm bảy mươi hai nghìn",
        1_005_000: "một triệu không trăm linh năm nghìn",
        2_340_000: "hai triệu ba trăm bốn mươi nghìn",
        3_000_000_000: "ba tỷ",
    }
    for number, words in cases.items():
        assert number_in_words(number) == words, number
    assert money_in_words(702_000) == "Bảy trăm linh hai nghìn đồng"
    assert Decimal("0.30") * 2_340_000 == 702_000


# --- views -----------------------------------------------------------------------------


def test_previews_and_pdfs_of_a_proposal(client, tree, dossier):
    proposal, nominations = dossier
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("proposal_document", kwargs={"pk": proposal.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="document preview"' in html and "TỜ TRÌNH" in html
    assert reverse("proposal_document_pdf", kwargs={"pk": proposal.pk}) in html
    assert reverse("proposal_list_document", kwargs={"pk": proposal.pk}) in html
    pdf = client.get(reverse("proposal_document_pdf", kwargs={"pk": proposal.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'inline; filename="to-trinh-05-ttr-tha1.pdf"'
    assert pdf.content.startswith(b"%PDF")
    listing = client.get(reverse("proposal_list_pdf", kwargs={"pk": proposal.pk}))
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in pdf_text(listing.content)[0]
    report = client.get(reverse("nomination_report", kwargs={"pk": nominations[0].pk}))
    assert "BÁO CÁO THÀNH TÍCH" in report.content.decode()
    client.force_login(tree.users["office_b"])
    assert client.get(reverse("proposal_document", kwargs={"pk": proposal.pk})).status_code == 404


def test_draft_proposal_stays_at_home(client, tree, dossier):
    proposal, _ = dossier
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.DRAFT)
    url = reverse("proposal_document_pdf", kwargs={"pk": proposal.pk})
    client.force_login(tree.users["office_a"])
    assert client.get(url).status_code == 404
    client.force_login(tree.users["principal_a1"])
    assert client.get(url).status_code == 200


def test_decision_preview_offers_certificates_to_its_managers_only(client, tree, decision):
    url = reverse("decision_document", kwargs={"pk": decision.pk})
    start = reverse("decision_certificates", kwargs={"pk": decision.pk})
    client.force_login(tree.users["office_a"])
    html = client.get(url).content.decode()
    assert start in html and "Tạo giấy khen (PDF)" in html and "csrfmiddlewaretoken" in html
    client.force_login(tree.users["teacher_a1"])
    html = client.get(url).content.decode()
    assert "QUYẾT ĐỊNH" in html and start not in html
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.DRAFT)
    client.force_login(tree.users["office_a"])
    html = client.get(url).content.decode()
    assert "QUYẾT ĐỊNH" in html and start not in html  # a draft: no certificates yet
    client.force_login(tree.users["teacher_a1"])
    assert client.get(url).status_code == 404


def test_proposal_preview_queries_do_not_grow_with_the_list(
    client, tree, dossier, django_assert_max_num_queries
):
    proposal, nominations = dossier
    client.force_login(tree.users["principal_a1"])
    url = reverse("proposal_list_document", kwargs={"pk": proposal.pk})
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    few = len(few.captured_queries)  # read before the next request resets the log
    for index in range(10):
        extra = make_nomination(
            nominations[0].round,
            PersonFactory(organization=tree.school_a1, full_name=f"Vũ Văn Thêm{index}"),
            status=Nomination.Status.SUBMITTED,
            holder=tree.office_a,
        )
        ProposalItem.objects.create(proposal=proposal, nomination=extra, order=10 + index)
    client.get(url)  # the roles kept again after the awards changed
    with django_assert_max_num_queries(few):
        client.get(url)
