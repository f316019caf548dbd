"""Each views module of awards owns its URLs; this list only joins them."""

from .views import (
    council,
    decisions,
    documents,
    history,
    home,
    nominations,
    proposals,
    rounds,
    verify,
)

urlpatterns = [
    *home.urlpatterns,
    *council.urlpatterns,
    *nominations.urlpatterns,
    *proposals.urlpatterns,
    *decisions.urlpatterns,
    *rounds.urlpatterns,
    *documents.urlpatterns,
    *verify.urlpatterns,
    *history.urlpatterns,
]
