from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, floor, home, imports, organizations, people_export

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "people/<id:pk>/password/",
        accounts.person_password_reset,
        name="person_password_reset",
    ),
    path(
        "people/<id:pk>/password/shown/",
        accounts.person_password_shown,
        name="person_password_shown",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("orgs/", organizations.organization_list, name="organization_list"),
    path("orgs/<id:pk>/", organizations.organization_detail, name="organization_detail"),
    path("orgs/<id:pk>/people/", organizations.people_list, name="people_list"),
    path("orgs/<id:pk>/people.xlsx", people_export.people_export, name="people_export"),
    path("orgs/<id:pk>/import/", imports.staff_upload, name="staff_upload"),
    path("people/<id:pk>/", organizations.person_detail, name="person_detail"),
    path("imports/<id:pk>/", imports.staff_import_preview, name="staff_import_preview"),
    path("import-template.xlsx", imports.import_template, name="staff_import_template"),
] + (
    # The load benchmark's floor (bench/load/): on in development and under
    # `make bench-load`, off on a real site unless DJANGO_BENCH_FLOOR=true.
    [path("bench/floor/", floor.floor, name="bench_floor")] if settings.BENCH_FLOOR else []
)
