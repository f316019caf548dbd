"""Kinds of block targets and how a value of each is read: a percentage (0–100), a count
(a whole number, not negative), yes or no, or free text. The kind is declared by the
unit the leader writes beside the target: "%", "có/không", another unit (người, trường,
sáng kiến…) for a count, none for text."""

import re

from django.utils.translation import gettext as _

from .models import TargetItem

Kind = TargetItem.Kind
YES = {"có", "co", "c", "x", "yes", "đạt"}
NO = {"không", "khong", "k", "no", "chưa"}
NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def kind_of_unit(unit):
    text = unit.strip().lower()
    if text in ("%", "tỷ lệ", "tỉ lệ", "phần trăm"):
        return Kind.PERCENT
    if text in ("có/không", "có / không", "đạt/không đạt"):
        return Kind.YES_NO
    return Kind.COUNT if text else Kind.TEXT


def read_value(item, text):
    """The value as it is stored and printed, or a ValueError with the message for the
    principal."""
    text = text.strip()
    if item.kind == Kind.PERCENT:
        number = text.removesuffix("%").strip()
        if not NUMBER.match(number) or float(number.replace(",", ".")) > 100:
            raise ValueError(
                _("“%(item)s” là tỷ lệ phần trăm: hãy nhập một số từ 0 đến 100, ví dụ 85.")
                % {"item": item.name}
            )
        return number
    if item.kind == Kind.COUNT:
        if not text.isdigit():
            raise ValueError(
                _("“%(item)s” là số lượng (%(unit)s): hãy nhập một số nguyên không âm.")
                % {"item": item.name, "unit": item.unit}
            )
        return str(int(text))
    if item.kind == Kind.YES_NO:
        word = text.lower()
        if word in YES:
            return "Có"
        if word in NO:
            return "Không"
        raise ValueError(_("“%(item)s”: hãy nhập Có hoặc Không.") % {"item": item.name})
    return text
