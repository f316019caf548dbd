"""Public verification of a certificate (giấy khen) from the QR code printed on it: no
login; only the name, the award, the decision and the granting organisation are shown,
and only for a decision that has been recorded."""

from django.shortcuts import render
from django.urls import path

from ..models import Awardee, Decision


def verify(request, token):
    awardee = (
        Awardee.objects.filter(token=token, decision__status=Decision.Status.RECORDED)
        .select_related("decision__organization")
        .only(
            "name",
            "award_label",
            "decision__number",
            "decision__symbol",
            "decision__decision_date",
            "decision__status",
            "decision__organization__name",
        )
        .first()
    )
    response = render(request, "awards/verify.html", {"awardee": awardee})
    response["X-Robots-Tag"] = "noindex, nofollow"  # names are for the holder, not for search
    return response


urlpatterns = [
    path("verify/<uuid:token>/", verify, name="certificate_verify"),
]
