"""Object URLs of awards/views/history.py (award history pages, entry and import)."""

from awards.models import HistoryImport
from schools.models import Person
from tests.roles import MANAGES_A1, SEES_A1


def person_of_a1(tree):
    return Person.objects.get(user=tree.users["teacher_a1"])


def school_a1(tree):
    return tree.school_a1


def history_import_of_a1(tree):
    return HistoryImport.objects.create(
        organization=tree.school_a1,
        uploaded_by=tree.users["principal_a1"],
        file_name="ho-so.xlsx",
        content=b"",
        preview={"file_errors": [], "rows": []},
    )


def entered_record_of_a1(tree):
    import datetime

    from awards.models import AwardRecord, Title
    from schools.models import SchoolYear

    person = person_of_a1(tree)
    return AwardRecord.objects.create(
        organization=tree.school_a1,
        person=person,
        name=person.full_name,
        search_name=person.full_name.lower(),
        title=Title.objects.get(code="ldtt"),
        school_year=SchoolYear.for_date(datetime.date(2024, 3, 1)),
        decision_number="1/QĐ-UBND",
        decision_date=datetime.date(2024, 5, 1),
        authority="Chủ tịch UBND huyện",
        source=AwardRecord.Source.ENTERED,
    )


OBJECT_URLS = {
    "history_delete": (entered_record_of_a1, MANAGES_A1, "get", {}),
    "person_history": (person_of_a1, SEES_A1, "get", {}),
    "collective_history": (school_a1, SEES_A1, "get", {}),
    "history_add": (school_a1, MANAGES_A1, "get", {}),
    "history_upload": (school_a1, MANAGES_A1, "get", {}),
    "history_import_preview": (history_import_of_a1, MANAGES_A1, "get", {}),
}
