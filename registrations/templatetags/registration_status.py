"""{{ item|status_label }}: the status of a form M1 or M2 as shown, a forwarded one
naming who approves it (the union chair, or the principal). In a list, annotate the
forms with permissions.with_approver so that no form costs a query."""

from django import template

from .. import permissions

register = template.Library()


@register.filter
def status_label(item):
    return permissions.status_label(item)
