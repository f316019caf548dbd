from django.urls import path

from .views import downloads, participation, review, teacher

urlpatterns = [
    path("registrations/", teacher.registration_list, name="registration_list"),
    path(
        "registrations/campaigns/<int:pk>/m1/",
        teacher.registration_create,
        name="registration_create",
    ),
    path("registrations/campaigns/<int:pk>/m2/", teacher.group_create, name="group_create"),
    path("registrations/m1/<int:pk>/", teacher.registration_detail, name="registration_detail"),
    path("registrations/m1/<int:pk>/edit/", teacher.registration_edit, name="registration_edit"),
    path("registrations/m2/<int:pk>/", teacher.group_detail, name="group_detail"),
    path("registrations/m2/<int:pk>/edit/", teacher.group_edit, name="group_edit"),
    path(
        "registrations/m1/<int:pk>/action/", review.registration_action, name="registration_action"
    ),
    path("registrations/m2/<int:pk>/action/", review.group_action, name="group_action"),
    path("registrations/people-search/", teacher.people_search, name="people_search"),
    path("registrations/review/", review.review_list, name="review_list"),
    path("registrations/review/approve/", review.approve_selected, name="approve_selected"),
    path(
        "registrations/campaigns/<int:pk>/participation/",
        participation.school_page,
        name="participation_school",
    ),
    path(
        "registrations/campaigns/<int:pk>/remind/<int:unit_pk>/",
        participation.remind,
        name="participation_remind",
    ),
    path(
        "registrations/campaigns/<int:pk>/extend/",
        participation.extend,
        name="participation_extend",
    ),
    path(
        "registrations/offices/<int:pk>/participation/",
        participation.office_page,
        name="participation_office",
    ),
    path("registrations/m1/<int:pk>/pdf/", downloads.registration_pdf, name="registration_pdf"),
    path("registrations/m2/<int:pk>/pdf/", downloads.group_pdf, name="group_pdf"),
    path(
        "registrations/campaigns/<int:pk>/forms.pdf",
        downloads.campaign_forms_pdf,
        name="campaign_forms_pdf",
    ),
    path(
        "registrations/campaigns/<int:pk>/summary.xlsx",
        downloads.campaign_summary_xlsx,
        name="campaign_summary_xlsx",
    ),
    path(
        "registrations/offices/<int:pk>/summary.xlsx",
        downloads.office_summary_xlsx,
        name="office_summary_xlsx",
    ),
]
