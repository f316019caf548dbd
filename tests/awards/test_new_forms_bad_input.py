"""Bad input on every form issue 13 added: a Vietnamese message at the form, never a
500, nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import AwardPolicy, AwardRecord, HistoryImport, Minutes, TitleRegistration
from tests.awards.object_urls.blocks import ranked_block_of_a1
from tests.awards.object_urls.workflow import vote_of_a1

pytestmark = pytest.mark.usefixtures("catalogue")

GARBAGE = {
    "person": "x",
    "unit": "99999999999999999999",
    "title": "²",
    "award_form": "-1",
    "school_year": "abc",
    "decision_number": "",
    "decision_date": "31/02/2026",
    "authority": "",
    "place": "",
    "started_at": "25:61",
    "secretary": "0",
    "member": "²",
    "conference_date": "hôm qua",
    "head": "",
    "union_chair": "x",
    "content": "",
    "unregistered": "delete",
    "round": "1e9",
    "achievements": "",
}


@pytest.mark.parametrize(
    "name",
    [
        "history_add",
        "title_registration_add",
        "covenant_edit",
        "policy_edit",
        "minutes_edit",
        "written_opinion",
        "block_nomination_create",
        "title_registration_own",
    ],
)
def test_garbage_gets_messages_not_a_500(tree, client, name):
    target = {
        "minutes_edit": lambda: vote_of_a1(tree).pk,
        "written_opinion": lambda: vote_of_a1(tree).pk,
        "block_nomination_create": lambda: ranked_block_of_a1(tree).pk,
    }.get(name, lambda: tree.school_a1.pk)()
    client.force_login(tree.users["principal_a1"])
    response = client.post(reverse(name, args=[target]), GARBAGE)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not AwardRecord.objects.exists() and not TitleRegistration.objects.exists()
    assert not Minutes.objects.exists() and not AwardPolicy.objects.exists()


@pytest.mark.parametrize("name", ["history_upload", "title_registration_upload"])
def test_a_file_that_is_not_excel_is_told_at_the_preview(tree, client, name):
    client.force_login(tree.users["principal_a1"])
    upload = SimpleUploadedFile("danh-sach.xlsx", b"%PDF-1.4 not a workbook")
    response = client.post(reverse(name, args=[tree.school_a1.pk]), {"file": upload})
    assert response.status_code == 302
    kept = HistoryImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "không phải tệp Excel" in page
    assert client.post(response["Location"]).status_code == 302  # confirm: refused
    kept.refresh_from_db()
    assert kept.status == HistoryImport.Status.PENDING
    empty = client.post(reverse(name, args=[tree.school_a1.pk]), {})
    assert "Hãy chọn tệp Excel" in empty.content.decode()
