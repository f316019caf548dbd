"""Deployment checks of this product's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Certificates print SITE_URL in their QR codes: on a real site it must be the
    public HTTPS address, not the development default."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname not in {"127.0.0.1", "localhost", None}:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: the QR codes of certificates would point there.",
            hint="Set SITE_URL to the site's public address, e.g. https://thidua.example.vn.",
            id="thidua.W001",
        )
    ]
