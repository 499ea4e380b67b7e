"""`vplan people list [--administration UTB] [--board BIN] [--role editor] [--former] [--json]`
lists people and their current roles; `vplan people import FILE --administration UTB
[--dry-run] [--by USERNAME] [--json]` imports people and roles from a CSV or Excel file, all or
nothing: every row's error is printed with its row number and column, and the exit code is 1
when there is any (nothing is written then). See docs/people.md for the file's columns."""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vplan.organisation import people_import
from vplan.organisation.command_line import administration_from_options
from vplan.organisation.models import Administration, Board, Role, canonical_board_code
from vplan.organisation.people import people_of


class Command(BaseCommand):
    help = "List people and their roles; import people and roles from a CSV or Excel file."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="People and their current roles.")
        listing.add_argument("--administration", metavar="SHORT_CODE", default="")
        listing.add_argument("--board", metavar="CODE", default="")
        listing.add_argument("--role", choices=Role.values, default="")
        listing.add_argument(
            "--former", action="store_true", help="Only those who no longer hold a role."
        )
        listing.add_argument("--json", action="store_true", help="JSON instead of a table.")
        importing = actions.add_parser(
            "import", help="Import people and roles from a CSV (UTF-8) or .xlsx file."
        )
        importing.add_argument("file", metavar="FILE")
        importing.add_argument(
            "--administration",
            metavar="SHORT_CODE",
            default="",
            help="The administration of rows whose förvaltning column is empty.",
        )
        importing.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; write nothing."
        )
        importing.add_argument(
            "--by",
            metavar="USERNAME",
            default="",
            help="Import as this user: recorded as the one who granted the roles, and only "
            "the administrations whose people they manage are allowed (default: the system).",
        )
        importing.add_argument("--json", action="store_true", help="The outcome as JSON.")

    def handle(self, *args, action, **options):
        return getattr(self, f"handle_{action}")(**options)

    # vplan people list -----------------------------------------------------------------------

    def handle_list(self, *, administration, board, role, former, json: bool, **options):
        chosen = administration_from_options({"administration": administration})
        administrations = [chosen] if chosen else list(Administration.objects.order_by("name"))
        listed = []
        for each in administrations:
            on = None
            if board:
                on = Board.objects.filter(
                    administration=each, code=canonical_board_code(board)
                ).first()
                if on is None:
                    if chosen:
                        raise CommandError(f"{each.short_code} has no board {board!r}.")
                    continue
            for person in people_of(administration=each, board=on, role=role, former=former):
                listed.append((each, person))
        if json:
            self._print_json(
                [
                    {
                        "administration": each.short_code,
                        "username": person.username,
                        "name": person.get_full_name(),
                        "email": person.email,
                        "is_active": person.is_active,
                        "roles": [
                            {"role": m.role, "board": m.board.display_code if m.board else None}
                            for m in person.roles_here
                        ],
                    }
                    for each, person in listed
                ]
            )
            return
        for each, person in listed:
            roles = ", ".join(
                f"{m.role} ({m.board.display_code if m.board else 'all boards'})"
                for m in person.roles_here
            )
            state = "" if person.is_active else " [deactivated]"
            self.stdout.write(
                f"{each.short_code}\t{person.username}\t{person.get_full_name()}\t"
                f"{person.email}\t{roles or 'no current role'}{state}"
            )
        self.stderr.write(f"{len(listed)} people.")

    # vplan people import ---------------------------------------------------------------------

    def handle_import(self, *, file, administration, dry_run, by, json: bool, **options):
        default = administration_from_options({"administration": administration})
        user = _user(by)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.")
        if path.stat().st_size > people_import.MAX_FILE_BYTES:
            raise CommandError(
                f"{file}: the file is {path.stat().st_size // 1000} kB; at most "
                f"{people_import.MAX_FILE_BYTES // 1000} kB are read."
            )
        try:
            rows = people_import.read_people_file(name=path.name, data=path.read_bytes())
        except people_import.PeopleFileError as error:
            raise CommandError(f"{file}: {error}") from error
        plan = people_import.plan_people_import(rows=rows, by=user, administration=default)
        if plan.has_errors:
            self._report_errors(file, plan, json=json)
            sys.exit(1)
        if dry_run:
            self._report(file, plan, json=json, written=False)
            return
        try:
            result = people_import.apply_people_import(rows=rows, by=user, administration=default)
        except people_import.PeopleImportRefused as refused:  # changed since it was planned
            self._report_errors(file, refused.plan, json=json)
            sys.exit(1)
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}") from error
        if json:
            self._print_json(
                {
                    "file": file,
                    "written": True,
                    "people_created": result.people_created,
                    "roles_granted": result.roles_granted,
                    "unchanged": result.unchanged,
                }
            )
        else:
            self.stdout.write(
                f"{file}: {result.people_created} new people, {result.roles_granted} roles "
                f"granted, {result.unchanged} rows unchanged."
            )

    def _report(self, file, plan, *, json: bool, written: bool) -> None:
        if json:
            self._print_json(
                {
                    "file": file,
                    "written": written,
                    "new_people": plan.new_people,
                    "new_roles": plan.new_roles,
                    "unchanged": plan.unchanged,
                    "rows": [
                        {"row": row.number, "username": row.username, "outcome": row.outcome}
                        for row in plan.rows
                    ],
                }
            )
            return
        for row in plan.rows:
            self.stdout.write(f"row {row.number}: {row.username}: {row.outcome}")
        self.stdout.write(
            f"{file}: would add {plan.new_people} new people and grant {plan.new_roles} roles; "
            f"{plan.unchanged} rows unchanged (dry run: nothing written)."
        )

    def _report_errors(self, file, plan, *, json: bool) -> None:
        errors = [
            {"row": number, "column": error.column, "message": error.message}
            for number, error in plan.errors
        ]
        if json:
            self._print_json({"file": file, "written": False, "errors": errors})
        for error in errors:
            column = f", column {error['column']}" if error["column"] else ""
            self.stderr.write(f"{file}: row {error['row']}{column}: {error['message']}")
        self.stderr.write(f"{file}: {len(errors)} errors; nothing was imported.")

    def _print_json(self, data) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))


def _user(username: str):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    return user
