"""Targets entered before kinds existed take the kind their unit declares."""

from django.db import migrations


def kind_of_unit(unit):
    """As emulation/blocks/targets.py read units when this migration was written."""
    text = unit.strip().lower()
    if text in ("%", "tỷ lệ", "tỉ lệ", "phần trăm"):
        return "percent"
    if text in ("có/không", "có / không", "đạt/không đạt"):
        return "yes_no"
    return "count" if text else "text"


def kinds_from_units(apps, schema_editor):
    TargetItem = apps.get_model("emulation", "TargetItem")
    for item in TargetItem.objects.all():
        kind = kind_of_unit(item.unit)
        if kind != item.kind:
            item.kind = kind
            item.save(update_fields=["kind"])


class Migration(migrations.Migration):
    dependencies = [("emulation", "0006_target_kinds")]

    operations = [migrations.RunPython(kinds_from_units, migrations.RunPython.noop)]
