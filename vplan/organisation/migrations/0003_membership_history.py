"""Memberships keep their history: who granted them and when, how (by hand, imported, single
sign-on), and who ended them, when and why. Only current (not ended) memberships must be unique.

Memberships from before keep an empty granted_at (unknown), not the migration's time."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def end_duplicate_memberships_on_every_board(apps, schema_editor):
    """The old constraint let two identical memberships on every board (board empty) exist;
    keep the oldest one current and end the others, so the new constraint can hold."""
    Membership = apps.get_model("organisation", "Membership")
    seen = set()
    for membership in Membership.objects.filter(board__isnull=True).order_by("pk"):
        key = (membership.user_id, membership.administration_id, membership.role)
        if key in seen:
            membership.ended_at = django.utils.timezone.now()
            membership.end_reason = "Duplicate of an identical membership (migration 0003)."
            membership.save(update_fields=["ended_at", "end_reason"])
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_board_order_and_replacement"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membership",
            name="unique_membership",
        ),
        migrations.AddField(
            model_name="membership",
            name="end_reason",
            field=models.CharField(blank=True, max_length=500, verbose_name="reason for ending"),
        ),
        migrations.AddField(
            model_name="membership",
            name="ended_at",
            field=models.DateTimeField(
                blank=True, db_index=True, null=True, verbose_name="ended at"
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="ended_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ended by",
            ),
        ),
        # Added empty (unknown for the memberships there are), then given its default.
        migrations.AddField(
            model_name="membership",
            name="granted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="granted at"),
        ),
        migrations.AlterField(
            model_name="membership",
            name="granted_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                help_text="Empty for memberships granted before the history was kept.",
                null=True,
                verbose_name="granted at",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="granted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="granted by",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="source",
            field=models.CharField(
                choices=[
                    ("manual", "granted by hand"),
                    ("import", "imported from a file"),
                    ("oidc", "from single sign-on"),
                ],
                default="manual",
                max_length=16,
                verbose_name="source",
            ),
        ),
        migrations.RunPython(
            end_duplicate_memberships_on_every_board, migrations.RunPython.noop, elidable=True
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at__isnull", True)),
                fields=("user", "administration", "board", "role"),
                name="unique_current_membership",
                violation_error_message="The person already holds this role here.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("board__isnull", True), ("ended_at__isnull", True)),
                fields=("user", "administration", "role"),
                name="unique_current_membership_all_boards",
                violation_error_message="The person already holds this role here.",
            ),
        ),
    ]
