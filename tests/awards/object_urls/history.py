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


OBJECT_URLS = {
    "person_history": (person_of_a1, SEES_A1, "get", {}),
    "collective_history": (school_a1, SEES_A1, "get", {}),
    "history_add": (school_a1, MANAGES_A1, "get", {}),
    "history_upload": (school_a1, MANAGES_A1, "get", {}),
    "history_import_preview": (history_import_of_a1, MANAGES_A1, "get", {}),
}
