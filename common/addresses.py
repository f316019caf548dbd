"""Addresses of a long table's rows: reverse() once per page, not once per row and link
(a reverse() per row and link was most of a long table's time)."""

from django.urls import reverse

# A number no page's address holds, reversed in place of each row's own ids.
_PLACEHOLDER = 987654321


def address_of(name, placeholders):
    """reverse(name) once, as a function of the row's ids."""
    pattern = reverse(name, args=[_PLACEHOLDER + i for i in range(placeholders)])

    def address(*ids):
        url = pattern
        for i, value in enumerate(ids):
            url = url.replace(str(_PLACEHOLDER + i), str(int(value)))
        return url

    return address
