"""Object URLs of awards/views/minutes.py (the council's minutes and written opinions)."""

from tests.awards.object_urls.workflow import vote_of_a1
from tests.roles import SEES_A1

SCHOOL_MANAGERS_A1 = {"admin", "principal_a1"}

OBJECT_URLS = {
    "minutes_edit": (vote_of_a1, SCHOOL_MANAGERS_A1, "get", {}),
    "written_opinion": (vote_of_a1, SCHOOL_MANAGERS_A1, "get", {}),
    "minutes_pdf": (vote_of_a1, SEES_A1, "get", {}),
    "minutes_docx": (vote_of_a1, SEES_A1, "get", {}),
}
