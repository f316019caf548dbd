from django import template
from django.utils.html import format_html

register = template.Library()


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
