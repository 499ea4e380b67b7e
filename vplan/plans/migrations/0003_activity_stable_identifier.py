import uuid

from django.db import migrations, models


def give_each_activity_an_identifier(apps, schema_editor):
    Activity = apps.get_model("plans", "Activity")
    for activity in Activity.objects.filter(uid__isnull=True).only("pk"):
        activity.uid = uuid.uuid4()
        activity.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_the_five_perspectives")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_activity_an_identifier, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activity",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Stable across exports and loads, so links between years survive.",
                unique=True,
                verbose_name="identifier",
            ),
        ),
    ]
