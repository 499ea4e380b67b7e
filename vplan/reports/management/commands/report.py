"""vplan report ROUND_ID --format docx|pdf|html|xlsx|csv -o FILE [--as-of ISO] [--send --by USER]"""

import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vplan.followups.models import FollowUpRound
from vplan.reports.document import parse_as_of
from vplan.reports.formats import FORMATS
from vplan.reports.publication import OPERATOR, produce_round_file
from vplan.reports.sending import send_report


class Command(BaseCommand):
    help = (
        "Write a follow-up round's report to a file, as known now or at --as-of; with --send, "
        "also freeze it as sent to the board."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int, help="The follow-up round's id.")
        parser.add_argument(
            "--format", "-f", required=True, choices=sorted(FORMATS), help="The file format."
        )
        parser.add_argument(
            "-o", "--output", required=True, help="The file to write ('-' for standard output)."
        )
        parser.add_argument(
            "--as-of",
            help="Report what was known at this ISO date or date and time "
            "(a date alone means the end of that day).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            help="The report's language; the default is the site's (LANGUAGE_CODE).",
        )
        parser.add_argument(
            "--send", action="store_true", help="Freeze the file as sent to the board."
        )
        parser.add_argument("--by", help="With --send: the username of who sends it.")

    def handle(self, *args, round_id, format, output, as_of, language, send, by, **options):
        round = (
            FollowUpRound.objects.select_related("plan__administration").filter(pk=round_id).first()
        )
        if round is None:
            raise CommandError(f"round {round_id}: no follow-up round has this id.")
        try:
            moment = parse_as_of(as_of) if as_of else None
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from None
        sender = None
        if send:
            if not by:
                raise CommandError("--send needs --by USERNAME: who sends the report.")
            sender = get_user_model().objects.filter(username=by).first()
            if sender is None:
                raise CommandError(f"--by {by}: no user has this username.")

        path = None if output == "-" else Path(output)
        if path is not None and not path.parent.exists():
            raise CommandError(f"-o {output}: the folder {path.parent} does not exist.")

        if send:
            sent = send_report(
                round=round, format=format, by=sender, as_of=moment, language=language
            )
            content, sha256 = bytes(sent.content), sent.sha256
        else:
            produced = produce_round_file(
                viewer=OPERATOR, round=round, format=format, as_of=moment, language=language
            )
            content, sha256 = produced.content, ""

        if path is None:
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        path.write_bytes(content)
        message = f"wrote {path} ({len(content)} bytes)"
        if sha256:
            message += f"; sent and frozen, SHA-256 {sha256}"
        self.stdout.write(message)
