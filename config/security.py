"""Small pieces of the production hardening that settings.py names by dotted path: the
Content-Security-Policy middleware, query strings without NUL, the client address used
by login throttling, and a password validator whose Vietnamese message Django's own
catalogue lacks."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.signals import setting_changed
from django.http import QueryDict
from django.utils.translation import gettext


class HtmlCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, for HTML responses only.

    A policy only means something for documents a browser renders. On the PDFs the
    product opens inline (plans, proposals, certificates) it does harm: Chromium shows a
    PDF through an internal <embed> that `object-src 'none'` blocks
    (https://crbug.com/271452). Downloads keep X-Frame-Options and nosniff.

    The policy of the settings is built once per process (django-csp builds it again
    for every response); a response with a policy of its own (a view's @csp_update...)
    or a page that used a nonce goes through django-csp as before."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if any(getattr(response, name, None) is not None for name in _OWN_POLICY) or (
            getattr(request, "_csp_nonce", None) is not None
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # django-csp leaves Django's debug pages alone
        for header, exempt, name, report_only in _HEADERS:
            policy = _settings_policy(report_only)
            prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = policy
        # as django-csp: a nonce asked for after the header was written is an error
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


# A view's own policy (@csp_update, @csp_replace, @csp_override and their report-only twins).
_OWN_POLICY = [
    f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro")
]
_HEADERS = [
    (HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY", False),
    (HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
]
_built = {}


def _settings_policy(report_only):
    if report_only not in _built:
        _built[report_only] = build_policy(report_only=report_only)
    return _built[report_only]


def _forget_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


setting_changed.connect(_forget_policy)


class NulFreeQueryMiddleware:
    """No query parameter reaches a view with a NUL character: PostgreSQL refuses NUL in
    any text it is given, so `?position=%00` in an admin filter (or any page's filter)
    was a 500. A NUL never means anything in an address; it is dropped from every
    parameter's name and value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            clean = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            clean._mutable = False
            request.GET = clean
        return self.get_response(request)


def client_ip(request):
    """The address login throttling (django-axes) counts failures against.

    Behind a load balancer REMOTE_ADDR is the balancer, so every user would share one
    address. With TRUSTED_PROXY_COUNT = n (env DJANGO_TRUSTED_PROXY_COUNT), the client is
    the n-th address from the right of X-Forwarded-For: the one the nearest trusted proxy
    saw. Addresses further left are written by the client and never trusted."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length validator with a Vietnamese error message: Django 5.2
    changed the message's msgid and its Vietnamese catalogue still has the old one."""

    def get_error_message(self):
        return gettext("Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {
            "min_length": self.min_length
        }
