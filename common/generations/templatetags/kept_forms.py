"""{{ form|crispy_kept }}: {{ form|crispy }}, kept in this process for a new, empty form
(not bound, no saved row, no initial data), whose HTML is the same for every person:
the form M1 a teacher opens renders its nine items once, not on every visit. A form
whose fields depend on the person (choices from the database) must not use it."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from ..cache import cached

register = template.Library()


@register.filter
def crispy_kept(form):
    instance = getattr(form, "instance", None)
    if form.is_bound or form.initial or getattr(instance, "pk", None) is not None:
        return as_crispy_form(form)
    name = f"{type(form).__module__}.{type(form).__qualname__}"
    key = f"empty-form:{name}:{form.prefix}:{translation.get_language()}"
    return mark_safe(cached(key, [], lambda: str(as_crispy_form(form))))  # noqa: S308
