"""Award history (issue 13, item 3): imported with a preview and row errors, entered by
hand, written by the product's own decisions; a page per person and collective, an
accent-insensitive search; and the rules that read it."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.facts import SchoolFacts
from awards.history_import import COLUMNS
from awards.models import AwardRecord, HistoryImport, Title
from awards.rules import evaluate
from awards.services import history
from schools.models import SchoolYear
from schools.services import ServiceError
from tests.factories import PersonFactory
from tests.factories.awards import make_decision, make_nomination, make_round, person_of

pytestmark = pytest.mark.usefixtures("catalogue")
HEADER = [label for _name, label in COLUMNS]


def workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(name, year, award, number="125/QĐ-UBND", day="20/08/2024", born=""):
    return [name, born, year, award, number, day, "Chủ tịch UBND huyện Bàu Bàng"]


def upload(tree, rows):
    return history.upload_history(
        tree.users["principal_a1"], tree.school_a1, "ho-so.xlsx", workbook(rows)
    )


def test_the_import_previews_reports_bad_rows_then_imports(tree, client):
    an = PersonFactory(organization=tree.school_a1, full_name="Nguyễn Thị An")
    PersonFactory(organization=tree.school_a1, full_name="Lê Văn Bình")
    PersonFactory(organization=tree.school_a1, full_name="Lê Văn Bình")
    bad = upload(
        tree,
        [
            row("Nguyễn Thị An", "2023-2024", "Chiến sĩ thi đua cơ sở"),
            row("Không Có Ai", "2023-2024", "LĐTT"),
            row("Lê Văn Bình", "2023-2024", "LĐTT"),
            row("Nguyễn Thị An", "2023", "Danh hiệu lạ", day="31/02/2024"),
            row("Trường A1", "2023-2024", "Giấy khen"),
            row("Nguyễn Thị An", "2023-2024", "CSTĐCS"),  # the first row again
        ],
    )
    rows = {r["number"]: r["errors"] for r in bad.preview["rows"]}
    assert rows[2] == {}
    assert "Không tìm thấy Không Có Ai" in rows[3]["name"][0]
    assert "Có 2 người tên Lê Văn Bình: hãy ghi ngày sinh" in rows[4]["name"][0]
    assert set(rows[5]) == {"school_year", "decision_date"}
    assert "Hãy ghi rõ cấp tặng" in rows[6]["award"][0]
    assert rows[7]["award"] == ["Trùng với dòng 2."]
    with pytest.raises(ServiceError, match="còn 6 lỗi; chưa dòng nào được nhập"):
        history.import_history(tree.users["principal_a1"], bad)
    assert not AwardRecord.objects.exists()

    client.force_login(tree.users["principal_a1"])
    page = client.get(reverse("history_import_preview", args=[bad.pk])).content.decode()
    assert "5 dòng có lỗi" in page and "Không tìm thấy Không Có Ai" in page

    good = upload(
        tree,
        [
            row("nguyen thi an", "2023-2024", "Chiến sĩ thi đua cơ sở"),
            row("Nguyễn Thị An", "", "Lao động tiên tiến", day="15/06/2023"),
            row("Trường A1", "2023-2024", "Giấy khen (Giám đốc Sở GDĐT)", "08/QĐ-SGDĐT"),
            row("Tổ công đoàn 1", "2023-2024", "Tập thể lao động tiên tiến"),
        ],
    )
    assert all(not r["errors"] for r in good.preview["rows"]), good.preview
    response = client.post(reverse("history_import_preview", args=[good.pk]))
    assert response.status_code == 302
    good.refresh_from_db()
    assert (good.status, good.imported_count) == (HistoryImport.Status.DONE, 4)
    kept = {(r.name, r.award_label, r.school_year.name) for r in AwardRecord.objects.all()}
    assert ("Nguyễn Thị An", "Lao động tiên tiến", "2022-2023") in kept  # from the date
    assert ("Tổ công đoàn 1", "Tập thể lao động tiên tiến", "2023-2024") in kept
    assert AwardRecord.objects.get(person=an, title__code="cstdcs").source == "imported"


def test_a_persons_page_lists_titles_from_both_sources(tree, client, django_assert_num_queries):
    teacher = person_of(tree.users["teacher_a1"])
    upload_ok = upload(tree, [row(teacher.full_name, "2023-2024", "CSTĐCS")])
    history.import_history(tree.users["principal_a1"], upload_ok)
    # a decision recorded in the product writes its own history row
    round_ = make_round(tree.dept_a)
    nomination = make_nomination(round_, teacher, status="accepted", holder=tree.dept_a)
    from awards.services import decisions

    decision = decisions.create_decision(tree.users["dept_a"], tree.dept_a, round_)
    decisions.set_awardees(tree.users["dept_a"], decision, [nomination])
    decisions.record_decision(
        tree.users["dept_a"],
        decision,
        decision_date=datetime.date(2026, 12, 15),
        signer_name="Nguyễn Phương Dung",
        signer_position="PHÓ GIÁM ĐỐC",
        signer_authority="KT.",
    )
    client.force_login(tree.users["teacher_a1"])
    url = reverse("person_history", args=[teacher.pk])
    client.get(url)  # warm the session and the caches (the roles kept)
    with django_assert_num_queries(4):
        page = client.get(url).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in page and "Nhập từ Excel" in page
    assert "Giấy khen (Giám đốc Sở GDĐT)" in page and "Quyết định trong hệ thống" in page
    assert f"{decision.reference}" in page and "Giám đốc Sở A" in page


def test_search_ignores_accents_and_scope(tree, client):
    an = PersonFactory(organization=tree.school_a1, full_name="Nguyễn Thị Ấn")
    year = SchoolYear.for_date(datetime.date(2024, 3, 1))
    common = {
        "school_year": year,
        "decision_number": "1/QĐ-UBND",
        "decision_date": datetime.date(2024, 5, 1),
        "authority": "Chủ tịch UBND huyện",
        "title": Title.objects.get(code="ldtt"),
    }
    history.add_record(tree.users["principal_a1"], tree.school_a1, {"person": an, **common})
    other = PersonFactory(organization=tree.school_b1, full_name="Nguyễn Thị Ấn")
    history.add_record(tree.users["principal_b1"], tree.school_b1, {"person": other, **common})
    client.force_login(tree.users["office_a"])
    response = client.get(reverse("history_search"), {"q": "nguyen thi an", "year": year.name})
    names = [(r.name, r.organization_id) for r in response.context["page"].object_list]
    assert names == [("Nguyễn Thị Ấn", tree.school_a1.pk)]  # not school B1's
    with pytest.raises(ServiceError, match="Hồ sơ đã có Lao động tiên tiến năm học"):
        history.add_record(tree.users["principal_a1"], tree.school_a1, {"person": an, **common})


@pytest.mark.parametrize("extra", [0, 30])
def test_search_costs_the_same_queries_for_more_rows(
    tree, client, extra, django_assert_num_queries
):
    year = SchoolYear.for_date(datetime.date(2024, 3, 1))
    for i in range(extra + 1):
        person = PersonFactory(organization=tree.school_a1, full_name=f"Trần Văn Số {i}")
        history.add_record(
            tree.users["principal_a1"],
            tree.school_a1,
            {
                "person": person,
                "school_year": year,
                "decision_number": f"{i}/QĐ-UBND",
                "decision_date": datetime.date(2024, 5, 1),
                "authority": "Chủ tịch UBND huyện",
                "title": Title.objects.get(code="ldtt"),
            },
        )
    client.force_login(tree.users["principal_a1"])
    client.get(reverse("history_search"))  # the roles kept from then on
    with django_assert_num_queries(9):
        response = client.get(reverse("history_search"), {"q": "tran van"})
    assert response.context["page"].paginator.count == extra + 1


def test_the_add_form_keeps_the_input_and_shows_the_error_at_the_field(tree, client):
    teacher = person_of(tree.users["teacher_a1"])
    client.force_login(tree.users["principal_a1"])
    url = reverse("history_add", args=[tree.school_a1.pk])
    year = SchoolYear.current()
    data = {
        "person": teacher.pk,
        "title": Title.objects.get(code="ldtt").pk,
        "school_year": year.pk,
        "decision_number": "15/QĐ-UBND",
        "decision_date": "31/02/2025",
        "authority": "Chủ tịch UBND huyện Bàu Bàng",
    }
    response = client.post(url, data)
    assert "Ngày không hợp lệ" in response.context["form"].errors["decision_date"][0]
    assert 'value="15/QĐ-UBND"' in response.content.decode()
    response = client.post(url, {**data, "decision_date": "15/06/2025"})
    assert response.status_code == 302
    assert AwardRecord.objects.get(person=teacher).source == "entered"
    client.force_login(tree.users["teacher_a1"])  # sees the history, may not add to it
    assert client.get(url).status_code == 404


def facts_for(person, on_year):
    year = SchoolYear.for_date(datetime.date(on_year, 10, 1))
    return SchoolFacts([person], year).for_person(person)


def add(person, code, start_year, user):
    history.add_record(
        user,
        person.organization,
        {
            "person": person,
            "title": Title.objects.get(code=code),
            "school_year": SchoolYear.for_date(datetime.date(start_year, 10, 1)),
            "decision_number": f"{start_year}/QĐ",
            "decision_date": datetime.date(start_year + 1, 6, 20),
            "authority": "Chủ tịch UBND",
        },
    )


def verdict(person, code, year):
    title = Title.objects.get(code=code)
    on = datetime.date(year + 1, 5, 1)
    findings = evaluate(title, facts_for(person, year), on)
    return {f.rule.code: f.ok for f in findings}


def test_cstd_tinh_needs_three_consecutive_cstdcs_from_the_history(tree):
    user = tree.users["principal_a1"]
    steady = PersonFactory(organization=tree.school_a1, full_name="Phạm Thị Bền")
    for start in (2021, 2022, 2023):
        add(steady, "cstdcs", start, user)
    assert verdict(steady, "cstd-tinh", 2023)["cstd-tinh-3-nam"] is True
    broken = PersonFactory(organization=tree.school_a1, full_name="Phạm Văn Đứt")
    for start in (2020, 2022, 2023):
        add(broken, "cstdcs", start, user)
    assert verdict(broken, "cstd-tinh", 2023)["cstd-tinh-3-nam"] is False


def test_cstd_toan_quoc_needs_two_consecutive_provincial_awards(tree):
    """Two awards of CSTĐ tỉnh three years apart qualify (each one crowns three years of
    CSTĐCS); one award, or two with a gap, do not."""
    user = tree.users["principal_a1"]
    twice = PersonFactory(organization=tree.school_a1, full_name="Hoàng Thị Hai")
    add(twice, "cstd-tinh", 2020, user)
    add(twice, "cstd-tinh", 2023, user)
    assert verdict(twice, "cstd-toan-quoc", 2024)["cstdtq-2-lan"] is True
    once = PersonFactory(organization=tree.school_a1, full_name="Hoàng Văn Một")
    add(once, "cstd-tinh", 2023, user)
    assert verdict(once, "cstd-toan-quoc", 2024)["cstdtq-2-lan"] is False
    gap = PersonFactory(organization=tree.school_a1, full_name="Hoàng Văn Cách")
    add(gap, "cstd-tinh", 2016, user)
    add(gap, "cstd-tinh", 2023, user)
    assert verdict(gap, "cstd-toan-quoc", 2024)["cstdtq-2-lan"] is False


def test_the_template_opens_with_the_columns_and_the_choices(tree, client):
    client.force_login(tree.users["principal_a1"])
    response = client.get(reverse("history_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.active[1]] == HEADER
    choices = [c.value for c in wb["Hướng dẫn"]["B"] if c.value]
    assert "Chiến sĩ thi đua cơ sở" in choices and "Giấy khen (Hiệu trưởng)" in choices
    decision = make_decision(tree.dept_a, [])
    assert decision.pk


def test_search_survives_odd_ids(tree, client):
    client.force_login(tree.users["principal_a1"])
    for award in ("t-²", "f-99999999999999999999", "x-1", "t-"):
        response = client.get(reverse("history_search"), {"award": award, "organization": "²"})
        assert response.status_code == 200, award


def test_a_mistyped_row_is_taken_back_but_not_a_decisions(tree, client):
    teacher = person_of(tree.users["teacher_a1"])
    common = {
        "person": teacher,
        "school_year": SchoolYear.for_date(datetime.date(2024, 3, 1)),
        "decision_number": "9/QĐ-UBND",
        "decision_date": datetime.date(2024, 5, 1),
        "authority": "Chủ tịch UBND huyện",
        "title": Title.objects.get(code="ldtt"),
    }
    entry = history.add_record(tree.users["principal_a1"], tree.school_a1, common)
    client.force_login(tree.users["teacher_a1"])
    url = reverse("history_delete", args=[entry.pk])
    assert client.post(url).status_code == 404  # sees his history, may not change it
    client.force_login(tree.users["principal_a1"])
    page = client.get(reverse("person_history", args=[teacher.pk])).content.decode()
    assert url in page
    assert "Xoá khỏi hồ sơ khen thưởng?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not AwardRecord.objects.filter(pk=entry.pk).exists()
    decided = AwardRecord.objects.create(
        **{**common, "decision_number": "5/QĐ-SGDĐT"},
        organization=tree.school_a1,
        name=teacher.full_name,
        source=AwardRecord.Source.DECISION,
    )
    with pytest.raises(ServiceError, match="do quyết định 5/QĐ-SGDĐT ghi"):
        history.delete_record(tree.users["principal_a1"], decided)
