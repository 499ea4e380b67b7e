"""vplan remind: e-mail the reminders that are due (for cron), or with --all-open everyone who is
missing a status in any open round. Nobody gets a second reminder for a round within 24 hours."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from vplan.followups.models import Reminder
from vplan.followups.reminders import NoBaseUrl, open_rounds, rounds_due, send_reminders
from vplan.mail_url import email_is_configured


class Command(BaseCommand):
    help = (
        "Send the reminders due today (the open rounds' reminder days before their deadline); "
        "--all-open: remind now everyone missing a status in any open round. Run it daily "
        "(cron); nobody gets a second reminder for the same round within 24 hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all-open",
            action="store_true",
            help="remind now everyone who is missing a status in any open round",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="the address Vplan is reached at, for the links (default: VPLAN_BASE_URL)",
        )

    def handle(self, *args, all_open=False, base_url="", **options):
        if not email_is_configured():
            raise CommandError("VPLAN_EMAIL_URL is not set: Vplan cannot send e-mail.")
        now = timezone.now()
        if all_open:
            rounds, kind = open_rounds(), Reminder.Kind.ALL_OPEN
        else:
            rounds, kind = rounds_due(timezone.localdate(now)), Reminder.Kind.SCHEDULED
        if not rounds:
            self.stdout.write(
                "No open round has a reminder due today." if not all_open else "No open round."
            )
            return
        with tqdm(unit="person", file=self.stderr, disable=None) as bar:

            def progress(done, total):
                bar.total = total
                bar.update(1)

            try:
                outcome = send_reminders(
                    rounds=rounds, base_url=base_url, kind=kind, now=now, progress=progress
                )
            except NoBaseUrl as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"{len(rounds)} round(s): {len(outcome.sent)} reminder(s) sent, "
            f"{len(outcome.recently_reminded)} person(s) reminded less than 24 hours ago, "
            f"{len(outcome.without_address)} without an e-mail address."
        )
        for person in outcome.without_address:
            self.stdout.write(f"  no e-mail address: {person.get_username()}")
