"""Accounts: what stands between a password guesser and an account, and the ways back in
for a person who forgot their password.

- Login is throttled by django-axes per user name and address (AXES_FAILURE_LIMIT), and
  here per address across every user name (LOGIN_ADDRESS_FAILURE_LIMIT: a staff room
  shares one address, so it is higher): trying a few passwords on many accounts from
  one machine is throttled too.
- Changing a password counts a wrong current password as a failed login, under the same
  limits, and refuses while locked out.
- Password reset by e-mail (Django's views; the address may be the account's or the
  staff record's), and by an administrator for staff without e-mail: a temporary
  password, shown once, that must be changed at the next login.
"""

import secrets

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_lockout_message
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import visibility
from .models import TemporaryPassword

MUST_CHANGE = "must_change_password"
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def address_failures(request):
    """Failed logins from the request's address within the cool-off, all user names."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(
        ip_address=get_client_ip_address(request), attempt_time__gte=since
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def address_locked(request):
    return address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class AddressThrottleBackend:
    """Refuses every login from an address with too many failures, whatever the user
    name; the refusal counts as a failure too and shows django-axes' lockout page."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and address_locked(request):
            request.axes_locked_out = True
            raise PermissionDenied
        return None


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """A wrong current password is a failed login (same limits, same lockout)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(self.request, credentials) or address_locked(self.request):
            self.request.axes_locked_out = True
            raise ValidationError(str(get_lockout_message()), code="locked")
        try:
            return super().clean_old_password()
        except ValidationError:
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            raise


class ResetByEmailForm(PasswordResetForm):
    """Django's reset form; the address may also be the one on the staff record."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            Q(email__iexact=email) | Q(person__email__iexact=email), is_active=True
        )
        return (user for user in users.distinct() if user.has_usable_password())

    def send_mail(self, subject_template, email_template, context, from_email, to_email, **kw):
        # To the address asked for, which is on record for the account (its own e-mail,
        # which may be empty, or its staff record's).
        to_email = self.cleaned_data["email"]
        super().send_mail(subject_template, email_template, context, from_email, to_email, **kw)


def temporary_password():
    return "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(10))


def reset_by_administrator(administrator, person):
    """Give `person`'s account a temporary password, to be changed at the next login;
    returns it (shown once). Only administrators; every session of the account ends."""
    if not visibility.access_for(administrator).is_admin or person.user_id is None:
        raise PermissionDenied
    password = temporary_password()
    with transaction.atomic():
        user = get_user_model()._default_manager.select_for_update().get(pk=person.user_id)
        user.set_password(password)
        user.save(update_fields=["password"])
        TemporaryPassword.objects.update_or_create(
            user=user, defaults={"set_by": administrator, "set_at": timezone.now()}
        )
    return password


def password_changed(request, user):
    """The account has a password of its own again."""
    TemporaryPassword.objects.filter(user=user).delete()
    request.session.pop(MUST_CHANGE, None)


@receiver(user_logged_in)
def _mark_temporary_password(sender, request, user, **kwargs):
    if request is not None and TemporaryPassword.objects.filter(user=user).exists():
        request.session[MUST_CHANGE] = True


class PasswordChangeRequiredMiddleware:
    """After logging in with a temporary password, every page leads to changing it."""

    ALLOWED = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(MUST_CHANGE):
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("password_change")
        return self.get_response(request)
