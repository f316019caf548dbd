from django.urls import path

from . import views
from .blocks import actions
from .blocks import views as blocks
from .editor import views as editor

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", editor.plan_new, name="plan_new"),
    path("plans/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:pk>/edit/", editor.plan_edit, name="plan_edit"),
    path("plans/<id:pk>/autosave/", editor.plan_autosave, name="plan_autosave"),
    path("plans/<id:pk>/paste/", editor.plan_paste, name="plan_paste"),
    path("plans/<id:pk>/publish/", editor.plan_publish, name="plan_publish"),
    path("plans/<id:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plans/<id:pk>/docx/", views.plan_docx, name="plan_docx"),
    path("plans/<id:pk>/signed/", views.plan_signed_scan, name="plan_signed_scan"),
    path("blocks/", blocks.block_list, name="block_list"),
    path("blocks/offices/<id:pk>/create/", blocks.block_create, name="block_create"),
    path("blocks/<id:pk>/", blocks.block_detail, name="block_detail"),
    path("blocks/<id:pk>/deadlines/", actions.set_deadlines, name="block_deadlines"),
    path("blocks/<id:pk>/targets/", actions.set_target_items, name="block_target_items"),
    path("blocks/<id:pk>/targets/fill/", actions.fill_targets, name="block_fill_targets"),
    path(
        "blocks/<id:pk>/covenant/confirm/",
        actions.confirm_covenant,
        name="block_confirm_covenant",
    ),
    path("blocks/<id:pk>/meetings/new/", actions.schedule_meeting, name="block_meeting_create"),
    path(
        "blocks/meetings/<id:pk>/minutes/",
        actions.record_minutes,
        name="block_meeting_record_minutes",
    ),
    path(
        "blocks/<id:pk>/reports/deadline/",
        actions.set_report_deadline,
        name="block_report_deadline",
    ),
    path("blocks/reports/<id:pk>/", blocks.report_detail, name="block_report_detail"),
    path("blocks/reports/<id:pk>/submit/", actions.submit_report, name="block_report_submit"),
    path("blocks/reports/<id:pk>/file/", blocks.report_file, name="block_report_file"),
    path("blocks/<id:pk>/criteria/", actions.set_criteria, name="block_criteria"),
    path("blocks/<id:pk>/scores/", actions.score, name="block_score"),
    path("blocks/<id:pk>/ranking/close/", actions.close_ranking, name="block_ranking_close"),
    path("blocks/<id:pk>/ranking/reopen/", actions.reopen_ranking, name="block_ranking_reopen"),
    path("blocks/<id:pk>/ranking/approve/", actions.approve_ranking, name="block_ranking_approve"),
    path("blocks/<id:pk>/vote/", actions.cast_vote, name="block_vote"),
    path("blocks/<id:pk>/vote/close/", actions.close_vote, name="block_vote_close"),
    path("blocks/<id:pk>/vote/reopen/", actions.reopen_vote, name="block_vote_reopen"),
    path("blocks/<id:pk>/covenant.pdf", blocks.covenant_pdf, name="block_covenant_pdf"),
    path("blocks/<id:pk>/covenant.docx", blocks.covenant_docx, name="block_covenant_docx"),
    path("blocks/meetings/<id:pk>/ics/", blocks.meeting_ics, name="block_meeting_ics"),
    path(
        "blocks/meetings/<id:pk>/minutes.pdf",
        blocks.meeting_minutes_file,
        name="block_meeting_minutes",
    ),
]
