"""Object URLs of awards/views/year_start.py (registrations, covenant, policy)."""

from tests.roles import SEES_A1, STAFF_OF_A1

SCHOOL_MANAGERS_A1 = {"admin", "principal_a1"}


def school_a1(tree):
    return tree.school_a1


OBJECT_URLS = {
    "title_registration_list": (school_a1, SEES_A1, "get", {}),
    "title_registration_own": (school_a1, STAFF_OF_A1, "get", {}),
    "title_registration_add": (school_a1, SCHOOL_MANAGERS_A1, "get", {}),
    "title_registration_xlsx": (school_a1, SEES_A1, "get", {}),
    "title_registration_pdf": (school_a1, SEES_A1, "get", {}),
    "title_registration_docx": (school_a1, SEES_A1, "get", {}),
    "title_registration_upload": (school_a1, SCHOOL_MANAGERS_A1, "get", {}),
    "covenant_edit": (school_a1, SCHOOL_MANAGERS_A1, "get", {}),
    "policy_edit": (school_a1, SCHOOL_MANAGERS_A1, "get", {}),
}
