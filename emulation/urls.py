from django.urls import path

from . import views
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
    path("blocks/<int:pk>/action/", blocks.block_action, name="block_action"),
    path("blocks/<int:pk>/covenant.pdf", blocks.covenant_pdf, name="block_covenant_pdf"),
    path("blocks/<int:pk>/covenant.docx", blocks.covenant_docx, name="block_covenant_docx"),
    path("blocks/meetings/<int:pk>/ics/", blocks.meeting_ics, name="block_meeting_ics"),
    path(
        "blocks/meetings/<int:pk>/minutes.pdf",
        blocks.meeting_minutes_file,
        name="block_meeting_minutes",
    ),
]
