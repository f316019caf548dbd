from django.db import migrations


def rules(apps, schema_editor):
    """The new rules of the catalogue (TTLĐXS: every member completes their duties; Cờ
    thi đua: the leading unit of its block and the vote), and TTLĐTT's discipline rule
    read as "cảnh cáo or above"."""
    from awards import catalogue

    Rule = apps.get_model("awards", "Rule")
    catalogue.load(apps.get_model("awards", "Title"), apps.get_model("awards", "AwardForm"), Rule)
    Rule.objects.filter(code="ttldtt-ky-luat", parameters={}).update(
        parameters={"at_least": "warning"}
    )


class Migration(migrations.Migration):
    """Data apart from the schema of 0015: PostgreSQL does not build an index on a table
    with rows written in the same transaction."""

    dependencies = [
        ("awards", "0015_sector_years"),
    ]

    operations = [
        migrations.RunPython(rules, migrations.RunPython.noop),
    ]
