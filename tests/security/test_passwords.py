"""Passwords: every way to try one is throttled, and every way back in works.

The attack: changing a password was not throttled; the lockout counted one user name
from one address, so a few passwords tried on many user names were never throttled;
there was no password reset at all; sessions lasted 14 days and outlived the browser on
a shared staff-room computer."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from schools.models import Person, TemporaryPassword
from tests.factories import PersonFactory, UserFactory

ADDRESS = "10.0.0.7"


def login(client, username, password, address=ADDRESS):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def change(client, old, new="Mat-khau-moi-2026", address=ADDRESS):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
        REMOTE_ADDR=address,
    )


def test_a_wrong_current_password_is_a_failed_login(db):
    user = UserFactory(username="gv_doi")
    client = Client()
    client.force_login(user)
    for _ in range(4):
        response = change(client, "doan-sai")
        assert response.status_code == 200
        assert "Mật khẩu cũ" in response.content.decode() or "không đúng" in (
            response.content.decode()
        )
    fifth = change(client, "doan-sai")
    assert fifth.status_code == 429 and "Tài khoản tạm bị khoá" in fifth.content.decode()
    # Locked: the right current password is refused too, and so is logging in anew.
    assert change(client, "matkhau-123").status_code == 429
    user.refresh_from_db()
    assert user.check_password("matkhau-123")
    assert login(Client(), "gv_doi", "matkhau-123").status_code == 429
    # From another address the owner changes it.
    assert change(client, "matkhau-123", address="10.0.0.8").status_code == 302


def test_many_user_names_from_one_address_are_throttled(db, settings):
    """A guesser trying a couple of passwords on each of many accounts."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    UserFactory(username="hieutruong_x")
    for number in range(6):
        response = login(Client(), f"nguoi{number}", "123456")
        assert response.status_code == 200, number  # each name once: under the per-user 5
    response = login(Client(), "hieutruong_x", "matkhau-123")
    assert response.status_code == 429 and "Tài khoản tạm bị khoá" in response.content.decode()
    assert login(Client(), "hieutruong_x", "matkhau-123", address="10.0.0.9").status_code == 302


def test_the_address_limit_defaults_above_the_user_limit():
    """A staff room shares one address: the address limit leaves room for many people
    mistyping once."""
    assert django_settings.LOGIN_ADDRESS_FAILURE_LIMIT == 30
    assert django_settings.LOGIN_ADDRESS_FAILURE_LIMIT > django_settings.AXES_FAILURE_LIMIT


def test_password_reset_by_email_of_the_staff_record(client, db, mailoutbox, settings):
    user = UserFactory(username="gv_quen", email="")
    PersonFactory(user=user, email="gv.quen@truong.edu.vn")
    response = client.post(reverse("password_reset"), {"email": "GV.QUEN@truong.edu.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["GV.QUEN@truong.edu.vn"]
    assert message.subject == "Đặt lại mật khẩu – Thi đua, khen thưởng"
    assert "gv_quen" in message.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "Nam-hoc-2026-2027", "new_password2": "Nam-hoc-2026-2027"},
    )
    assert done.status_code == 302, done.context["form"].errors
    assert done["Location"] == reverse("password_reset_complete")
    assert login(Client(), "gv_quen", "Nam-hoc-2026-2027").status_code == 302
    # An unknown address gets the same page and no mail: nobody learns who has an account.
    response = client.post(reverse("password_reset"), {"email": "khong.co@example.vn"})
    assert response["Location"] == reverse("password_reset_done") and len(mailoutbox) == 1


def test_the_login_page_leads_to_the_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page and "Quên mật khẩu?" in page
    page = client.get(reverse("password_reset")).content.decode()
    assert "Không có email?" in page and "Email" in page


@pytest.fixture
def no_email_teacher(tree):
    user = UserFactory(username="gv_khong_email", email="")
    person = PersonFactory(organization=tree.school_a1, user=user, email="")
    return person


def test_an_administrator_resets_a_password_shown_once_and_changed_at_login(
    client, tree, no_email_teacher
):
    url = reverse("person_password_reset", args=[no_email_teacher.pk])
    client.force_login(tree.users["admin"])
    page = client.get(reverse("person_detail", args=[no_email_teacher.pk])).content.decode()
    assert 'data-testid="reset-password"' in page and "data-confirm" in page
    response = client.post(url)
    shown = reverse("person_password_shown", args=[no_email_teacher.pk])
    assert response.status_code == 302 and response["Location"] == shown
    page = client.get(shown)
    assert page["Cache-Control"] == "no-store"
    password = re.search(r'data-testid="temporary-password">(\w+)<', page.content.decode())[1]
    assert len(password) == 10
    assert "đã được xem" in client.get(shown).content.decode()  # once only
    assert TemporaryPassword.objects.filter(user=no_email_teacher.user).exists()

    teacher = Client()
    assert login(teacher, "gv_khong_email", password).status_code == 302
    for page in [reverse("home"), reverse("plan_list")]:
        response = teacher.get(page)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    form = teacher.get(reverse("password_change")).content.decode()
    assert 'data-testid="must-change"' in form
    assert change(teacher, password, "Cua-rieng-toi-2026").status_code == 302
    assert teacher.get(reverse("home")).status_code == 200
    assert not TemporaryPassword.objects.filter(user=no_email_teacher.user).exists()


def test_only_administrators_reset_someone_elses_password(client, tree, no_email_teacher):
    url = reverse("person_password_reset", args=[no_email_teacher.pk])
    for role in ["principal_a1", "office_a", "dept_a", "chair_a1"]:
        client.force_login(tree.users[role])
        assert client.post(url).status_code == 404, role
        page = client.get(reverse("person_detail", args=[no_email_teacher.pk])).content
        assert b"reset-password" not in page, role
    no_email_teacher.user.refresh_from_db()
    assert no_email_teacher.user.check_password("matkhau-123")
    assert not TemporaryPassword.objects.exists()
    assert Person.objects.get(pk=no_email_teacher.pk).user_id


def test_sessions_end_with_the_browser_and_last_a_working_day(client, db):
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert django_settings.SESSION_COOKIE_AGE == 8 * 3600
    UserFactory(username="gv_phien")
    response = login(client, "gv_phien", "matkhau-123")
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert 0 < client.session.get_expiry_age() <= 8 * 3600
