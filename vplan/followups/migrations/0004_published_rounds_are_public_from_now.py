from django.db import migrations
from django.utils import timezone


def mark_published_rounds(apps, schema_editor):
    """Rounds published before this migration stay public from now on, even if reopened."""
    FollowUpRound = apps.get_model("followups", "FollowUpRound")
    now = timezone.now()
    FollowUpRound.objects.filter(state="published", first_published_at__isnull=True).update(
        first_published_at=now, last_published_at=now
    )


class Migration(migrations.Migration):
    dependencies = [("followups", "0003_round_first_and_last_published_at")]

    operations = [migrations.RunPython(mark_published_rounds, migrations.RunPython.noop)]
