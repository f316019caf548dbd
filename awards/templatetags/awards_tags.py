from django import template

register = template.Library()


@register.filter
def thousands(amount):
    """2340000 -> '2.340.000' (dot for thousands, as Vietnamese documents write it)."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,}".replace(",", ".")
