"""Regressions found in review: privilege changes through the admin, locked plan parts,
bad input that once gave 500s."""

from django.urls import reverse

from emulation.blocks import ranking as block_ranking
from emulation.blocks import services as block_services
from emulation.blocks.models import EmulationBlock, Score
from emulation.models import Plan, Theme
from registrations.models import ReviewEvent, Status
from schools.models import Organization, RoleAssignment, SchoolYear
from tests.factories.emulation import make_plan
from tests.factories.registrations import make_campaign, make_registration, person


def test_a_principal_cannot_grant_roles(client, tree):
    client.force_login(tree.users["principal_a1"])
    before = RoleAssignment.objects.count()
    response = client.post(
        reverse("admin:schools_roleassignment_add"),
        {
            "user": tree.users["principal_a1"].pk,
            "role": "administrator",
            "organization": tree.school_a1.pk,
            "school_year": SchoolYear.current().pk,
        },
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.count() == before


def test_a_principal_cannot_move_the_school_in_the_tree(client, tree):
    client.force_login(tree.users["principal_a1"])
    url = reverse("admin:schools_organization_change", args=[tree.school_a1.pk])
    form = client.get(url).context["adminform"].form
    assert "parent" not in form.fields and "kind" not in form.fields


def test_members_cannot_change_or_delete_a_block_in_the_admin(client, tree):
    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối",
        tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )
    client.force_login(tree.users["principal_a2"])
    client.post(reverse("admin:emulation_emulationblock_delete", args=[block.pk]), {"post": "yes"})
    assert EmulationBlock.objects.filter(pk=block.pk).exists()
    client.force_login(tree.users["office_a"])
    page = client.get(reverse("admin:emulation_emulationblock_change", args=[block.pk]))
    assert page.context["has_change_permission"] is True


def test_themes_of_an_issued_plan_are_locked(client, tree):
    plan = make_plan(tree.school_a1, Plan.Status.ISSUED)
    theme = plan.themes.get()
    client.force_login(tree.users["principal_a1"])
    url = reverse("admin:emulation_theme_change", args=[theme.pk])
    client.post(
        url,
        {"plan": plan.pk, "name": "Đổi tên", "awards-TOTAL_FORMS": 0, "awards-INITIAL_FORMS": 0},
    )
    assert Theme.objects.get(pk=theme.pk).name == "Chuyên đề 1: Lao động giỏi"
    assert client.get(url).context["has_change_permission"] is False


def test_history_without_an_actor_renders(client, tree):
    campaign = make_campaign(tree.school_a1)
    item = make_registration(campaign, person(tree.users["teacher_a1"]), Status.SUBMITTED)
    ReviewEvent.objects.create(
        registration=item, actor=None, action="submit", from_status="draft", to_status="submitted"
    )
    client.force_login(tree.users["chair_a1"])
    response = client.get(reverse("registration_detail", kwargs={"pk": item.pk}))
    assert response.status_code == 200 and "nộp" in response.content.decode()


def test_unicode_digits_are_not_ids(client, tree):
    client.force_login(tree.users["principal_a1"])
    url = reverse("people_list", kwargs={"pk": tree.school_a1.pk})
    assert client.get(url, {"unit": "²"}).status_code == 200
    campaign = make_campaign(tree.school_a1)
    client.force_login(tree.users["chair_a1"])
    assert client.get(reverse("review_list"), {"group": "²"}).status_code == 200
    response = client.post(
        reverse("approve_selected"), {"selected": "²", "campaign": campaign.pk}, follow=True
    )
    assert "Hãy chọn ít nhất một đăng ký" in response.content.decode()


def test_nan_scores_and_saved_scores_show_again(client, tree):
    block = block_services.create_block(
        tree.users["office_a"],
        tree.office_a,
        SchoolYear.current(),
        "Khối",
        tree.school_a1,
        [tree.school_a1, tree.school_a2],
    )
    block_ranking.set_criteria(tree.users["principal_a1"], block, [("Nhiệm vụ", 10)])
    criterion = block.criteria.get()
    client.force_login(tree.users["principal_a1"])
    url = reverse("block_score", kwargs={"pk": block.pk})
    for typed, error in (
        ("NaN", "Điểm “Nhiệm vụ” phải từ 0 đến 10."),
        ("Infinity", "Điểm “Nhiệm vụ” phải từ 0 đến 10."),
        ("abc", "Điểm “Nhiệm vụ” phải là một số."),
    ):
        refused = client.post(
            url,
            {"kind": "leader", "school": tree.school_a2.pk, f"points-{criterion.pk}": typed},
        )
        assert refused.status_code == 200
        page = refused.content.decode()
        assert error in page and f'value="{typed}"' in page
        assert [str(m) for m in refused.context["messages"]] == [error]
    assert not Score.objects.exists()
    client.post(
        url,
        {
            "kind": "leader",
            "school": tree.school_a2.pk,
            f"points-{criterion.pk}": "7.5",
            f"evidence-{criterion.pk}": "Biên bản số 3",
        },
    )
    assert Score.objects.get().points == 7.5
    page = client.get(reverse("block_detail", kwargs={"pk": block.pk})).content.decode()
    assert 'value="7,50"' in page and 'value="Biên bản số 3"' in page


def test_copy_to_next_year_gets_a_campaign_of_that_year(tree):
    from emulation import services

    plan = make_plan(tree.school_a1)
    copy = services.copy_to_next_year(tree.users["principal_a1"], plan)
    assert copy.campaign.school_year == copy.school_year != plan.campaign.school_year
    assert Organization.objects.filter(pk=tree.school_a1.pk).exists()
