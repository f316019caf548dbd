"""Account pages: change the password (throttled like a login), reset it by e-mail
(Django's views, Vietnamese pages), and an administrator's reset for a person without
e-mail (schools/accounts.py)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from .. import accounts, visibility
from ..models import Person


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = accounts.ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(self.request, form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = accounts.ResetByEmailForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(self.request, form.user)
        return response


SHOWN_ONCE = "temporary_passwords"


def _administered_person(request, pk):
    """A person an administrator resets; anyone else finds nothing here (404), as the
    button is shown to administrators only."""
    if not visibility.access_for(request.user).is_admin:
        raise Http404
    return get_object_or_404(
        Person.objects.select_related("user", "organization").exclude(user=None), pk=pk
    )


@login_required
@require_POST
def person_password_reset(request, pk):
    """An administrator gives the person's account a temporary password; the next page
    shows it once (kept meanwhile in the server-side session, never in a cookie)."""
    person = _administered_person(request, pk)
    password = accounts.reset_by_administrator(request.user, person)
    request.session[SHOWN_ONCE] = {**request.session.get(SHOWN_ONCE, {}), str(pk): password}
    return redirect("person_password_shown", pk=person.pk)


@login_required
def person_password_shown(request, pk):
    person = _administered_person(request, pk)
    waiting = request.session.get(SHOWN_ONCE, {})
    password = waiting.pop(str(pk), None)
    request.session[SHOWN_ONCE] = waiting
    response = render(
        request,
        "registration/password_reset_by_administrator.html",
        {"person": person, "password": password},
    )
    response["Cache-Control"] = "no-store"  # the password is shown once, never cached
    return response
