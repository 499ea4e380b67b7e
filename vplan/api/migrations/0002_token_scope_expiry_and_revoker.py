"""Tokens get a scope, an expiry and who revoked them.

Tokens made before expiries existed keep working for 90 days after this migration (the default
is computed once, when it runs) and read and write, as they did.
"""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def ninety_days_from_now():
    return timezone.now() + datetime.timedelta(days=90)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "read only"), ("read-write", "read and write")],
                default="read-write",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=ninety_days_from_now, verbose_name="expires at"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="revoked by",
            ),
        ),
    ]
