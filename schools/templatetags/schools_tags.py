from django import template

from ..imports import cell_text as _cell_text

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def cell_text(value):
    return _cell_text(value)
