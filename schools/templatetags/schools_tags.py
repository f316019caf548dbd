from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def place_and_date(line):
    """The date line of a document, "Lai Uyên, ngày 05 tháng 01 năm 2024", as two parts:
    a very long place name may wrap; the date itself never breaks."""
    place, comma, when = str(line).rpartition(", ngày")
    if not comma:
        return line
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
