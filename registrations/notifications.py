"""E-mails of the registration workflow, sent after the transaction commits."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from common.mail import send_after_commit


def _address(person):
    if person is None:
        return ""
    return person.email or (person.user.email if person.user_id else "")


def _send(messages):
    return send_after_commit(messages)


def authors(item):
    """The people an M1 or M2 belongs to."""
    if hasattr(item, "person"):
        return [item.person]
    return [item.leader, *item.members.all()]


def link(item):
    """The form's page, as an absolute address (SITE_URL, as the certificates' QR codes)."""
    name = "registration_detail" if hasattr(item, "person") else "group_detail"
    return f"{settings.SITE_URL}{reverse(name, args=[item.pk])}"


def describe(item):
    """The form named in a subject line: its form, title and author."""
    if hasattr(item, "person"):
        return _("Mẫu M1 “%(title)s” của %(author)s") % {
            "title": item.campaign.name,
            "author": item.person.full_name,
        }
    return _("Mẫu M2 “%(title)s” của nhóm %(author)s") % {
        "title": item.name,
        "author": item.leader.full_name,
    }


def _body(item, text):
    return _("%(form)s\nPhong trào: %(campaign)s\n\n%(text)s\n\nXem đăng ký: %(link)s") % {
        "form": describe(item),
        "campaign": item.campaign.name,
        "text": text,
        "link": link(item),
    }


def notify_returned(item, comment):
    subject = _("%(form)s được trả lại để sửa") % {"form": describe(item)}
    text = _("Ý kiến của người duyệt: %(comment)s\n\nHãy mở đăng ký, sửa và nộp lại.") % {
        "comment": comment
    }
    body = _body(item, text)
    _send([(subject, body, _address(p)) for p in authors(item)])


def notify_approved(item):
    subject = _("%(form)s đã được duyệt") % {"form": describe(item)}
    body = _body(item, _("Đăng ký của bạn đã được duyệt."))
    _send([(subject, body, _address(p)) for p in authors(item)])


def notify_waiting(item, leaders):
    """The union group leaders (permissions.Holder): a form of the group was submitted."""
    subject = _("%(form)s chờ tổ trưởng công đoàn xem") % {"form": describe(item)}
    body = _body(
        item, _("Đăng ký vừa được nộp và đang chờ bạn xem, chuyển lên hoặc trả lại để sửa.")
    )
    _send([(subject, body, leader.address) for leader in leaders])


def notify_forwarded(item, approvers, comment=""):
    """The approvers (permissions.Holder: the union chair, or the principal for the
    chair's own form): a form waits for her approval."""
    subject = _("%(form)s chờ bạn duyệt") % {"form": describe(item)}
    text = _("Đăng ký đã được chuyển lên và đang chờ bạn duyệt hoặc trả lại để sửa.")
    if comment:
        text += "\n" + _("Ý kiến của tổ trưởng: %(comment)s") % {"comment": comment}
    _send([(subject, _body(item, text), approver.address) for approver in approvers])


def remind(people, campaign, deadline):
    subject = _("Nhắc đăng ký thi đua: %(campaign)s") % {"campaign": campaign.name}
    when = deadline.strftime("%d/%m/%Y") if deadline else _("sớm")
    body = _(
        "Bạn chưa đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo (mẫu M1). "
        "Hạn đăng ký: %(when)s. Hãy đăng nhập và điền mẫu M1."
    ) % {"when": when}
    return _send([(subject, body, _address(p)) for p in people])
