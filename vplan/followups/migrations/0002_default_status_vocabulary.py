from django.db import migrations

# The status words the follow-up reports use, each with the category it counts as.
STATUSES = [
    ("Genomfört", "done"),
    ("Genomförd", "done"),
    ("Klart", "done"),
    ("Pågående", "ongoing"),
    ("Delvis genomfört", "ongoing"),
    ("Genomfört/pågående", "ongoing"),
    ("Kvarstår", "not_started"),
    ("Ej påbörjad", "not_started"),
    ("Ej genomfört", "stopped"),
    ("Avslutad", "stopped"),
    ("Pausad", "stopped"),
    ("Ej aktuellt", "stopped"),
    ("Struket i IB", "stopped"),
]
INACTIVE = {"Genomförd", "Klart", "Genomfört/pågående"}


def add_statuses(apps, schema_editor):
    Status = apps.get_model("followups", "Status")
    for order, (name, category) in enumerate(STATUSES, start=1):
        Status.objects.get_or_create(
            name=name,
            defaults={"category": category, "order": order, "is_active": name not in INACTIVE},
        )


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_initial")]
    operations = [migrations.RunPython(add_statuses, migrations.RunPython.noop)]
