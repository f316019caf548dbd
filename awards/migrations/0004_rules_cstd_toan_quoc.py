from django.db import migrations


def load(apps, schema_editor):
    """Add the rules of Chiến sĩ thi đua toàn quốc (catalogue.load creates only what is
    missing, so administrators' changes to the other rules stay)."""
    from awards import catalogue

    catalogue.load(
        apps.get_model("awards", "Title"),
        apps.get_model("awards", "AwardForm"),
        apps.get_model("awards", "Rule"),
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_council_vote_nominations_decisions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
