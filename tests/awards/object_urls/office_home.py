"""Object URLs of awards/views/office_home.py: the reminder an office sends, from its home
page, to the units below that have not sent their proposal of a round. Posted without
`?office=`, each office user reminds for their own office (administrators for the
round's); everyone else finds no such round (404)."""

from tests.awards.object_urls.rounds import round_of_dept_a
from tests.roles import OFFICE_A

OBJECT_URLS = {
    "award_round_remind": (round_of_dept_a, OFFICE_A, "post", {}),
}
