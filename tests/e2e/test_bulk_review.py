"""The Phòng reviews a school's proposal (issue 15, item 7): beside each nomination the
rules' verdict, the evidence and the achievements ("xem thêm" opens the whole text);
"Chọn tất cả" ticks every waiting one, "Chấp nhận các đề nghị đã chọn" asks first and
accepts them together. At 1366 and 390 px, with screenshots in $SCREENSHOT_DIR when set."""

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Evidence, Nomination, Proposal, ProposalItem, Round
from schools.models import Organization, Person
from tests.e2e.conftest import login, picture
from tests.factories.awards import make_nomination

LONG = (
    "Giáo viên dạy giỏi cấp huyện ba năm liền; chủ nhiệm lớp có 100% học sinh hoàn thành "
    "chương trình; hướng dẫn học sinh đạt giải Nhì cuộc thi Viết chữ đẹp cấp tỉnh; tham gia "
    "biên soạn tài liệu ôn tập môn Tiếng Việt dùng chung cho các trường trong huyện. "
    "Cuối cùng: được phụ huynh và đồng nghiệp tín nhiệm."
)


def sent_proposal(school, number):
    """A proposal of a demo school sent to its Phòng: three nominations of its staff,
    the first with evidence and long achievements, the last for Lao động tiên tiến
    without the evaluation it needs (blocked by the rules)."""
    round_ = Round.objects.filter(deadline__gte=timezone.localdate()).order_by("deadline")[0]
    proposal = Proposal.objects.create(
        organization=school,
        recipient=school.parent,
        round=round_,
        status=Proposal.Status.SENT,
        number=number,
        symbol="TTr-TEST",
        sent_at=timezone.now(),
    )
    people = list(Person.objects.filter(organization=school).order_by("-pk")[:3])
    for order, person in enumerate(people):
        nomination = make_nomination(
            round_,
            person,
            status=Nomination.Status.SUBMITTED,
            holder=school.parent,
            title="ldtt" if order == 2 else None,
            achievements=LONG if order == 0 else "Hoàn thành xuất sắc nhiệm vụ năm học.",
        )
        ProposalItem.objects.create(proposal=proposal, nomination=nomination, order=order)
        if order == 0:
            evidence = Evidence(
                nomination=nomination, name="a.pdf", kind="pdf", size=9, sha256="0" * 64
            )
            evidence.file.save("a.pdf", ContentFile(b"%PDF-1.4 "), save=False)
            evidence.save()
    return proposal


def test_the_office_accepts_the_chosen_nominations(page, live_server, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = Organization.objects.get(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng")
    schools = list(Organization.objects.filter(parent=office).order_by("name")[:2])
    login(page, live_server, "phong")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    for (width, height), school, number in zip(
        ((1366, 900), (390, 844)), schools, (901, 902), strict=True
    ):
        proposal = sent_proposal(school, number)
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/awards/proposals/{proposal.pk}/")
        first, _second, third = proposal.items.order_by("order")
        assert "1 minh chứng" in page.get_by_test_id(f"evidence-{first.pk}").inner_text()
        assert "Chưa đủ điều kiện" in page.get_by_test_id(f"verdict-{third.pk}").inner_text()
        achievements = page.get_by_test_id(f"achievements-{first.pk}")
        assert not achievements.get_by_text("Cuối cùng: được phụ huynh").is_visible()
        achievements.get_by_text("xem thêm").click()
        assert achievements.get_by_text("Cuối cùng: được phụ huynh").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        picture(page, f"review-{width}.png")

        page.get_by_label("Chọn tất cả", exact=True).check()
        assert page.locator("input[name=items]:checked").count() == 3
        assert page.get_by_test_id("accept-chosen").inner_text().endswith("3")
        page.once("dialog", dismiss)
        page.get_by_test_id("accept-chosen").click()
        assert questions[-1].startswith("Chấp nhận các đề nghị đã chọn?")
        assert set(proposal.items.values_list("outcome", flat=True)) == {"pending"}
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            page.get_by_test_id("accept-chosen").click()
        alerts = " ".join(page.locator(".alert").all_inner_texts())
        assert "Đã chấp nhận 3 đề nghị đã chọn." in alerts and "đã xét xong" in alerts
        assert set(proposal.items.values_list("outcome", flat=True)) == {"accepted"}
        page.goto(f"{live_server.url}/awards/proposals/{proposal.pk}/")
        assert page.get_by_test_id("proposal-status").inner_text() == "Cấp trên đã xét xong"
        assert page.get_by_test_id("items").inner_text().count("Chấp nhận") == 3
        picture(page, f"reviewed-{width}.png")
