from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_newest_step_at(apps, schema_editor):
    """Every traject's ``newest_step_at``: its registration's newest step (one UPDATE)."""
    Step = apps.get_model("trajects", "Step")
    Traject = apps.get_model("trajects", "Traject")
    newest = Step.objects.filter(registration_id=OuterRef("registration_id")).order_by("-at")
    Traject.objects.update(newest_step_at=Subquery(newest.values("at")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("trajects", "0009_staff_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="traject",
            name="newest_step_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_newest_step_at, migrations.RunPython.noop, elidable=True),
    ]
