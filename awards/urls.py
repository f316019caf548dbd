"""Each views module of awards owns its URLs; this list only joins them."""

from .views import (
    block_nominations,
    council,
    decisions,
    documents,
    history,
    home,
    minutes,
    nominations,
    office_home,
    proposal_review,
    proposals,
    rounds,
    signoff,
    verify,
    year_start,
)

urlpatterns = [
    *home.urlpatterns,
    *council.urlpatterns,
    *minutes.urlpatterns,
    *nominations.urlpatterns,
    *proposals.urlpatterns,
    *proposal_review.urlpatterns,
    *decisions.urlpatterns,
    *signoff.urlpatterns,
    *rounds.urlpatterns,
    *office_home.urlpatterns,
    *documents.urlpatterns,
    *verify.urlpatterns,
    *history.urlpatterns,
    *year_start.urlpatterns,
    *block_nominations.urlpatterns,
]
