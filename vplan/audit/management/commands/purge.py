"""vplan purge --decision "KS 2026/123" --by USERNAME (--deleted-before DATE | --plan ID) [--yes]

The only way to remove data for real: under an archive decision (gallringsbeslut) whose
reference is recorded with who ran it, when, what and how many rows. Shows what would go and
removes nothing unless --yes; published rounds and their publications only with
--including-published. All or nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vplan.audit.purging import purge, select_for_purge, soft_deleted_before
from vplan.plans.models import Plan


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--deleted-before {text!r}: write a date as YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Remove data for real under a recorded archive decision: rows deleted before a date "
        "and/or a whole plan with its rounds and reports. Prints what would be removed; removes "
        "only with --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--decision",
            default="",
            help='The reference of the decision that allows the removal, e.g. "KS 2026/123".',
        )
        parser.add_argument("--by", default="", help="Username of the person who runs it.")
        parser.add_argument(
            "--deleted-before",
            type=_date,
            metavar="DATE",
            help="Remove every row deleted (in the interface) before this date, YYYY-MM-DD.",
        )
        parser.add_argument(
            "--plan",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="Remove this plan with everything in it: goals, activities, rounds, reports.",
        )
        parser.add_argument(
            "--including-published",
            action="store_true",
            help="Allow removing published rounds and their publications and sent reports.",
        )
        parser.add_argument("--yes", action="store_true", help="Remove, after the review.")

    def handle(self, *args, **options):
        reference = options["decision"].strip()
        if not reference:
            raise CommandError(
                'A purge needs --decision "REFERENCE": the archive decision (gallringsbeslut) '
                "that allows the removal. Nothing was removed."
            )
        by = self._person(options["by"])
        roots = self._roots(options)
        scope = {
            "deleted_before": (
                options["deleted_before"].isoformat() if options["deleted_before"] else None
            ),
            "plans": options["plan"],
            "including_published": options["including_published"],
        }
        selection = select_for_purge(roots=roots)
        if selection.is_empty():
            self.stdout.write("Nothing matches: nothing to remove.")
            return
        self._show(selection, reference, by)
        published = selection.published_count()
        if published and not options["including_published"]:
            message = (
                f"{published} of these rows are published (rounds, publications, sent reports): "
                "add --including-published to remove them too."
            )
            if options["yes"]:
                raise CommandError(message + " Nothing was removed.")
            self.stdout.write(message)
        if not options["yes"]:
            self.stdout.write("Nothing was removed: add --yes to remove these rows for real.")
            return
        try:
            decision = purge(
                selection=selection,
                reference=reference,
                by=by,
                scope=scope,
                including_published=options["including_published"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was removed.") from error
        removed = sum(decision.counts["removed"].values())
        self.stdout.write(
            f"Removed {removed} rows under decision {decision.reference} "
            f"(purge decision {decision.pk})."
        )

    def _person(self, username: str):
        if not username:
            raise CommandError("A purge needs --by USERNAME: who runs it. Nothing was removed.")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--by: there is no active user {username!r}. Nothing was removed.")
        return user

    def _roots(self, options) -> list:
        if options["deleted_before"] is None and not options["plan"]:
            raise CommandError(
                "Say what to remove: --deleted-before DATE and/or --plan ID. Nothing was removed."
            )
        roots = []
        if options["deleted_before"] is not None:
            roots += soft_deleted_before(options["deleted_before"])
        for plan_id in options["plan"]:
            plans = Plan.all_objects.filter(pk=plan_id)
            if not plans.exists():
                raise CommandError(f"--plan: there is no plan with id {plan_id}.")
            roots.append(plans)
        return roots

    def _show(self, selection, reference: str, by) -> None:
        self.stdout.write(f"Purge under decision {reference}, run by {by.get_username()}:")
        for label, count in selection.counts().items():
            self.stdout.write(f"  remove {count:>6}  {label}")
        for label, count in selection.cleared_counts().items():
            self.stdout.write(f"  clear  {count:>6}  {label} (the row stays, the mention goes)")
