"""Forms count their submissions (the versions kept, one per submission), the forms
already submitted from the versions they have."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_versions(apps, schema_editor):
    Version = apps.get_model("registrations", "Version")
    for model, owner in [("InnovationRegistration", "registration"), ("TeacherGroup", "group")]:
        kept = (
            Version.objects.filter(**{owner: OuterRef("pk")})
            .order_by()
            .values(owner)
            .annotate(n=Count("pk"))
            .values("n")
        )
        apps.get_model("registrations", model).objects.filter(
            pk__in=Version.objects.filter(**{f"{owner}__isnull": False}).values(owner)
        ).update(submissions=Coalesce(Subquery(kept), 0))


class Migration(migrations.Migration):
    dependencies = [("registrations", "0002_vietnamese_labels")]

    operations = [
        migrations.AddField(
            model_name="innovationregistration",
            name="submissions",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="số lần nộp"),
        ),
        migrations.AddField(
            model_name="teachergroup",
            name="submissions",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="số lần nộp"),
        ),
        migrations.RunPython(count_versions, migrations.RunPython.noop),
    ]
