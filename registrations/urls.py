from django.urls import path

from .views import actions, detail, downloads, participation, review, teacher

# One URL per action on a form: registrations/m1/<pk>/submit/ (registration_submit),
# .../withdraw/, .../forward/, .../return/, .../approve/, .../result/, .../extend/, and
# the same for M2 (group_submit, ...).
ACTION_URLS = [
    path(f"registrations/{kind}/<id:pk>/{name}/", view, name=f"{prefix}_{name}")
    for kind, prefix, views in (
        ("m1", "registration", actions.REGISTRATION_VIEWS),
        ("m2", "group", actions.GROUP_VIEWS),
    )
    for name, view in views.items()
]

urlpatterns = [
    path("registrations/", teacher.registration_list, name="registration_list"),
    path(
        "registrations/campaigns/<id:pk>/m1/",
        teacher.registration_create,
        name="registration_create",
    ),
    path("registrations/campaigns/<id:pk>/m2/", teacher.group_create, name="group_create"),
    path("registrations/m1/<id:pk>/", detail.registration_detail, name="registration_detail"),
    path("registrations/m1/<id:pk>/edit/", teacher.registration_edit, name="registration_edit"),
    path("registrations/m2/<id:pk>/", detail.group_detail, name="group_detail"),
    path("registrations/m2/<id:pk>/edit/", teacher.group_edit, name="group_edit"),
    *ACTION_URLS,
    path("registrations/people-search/", teacher.people_search, name="people_search"),
    path("registrations/review/", review.review_list, name="review_list"),
    path("registrations/review/approve/", review.approve_selected, name="approve_selected"),
    path(
        "registrations/campaigns/<id:pk>/participation/",
        participation.school_page,
        name="participation_school",
    ),
    path(
        "registrations/campaigns/<id:pk>/remind/<id:unit_pk>/",
        participation.remind,
        name="participation_remind",
    ),
    path(
        "registrations/campaigns/<id:pk>/extend/",
        participation.extend,
        name="participation_extend",
    ),
    path(
        "registrations/offices/<id:pk>/participation/",
        participation.office_page,
        name="participation_office",
    ),
    path("registrations/m1/<id:pk>/pdf/", downloads.registration_pdf, name="registration_pdf"),
    path("registrations/m2/<id:pk>/pdf/", downloads.group_pdf, name="group_pdf"),
    path(
        "registrations/campaigns/<id:pk>/forms.pdf",
        downloads.campaign_forms_pdf,
        name="campaign_forms_pdf",
    ),
    path(
        "registrations/campaigns/<id:pk>/summary.xlsx",
        downloads.campaign_summary_xlsx,
        name="campaign_summary_xlsx",
    ),
    path(
        "registrations/offices/<id:pk>/summary.xlsx",
        downloads.office_summary_xlsx,
        name="office_summary_xlsx",
    ),
]
