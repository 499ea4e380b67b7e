from django.db import migrations

PERSPECTIVES = ["Samhälle", "Medborgare", "Ekonomi", "Verksamhet", "Medarbetare"]


def add_perspectives(apps, schema_editor):
    Perspective = apps.get_model("plans", "Perspective")
    for order, name in enumerate(PERSPECTIVES, start=1):
        Perspective.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_perspectives, migrations.RunPython.noop)]
