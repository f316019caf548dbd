import hashlib

from django import template
from django.middleware.csrf import get_token
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from common.addresses import address_of
from common.generations.cache import CONTENT, CSRF_MARK, cached, render_part

register = template.Library()


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The menu of base.html (schools.context_processors.navigation: the entries, the
    user's name, the log-out form), kept per person, active entry, language and day
    while people and roles do not change (common.generations); the request's CSRF token
    put in."""
    request, user = context["request"], context["user"]
    items, manage = context["nav_items"], context["nav_manage_items"]
    entries = [*items, *manage]
    active = next((i["url"] for i in entries if i["url"] == request.path), "")
    # The entries and the name are the request's own (the context processor asks the
    # person's rights on every request): the kept menu never shows other ones. An entry
    # is known by its address (its label is fixed per language: not translated here).
    shown = [*(i["url"] for i in items), "|", *(i["url"] for i in manage)]
    shown.append(user.get_full_name() or user.get_username())
    shown = hashlib.blake2b("\n".join(shown).encode(), digest_size=8).hexdigest()
    key = ":".join(
        [
            "site-nav",
            str(user.pk),
            shown,
            active,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
        ]
    )
    html = cached(
        key,
        [CONTENT],
        lambda: render_part(
            "_site_nav.html",
            {"nav_items": items, "nav_manage_items": manage, "active": active, "user": user},
        ),
    )
    # the page's own token (the csrf context processor's, which its forms write too)
    token = context.get("csrf_token") or get_token(request)
    return mark_safe(html.replace(CSRF_MARK, str(token)))  # noqa: S308


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


PLACE_ON_ONE_LINE = 40  # characters: "Thành phố Hồ Chí Minh" has 21


@register.filter
def place_and_date(line):
    """The date line of a document, "Lai Uyên, ngày 05 tháng 01 năm 2024", on one line
    that never breaks, as official documents print it; only a place name longer than
    any real one may wrap (before the date, which still never breaks)."""
    place, comma, when = str(line).rpartition(", ngày")
    if not comma or len(place) <= PLACE_ON_ONE_LINE:
        return format_html('<span class="when">{}</span>', line)
    return format_html(
        '<span class="place">{},</span> <span class="when">ngày{}</span>', place, when
    )


@register.simple_tag(takes_context=True)
def query_without(context, *names):
    """The page's query string without `names`, ending with "&" when not empty: links
    keep the filters. (`request.GET.items` in a template would read a parameter called
    "items".)"""
    query = context["request"].GET.copy()
    for name in names:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


_addresses = {}  # (URL name, script prefix) -> common.addresses.address_of


@register.filter
def address(pk, url_name):
    """`{{ o.pk|address:"organization_detail" }}`: {% url %} of an address with one id,
    reversed once per process and prefix (a long list's links: a reverse() each was
    four tenths of an office's home page)."""
    key = (url_name, get_script_prefix())
    made = _addresses.get(key)
    if made is None:
        made = _addresses[key] = address_of(url_name, 1)
    return made(pk)


@register.simple_tag
def links(rows, url_name):
    """Links to each of `rows`, by name, joined by commas: a row is an organisation, or
    an (organisation, id of the address) pair (its plan). Written here, not by a loop
    of the template: an office's home lists every unit below it, several times."""
    pairs = (row if isinstance(row, tuple) else (row, row.pk) for row in rows)
    return format_html_join(
        ", ", '<a href="{}">{}</a>', ((address(pk, url_name), o.name) for o, pk in pairs)
    )
