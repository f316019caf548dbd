"""E-mails of the registration workflow, sent after the transaction commits."""

from django.utils.translation import gettext as _

from schools.mail import send_after_commit


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


def notify_returned(item, comment):
    subject = _("Đăng ký thi đua của bạn được trả lại để sửa")
    body = _("Ý kiến của người duyệt: %(comment)s\n\nHãy mở đăng ký, sửa và nộp lại.") % {
        "comment": comment
    }
    _send([(subject, body, _address(p)) for p in authors(item)])


def notify_approved(item):
    subject = _("Đăng ký thi đua của bạn đã được duyệt")
    body = _("Chủ tịch công đoàn đã duyệt đăng ký “%(item)s”.") % {"item": item}
    _send([(subject, body, _address(p)) for p in authors(item)])


def notify_waiting(item, leaders):
    subject = _("Có đăng ký thi đua chờ tổ công đoàn xem")
    body = _("“%(item)s” vừa được nộp và đang chờ bạn chuyển lên chủ tịch công đoàn.") % {
        "item": item
    }
    _send([(subject, body, _address(p)) for p in leaders])


def remind(people, campaign, deadline):
    subject = _("Nhắc đăng ký thi đua: %(campaign)s") % {"campaign": campaign.name}
    when = deadline.strftime("%d/%m/%Y") if deadline else _("sớm")
    body = _(
        "Bạn chưa đăng ký thực hiện nhiệm vụ đổi mới, sáng tạo (mẫu M1). "
        "Hạn đăng ký: %(when)s. Hãy đăng nhập và điền mẫu M1."
    ) % {"when": when}
    return _send([(subject, body, _address(p)) for p in people])
