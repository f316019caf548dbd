"""Year-start registration (issue 13, item 4): each person registers, the principal sees,
prints and exports the list and imports it back; the covenant of the staff conference;
the school's rule for a nomination without registration."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardForm, StaffCovenant, Title, TitleRegistration
from awards.services import nominations, year_start
from awards.year_start_lists import RegistrationListExport
from schools.models import SchoolYear
from schools.services import ServiceError
from tests.awards.test_documents import pdf_text
from tests.factories import PersonFactory
from tests.factories.awards import make_round, person_of

pytestmark = pytest.mark.usefixtures("catalogue")


def title(code):
    return Title.objects.get(code=code)


def test_a_teacher_registers_and_the_principal_sees_the_list(tree, client):
    teacher = person_of(tree.users["teacher_a1"])
    client.force_login(tree.users["teacher_a1"])
    url = reverse("title_registration_own", args=[tree.school_a1.pk])
    response = client.post(url, {})
    assert "Hãy chọn danh hiệu" in response.context["form"].errors["title"][0]
    response = client.post(url, {"title": title("cstdcs").pk})
    assert response.status_code == 302
    assert TitleRegistration.objects.get(person=teacher).title.code == "cstdcs"
    page = client.get(reverse("title_registration_list", args=[tree.school_a1.pk]))
    assert "Bạn đã đăng ký: Chiến sĩ thi đua cơ sở" in page.content.decode()
    assert (
        client.get(reverse("title_registration_add", args=[tree.school_a1.pk])).status_code == 404
    )

    client.force_login(tree.users["principal_a1"])
    add = reverse("title_registration_add", args=[tree.school_a1.pk])
    response = client.post(add, {"unit": tree.group_a1.pk, "title": title("ttldtt").pk})
    assert response.status_code == 302
    list_url = reverse("title_registration_list", args=[tree.school_a1.pk])
    client.get(list_url)
    page = client.get(list_url).content.decode()
    assert "Tổ công đoàn 1" in page and "Tập thể lao động tiên tiến" in page
    assert "Ghi giao ước" in page  # no covenant yet


def test_the_list_page_costs_the_same_for_more_registrations(tree, client):
    year = SchoolYear.current()
    user = tree.users["principal_a1"]
    client.force_login(user)
    url = reverse("title_registration_list", args=[tree.school_a1.pk])
    counts = []
    for extra in (1, 20):
        for _number in range(extra):
            person = PersonFactory(organization=tree.school_a1)
            year_start.register(
                user, tree.school_a1, year, {"person": person, "title": title("ldtt")}
            )
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_list_round_trips_through_excel(tree, client):
    user = tree.users["principal_a1"]
    year = SchoolYear.current()
    teacher = person_of(tree.users["teacher_a1"])
    leader = person_of(tree.users["leader_a1"])
    year_start.register(user, tree.school_a1, year, {"person": teacher, "title": title("ldtt")})
    year_start.register(
        user,
        tree.school_a1,
        year,
        {
            "person": leader,
            "title": title("cstdcs"),
            "award_form": AwardForm.objects.get(code="giay-khen-hieu-truong"),
        },
    )
    before = {(r.holder_name, r.title_id, r.award_form_id) for r in TitleRegistration.objects.all()}
    content = RegistrationListExport(tree.school_a1, year).content()
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(
        [
            "STT",
            "Ông/Bà",
            "Họ và tên",
            "Chức vụ và đơn vị",
            "Đăng ký thi đua",
            "Đăng ký khen thưởng",
        ]
    )
    listed = {r[2]: r[3:] for r in rows[header + 1 :]}
    assert listed[leader.full_name] == [
        f"Giáo viên, {tree.school_a1.name}",
        "Chiến sĩ thi đua cơ sở",
        "Giấy khen (Hiệu trưởng)",
    ]
    # back in unchanged: the same registrations
    TitleRegistration.objects.all().delete()
    upload = year_start.upload_registrations(user, tree.school_a1, year, "dk.xlsx", content)
    assert all(not r["errors"] for r in upload.preview["rows"]), upload.preview
    year_start.import_registrations(user, upload)
    after = {(r.holder_name, r.title_id, r.award_form_id) for r in TitleRegistration.objects.all()}
    assert after == before
    # a changed title and a bad row: the preview says where, nothing is imported
    for row in sheet.iter_rows(min_row=header + 2):
        if row[2].value == teacher.full_name:
            row[4].value = "CSTĐCS"
    sheet.append([9, "Ông", "Người Lạ", "", "LĐTT", ""])
    out = io.BytesIO()
    sheet.parent.save(out)
    bad = year_start.upload_registrations(user, tree.school_a1, year, "dk.xlsx", out.getvalue())
    errors = [r for r in bad.preview["rows"] if r["errors"]]
    assert len(errors) == 1 and "Không tìm thấy Người Lạ" in errors[0]["errors"]["name"][0]
    with pytest.raises(ServiceError):
        year_start.import_registrations(user, bad)
    client.force_login(user)
    page = client.get(reverse("history_import_preview", args=[bad.pk])).content.decode()
    assert "1 dòng có lỗi" in page and "Đăng ký thi đua" in page


def test_the_printed_list(tree):
    from awards.year_start_lists import RegistrationListDocument

    user = tree.users["principal_a1"]
    year = SchoolYear.current()
    teacher = person_of(tree.users["teacher_a1"])
    year_start.register(user, tree.school_a1, year, {"person": teacher, "title": title("ldtt")})
    text = " ".join(pdf_text(RegistrationListDocument(tree.school_a1, year).pdf()))
    text = " ".join(text.split())
    assert "DANH SÁCH ĐĂNG KÝ THI ĐUA" in text
    assert teacher.full_name in text and "Lao động tiên tiến" in text


@pytest.mark.parametrize(
    ("policy", "refused", "warned"),
    [("refuse", True, False), ("warn", False, True), ("allow", False, False)],
)
def test_a_nomination_without_registration_follows_the_schools_rule(tree, policy, refused, warned):
    user = tree.users["principal_a1"]
    year_start.set_policy(user, tree.school_a1, policy)
    teacher = person_of(tree.users["teacher_a1"])
    round_ = make_round(tree.school_a1)
    data = {"person": teacher, "title": title("ldtt"), "achievements": "Hoàn thành tốt."}
    if refused:
        with pytest.raises(ServiceError, match="chưa đăng ký danh hiệu Lao động tiên tiến"):
            nominations.save_nomination(user, tree.school_a1, round_, data)
        year_start.register(
            user, tree.school_a1, SchoolYear.current(), {"person": teacher, "title": title("ldtt")}
        )
    saved = nominations.save_nomination(user, tree.school_a1, round_, data)
    assert bool(saved.registration_warning) == warned


def test_the_covenant_is_recorded(tree, client):
    client.force_login(tree.users["principal_a1"])
    url = reverse("covenant_edit", args=[tree.school_a1.pk])
    data = {
        "conference_date": "20/09/2026",
        "head": person_of(tree.users["principal_a1"]).pk,
        "union_chair": person_of(tree.users["chair_a1"]).pk,
        "content": "Thi đua dạy tốt, học tốt; 100% cán bộ đăng ký thi đua.",
    }
    response = client.post(url, {**data, "conference_date": "31/09/2026"})
    assert "Ngày không hợp lệ" in response.context["form"].errors["conference_date"][0]
    assert client.post(url, data).status_code == 302
    covenant = StaffCovenant.objects.get()
    assert covenant.union_chair == person_of(tree.users["chair_a1"])
    page = client.get(reverse("title_registration_list", args=[tree.school_a1.pk])).content.decode()
    assert "ký tại hội nghị ngày 20/09/2026" in page


def test_a_higher_title_registered_covers_the_lower_and_kinds_must_match(tree):
    user = tree.users["principal_a1"]
    year_start.set_policy(user, tree.school_a1, "refuse")
    teacher = person_of(tree.users["teacher_a1"])
    year_start.register(
        user, tree.school_a1, SchoolYear.current(), {"person": teacher, "title": title("cstdcs")}
    )
    round_ = make_round(tree.school_a1)
    data = {"person": teacher, "title": title("ldtt"), "achievements": "Hoàn thành tốt."}
    assert nominations.save_nomination(user, tree.school_a1, round_, data).pk
    with pytest.raises(ServiceError, match="dành cho tập thể, không cho cá nhân") as refused:
        year_start.register(
            user,
            tree.school_a1,
            SchoolYear.current(),
            {"person": teacher, "title": title("ttldtt")},
        )
    assert refused.value.field == "title"
