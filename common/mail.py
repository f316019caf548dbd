"""Every e-mail of the product leaves here: after the transaction that made the change
commits, with headers a mail server accepts, and never as an error page.

- A subject is one line: user text in it (a vote's name, a school's name) may hold line
  breaks or control characters, which Django refuses in a header (BadHeaderError). They
  become spaces; an address that is not one clean line is left out.
- Sending happens once the change is committed (nothing is sent for a change that
  rolled back). If the mail server refuses or cannot be reached, the change stays saved:
  the failure is logged, and the person who acted is told on the next page
  (MailFailureMiddleware) that the notification did not go out.
"""

import contextvars
import logging
import re

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

SUBJECT_MAX = 200
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_failures = contextvars.ContextVar("mail_failures", default=None)


def header_text(text):
    """`text` as one header line: line breaks and controls as spaces, spaces folded."""
    return " ".join(_NOT_ONE_LINE.sub(" ", str(text)).split())[:SUBJECT_MAX]


def _clean_address(address):
    address = (address or "").strip()
    if not address or _NOT_ONE_LINE.search(address) or " " in address:
        return ""
    return address


def send_after_commit(messages_):
    """Queue (subject, body, address) e-mails, one per address, sent after commit.
    Returns how many will be sent (empty or unusable addresses are left out)."""
    mails = [
        (header_text(subject), body, settings.DEFAULT_FROM_EMAIL, [clean])
        for subject, body, address in messages_
        if (clean := _clean_address(address))
    ]
    if mails:
        transaction.on_commit(lambda: deliver(mails))
    return len(mails)


def deliver(mails):
    """Send now; a failure is logged and remembered for the request, never raised."""
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:
        logger.exception("E-mail not sent (%s messages)", len(mails))
        failures = _failures.get()
        if failures is not None:
            failures.append(len(mails))


class MailFailureMiddleware:
    """Tells the person whose action could not send its e-mails; the action itself was
    saved. Placed after MessageMiddleware, so a redirect carries the message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _failures.set([])
        try:
            response = self.get_response(request)
            failed = sum(_failures.get())
        finally:
            _failures.reset(token)
        if failed and hasattr(request, "_messages"):
            messages.warning(
                request,
                _(
                    "Thao tác đã được lưu, nhưng chưa gửi được %(n)s thư thông báo (máy chủ "
                    "thư không nhận). Hãy báo tin trực tiếp cho người liên quan; quản trị hệ "
                    "thống đã có nhật ký lỗi."
                )
                % {"n": failed},
            )
        return response
