"""`vplan roundsheet export|import`: update a round in Excel from the command line.

    vplan roundsheet export --round 12 --user controller --output omgang.xlsx
    vplan roundsheet import omgang.xlsx --round 12 --user controller           # a preview
    vplan roundsheet import omgang.xlsx --round 12 --user controller --apply   # saves

The same functions and rules as the page "Uppdatera i Excel" and the API: only an open round,
as a user who may report in it, each row unchanged, changed or refused with its reason, and
--apply saves the changed rows all together or none of them.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from vplan.followups.reporting import RoundNotOpen
from vplan.followups.round_sheet import (
    MAX_SHEET_BYTES,
    RoundSheetConflict,
    RoundSheetRefused,
    apply_round_sheet,
    preview_round_sheet,
)
from vplan.followups.round_sheet_views import access_round_for_sheet, round_sheet_file


class Command(BaseCommand):
    help = "Export a round as Excel to fill in, or import the filled-in file (a preview unless --apply)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write the round's Excel file to fill in")
        export.add_argument("--output", "-o", help="the file to write (default: its own name)")
        load = actions.add_parser("import", help="read a filled-in file: a preview, or --apply")
        load.add_argument("file", help="the filled-in .xlsx file")
        load.add_argument("--apply", action="store_true", help="save the changed rows")
        load.add_argument("--json", action="store_true", help="print the preview as JSON")
        for action in (export, load):
            action.add_argument("--round", type=int, required=True, help="the round's id")
            action.add_argument(
                "--user", required=True, help="the username: who reads, and who reports"
            )

    def handle(self, *args, action, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"--user: there is no user {options['user']!r}.")
        try:
            round = access_round_for_sheet(user, options["round"])
        except Http404 as error:
            raise CommandError(f"--round: no round {options['round']} for this user.") from error
        except PermissionDenied as error:
            raise CommandError(
                f"{user.username} may not report in round {options['round']}."
            ) from error
        if not round.accepts_reports:
            raise CommandError(f"The round is {round.state}: only an open round takes a sheet.")
        if action == "export":
            self._export(user, round, options["output"])
        else:
            self._import(user, round, Path(options["file"]), options)

    def _export(self, user, round, output):
        file = round_sheet_file(user=user, round=round)
        path = Path(output or file.filename)
        path.write_bytes(file.content)
        self.stdout.write(f"Wrote {path} ({len(file.content):,} bytes).")

    def _import(self, user, round, path: Path, options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > MAX_SHEET_BYTES:
            raise CommandError(f"{path}: larger than {MAX_SHEET_BYTES >> 20} MB.")
        try:
            preview = preview_round_sheet(round=round, user=user, data=path.read_bytes())
        except (RoundSheetRefused, RoundNotOpen) as refusal:
            raise CommandError(f"{path}: {refusal}") from refusal
        if options["json"]:
            self.stdout.write(json.dumps(preview.to_json(), ensure_ascii=False, indent=2))
        else:
            for row in preview.rows:
                if row.outcome != "unchanged" or row.reason:
                    detail = f": {row.reason}" if row.reason else ""
                    self.stdout.write(
                        f"row {row.row:>5}  {row.outcome:<9}  {row.activity[:60]}{detail}"
                    )
            counts = preview.counts
            self.stdout.write(
                f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
                f"{counts['refused']} refused."
            )
        say = self.stderr if options["json"] else self.stdout  # JSON alone on stdout
        if not options["apply"]:
            say.write("Nothing saved. Run again with --apply to save the changed rows.")
            return
        try:
            reports = apply_round_sheet(round=round, user=user, changes=preview.changes)
        except (RoundSheetConflict, RoundSheetRefused, RoundNotOpen) as refusal:
            raise CommandError(str(refusal)) from refusal
        say.write(self.style.SUCCESS(f"Saved {len(reports)} status reports."))
