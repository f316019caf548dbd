"""The audit log page ("Nhật ký thay đổi"): read-only, scoped by scopes.readable_by,
filtered by model, user, action and date, 50 entries a page in a fixed number of
queries (the entry stores everything the page shows)."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .display import action_label, actor_label, changes_of, model_label
from .models import LogEntry
from .scopes import can_read_log, logged_models, readable_by

PAGE_SIZE = 50


def _model_choices():
    models = sorted(logged_models(), key=lambda m: str(m._meta.verbose_name).lower())
    return [("", _("Mọi loại"))] + [
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in models
    ]


class FilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    user = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.TypedChoiceField(
        label=_("Thao tác"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Mọi thao tác")),
            (LogEntry.Action.CREATE, _("Tạo mới")),
            (LogEntry.Action.UPDATE, _("Sửa")),
            (LogEntry.Action.DELETE, _("Xoá")),
        ],
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False)
    date_to = forms.DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = _model_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return data


def _start_of(day):
    """Midnight at the start of `day`, local time (Asia/Ho_Chi_Minh), as an aware time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered_entries(user, data):
    entries = LogEntry.objects.filter(readable_by(user))
    if data.get("model"):
        app_label, model_name = data["model"].split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        entries = entries.filter(content_type=content_type)
    if data.get("user"):
        who = data["user"].strip()
        entries = entries.filter(
            Q(actor_name__icontains=who)
            | Q(actor__first_name__icontains=who)
            | Q(actor__last_name__icontains=who)
        )
    if data.get("action") is not None:
        entries = entries.filter(action=data["action"])
    if data.get("date_from"):
        entries = entries.filter(timestamp__gte=_start_of(data["date_from"]))
    if data.get("date_to"):
        next_day = data["date_to"] + datetime.timedelta(days=1)
        entries = entries.filter(timestamp__lt=_start_of(next_day))
    return entries


@login_required
def audit_log(request):
    if not can_read_log(request.user):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = (
        filtered_entries(request.user, data)
        .select_related("content_type", "actor")
        .order_by("-timestamp", "-pk")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "when": timezone.localtime(entry.timestamp),
            "who": actor_label(entry),
            "action": action_label(entry.action),
            "model": model_label(entry),
            "changes": changes_of(entry),
        }
        for entry in page
    ]
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows})
