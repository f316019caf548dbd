from django.db import migrations


def load(apps, schema_editor):
    from awards import catalogue

    catalogue.load(
        apps.get_model("awards", "Title"),
        apps.get_model("awards", "AwardForm"),
        apps.get_model("awards", "Rule"),
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
