from django.urls import path

from . import views
from .blocks import actions
from .blocks import views as blocks
from .editor import views as editor

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", editor.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", editor.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/autosave/", editor.plan_autosave, name="plan_autosave"),
    path("plans/<int:pk>/paste/", editor.plan_paste, name="plan_paste"),
    path("plans/<int:pk>/publish/", editor.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/docx/", views.plan_docx, name="plan_docx"),
    path("plans/<int:pk>/signed/", views.plan_signed_scan, name="plan_signed_scan"),
    path("blocks/", blocks.block_list, name="block_list"),
    path("blocks/offices/<int:pk>/create/", blocks.block_create, name="block_create"),
    path("blocks/<int:pk>/", blocks.block_detail, name="block_detail"),
    path("blocks/<int:pk>/deadlines/", actions.set_deadlines, name="block_deadlines"),
    path("blocks/<int:pk>/targets/", actions.set_target_items, name="block_target_items"),
    path("blocks/<int:pk>/targets/fill/", actions.fill_targets, name="block_fill_targets"),
    path(
        "blocks/<int:pk>/covenant/confirm/",
        actions.confirm_covenant,
        name="block_confirm_covenant",
    ),
    path("blocks/<int:pk>/meetings/new/", actions.schedule_meeting, name="block_meeting_create"),
    path(
        "blocks/meetings/<int:pk>/minutes/",
        actions.record_minutes,
        name="block_meeting_record_minutes",
    ),
    path(
        "blocks/<int:pk>/reports/deadline/",
        actions.set_report_deadline,
        name="block_report_deadline",
    ),
    path("blocks/reports/<int:pk>/", blocks.report_detail, name="block_report_detail"),
    path("blocks/reports/<int:pk>/submit/", actions.submit_report, name="block_report_submit"),
    path("blocks/reports/<int:pk>/file/", blocks.report_file, name="block_report_file"),
    path("blocks/<int:pk>/criteria/", actions.set_criteria, name="block_criteria"),
    path("blocks/<int:pk>/scores/", actions.score, name="block_score"),
    path("blocks/<int:pk>/ranking/close/", actions.close_ranking, name="block_ranking_close"),
    path("blocks/<int:pk>/ranking/reopen/", actions.reopen_ranking, name="block_ranking_reopen"),
    path("blocks/<int:pk>/ranking/approve/", actions.approve_ranking, name="block_ranking_approve"),
    path("blocks/<int:pk>/vote/", actions.cast_vote, name="block_vote"),
    path("blocks/<int:pk>/vote/close/", actions.close_vote, name="block_vote_close"),
    path("blocks/<int:pk>/vote/reopen/", actions.reopen_vote, name="block_vote_reopen"),
    path("blocks/<int:pk>/covenant.pdf", blocks.covenant_pdf, name="block_covenant_pdf"),
    path("blocks/<int:pk>/covenant.docx", blocks.covenant_docx, name="block_covenant_docx"),
    path("blocks/meetings/<int:pk>/ics/", blocks.meeting_ics, name="block_meeting_ics"),
    path(
        "blocks/meetings/<int:pk>/minutes.pdf",
        blocks.meeting_minutes_file,
        name="block_meeting_minutes",
    ),
]
