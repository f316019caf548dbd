"""An audit entry as the page shows it: field labels and before → after values in
Vietnamese, from what the entry itself stores (no query per entry or per value)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from .models import LogEntry

MAX_VALUE = 200
EMPTY = "—"

# Labels of fields declared without a verbose name (their English name would show).
FALLBACK_LABELS = {
    "annex": _l("Phụ lục"),
    "author": _l("Người viết"),
    "award_form": _l("Hình thức khen thưởng"),
    "block": _l("Khối thi đua"),
    "campaign": _l("Phong trào"),
    "candidate": _l("Trường được bầu"),
    "confirmed_by": _l("Người xác nhận"),
    "created_by": _l("Người tạo"),
    "criterion": _l("Tiêu chí"),
    "decision": _l("Quyết định"),
    "done": _l("Đã tạo"),
    "email": _l("Email"),
    "error": _l("Lỗi"),
    "file": _l("Tệp"),
    "filled_by": _l("Người điền"),
    "finished_at": _l("Xong lúc"),
    "granted_by": _l("Người gia hạn"),
    "group": _l("Nhóm"),
    "item": _l("Chỉ tiêu"),
    "kind": _l("Loại"),
    "no_count": _l("Số phiếu không đồng ý"),
    "nomination": _l("Đề nghị khen thưởng"),
    "opened_by": _l("Người mở bỏ phiếu"),
    "order": _l("Thứ tự"),
    "passed": _l("Đạt"),
    "person": _l("Cá nhân"),
    "plan": _l("Kế hoạch"),
    "posting": _l("Công khai danh sách"),
    "proposal": _l("Tờ trình"),
    "published_by": _l("Người công khai"),
    "recorded_at": _l("Ban hành lúc"),
    "reviewed_at": _l("Xét lúc"),
    "reviewed_by": _l("Người xét"),
    "school": _l("Trường"),
    "school_year": _l("Năm học"),
    "scored_by": _l("Người chấm"),
    "scorer_school": _l("Trường chấm"),
    "sha256": _l("Mã kiểm tra (SHA-256)"),
    "status": _l("Trạng thái"),
    "submitted_by": _l("Người nộp"),
    "task_id": _l("Mã tác vụ"),
    "theme": _l("Chuyên đề"),
    "title": _l("Danh hiệu"),
    "total": _l("Tổng số"),
    "uploaded_by": _l("Người tải lên"),
    "version": _l("Phiên bản"),
    "vote": _l("Cuộc bình xét"),
    "voted_by": _l("Người bầu"),
    "voter_school": _l("Trường bầu"),
    "yes_count": _l("Số phiếu đồng ý"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


def action_label(action):
    return {
        LogEntry.Action.CREATE: _("Tạo mới"),
        LogEntry.Action.UPDATE: _("Sửa"),
        LogEntry.Action.DELETE: _("Xoá"),
        LogEntry.Action.ACCESS: _("Xem"),
    }.get(action, str(action))


def model_label(entry):
    model = entry.content_type.model_class()
    if model is None:
        return entry.content_type.model
    return str(model._meta.verbose_name).capitalize()


def actor_label(entry):
    if entry.actor_id and entry.actor is not None:
        full_name = entry.actor.get_full_name()
        return f"{full_name} ({entry.actor.get_username()})" if full_name else entry.actor_name
    return entry.actor_name or _("Hệ thống")


def changes_of(entry):
    """[Change] of an entry, in the order of the model's fields."""
    model = entry.content_type.model_class()
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    out = []
    changes = entry.changes or {}
    for name in sorted(changes, key=lambda n: (order.get(n, len(order)), n)):
        values = changes[name]
        field = _field(model, name)
        label = _label(field, name)
        if isinstance(values, dict) and values.get("type") == "m2m":
            objects = ", ".join(values.get("objects", []))
            if values.get("operation") == "add":
                out.append(Change(label.capitalize(), EMPTY, _("thêm: %s") % objects))
            else:
                out.append(Change(label.capitalize(), _("bỏ: %s") % objects, EMPTY))
            continue
        before, after = (list(values) + [None, None])[:2]
        out.append(Change(label.capitalize(), _value(field, before), _value(field, after)))
    return out


def _label(field, name):
    if field is None:
        return str(FALLBACK_LABELS.get(name, name))
    label = str(getattr(field, "verbose_name", name))
    if label == name.replace("_", " ") and name in FALLBACK_LABELS:
        return str(FALLBACK_LABELS[name])
    return label


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(field, raw):
    if raw is None or raw == "None" or raw == "":
        return EMPTY
    text = str(raw)
    if field is not None:
        choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
        if choices:
            text = str(choices.get(text, text))
        elif field.get_internal_type() == "BooleanField":
            text = _("có") if text == "True" else _("không") if text == "False" else text
        elif field.get_internal_type() == "DateField":
            text = _date(text)
        elif field.get_internal_type() == "DateTimeField":
            text = _datetime(text)
    if len(text) > MAX_VALUE:
        text = text[:MAX_VALUE] + "…"
    return text


def _date(text):
    try:
        return datetime.date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _datetime(text):
    """auditlog stores datetimes as naive UTC; show them in local time."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")
