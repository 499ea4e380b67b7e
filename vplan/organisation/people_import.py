"""Bulk import of people and their roles from a CSV or Excel file: read, preview, apply.

One row is one role of one person:

    användarnamn;namn;e-post;förvaltning;nämnd;roll
    anna.svensson;Anna Svensson;anna.svensson@example.se;UTB;BIN;redaktör

`förvaltning` (the administration's short code) may be left out or empty: the administration
the import is made for. `nämnd` (a board code) empty: the role holds on every board. `roll` is
administratör, controller, redaktör or läsare (or admin, controller, editor, reader). The
columns may come in any order and be named in English too (username, name, email,
administration, board, role). A person with several roles has several rows.

`read_people_file` reads a file into rows (whole-file problems raise PeopleFileError);
`plan_people_import` says per row what would happen (new person, new role, unchanged) and
every error with its row number and column, writing nothing; `apply_people_import` plans again
and writes everything in one transaction, or nothing when any row has an error.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vplan.organisation import permissions
from vplan.organisation.memberships import grant_memberships_in_bulk
from vplan.organisation.models import (
    Administration,
    Board,
    Membership,
    MembershipSource,
    Role,
    canonical_board_code,
)
from vplan.organisation.people import (
    clean_email,
    clean_name,
    clean_username,
    create_people_in_bulk,
)

MAX_FILE_BYTES = 1_000_000
MAX_ROWS = 5_000
MAX_CELL_CHARACTERS = 254
MAX_COLUMNS = 50
# An .xlsx is a zip archive: what it may declare inflated, and how many parts it may have.
MAX_XLSX_INFLATED_BYTES = 20_000_000
MAX_XLSX_MEMBERS = 200

# The columns, each with the headings that name it (compared in lower case, spaces trimmed).
COLUMNS = {
    "username": ("användarnamn", "anvandarnamn", "username", "user"),
    "name": ("namn", "name", "fullständigt namn", "full name"),
    "email": ("e-post", "epost", "e-postadress", "email", "e-mail", "mail"),
    "administration": ("förvaltning", "forvaltning", "administration"),
    "board": ("nämnd", "namnd", "board"),
    "role": ("roll", "role"),
}
REQUIRED_COLUMNS = ("username", "role")
# How the file names each column in errors (the Swedish headings, as the template has them).
COLUMN_HEADINGS = {
    "username": "användarnamn",
    "name": "namn",
    "email": "e-post",
    "administration": "förvaltning",
    "board": "nämnd",
    "role": "roll",
}
ROLE_WORDS = {
    "administratör": Role.ADMIN,
    "administrator": Role.ADMIN,
    "admin": Role.ADMIN,
    "controller": Role.CONTROLLER,
    "redaktör": Role.EDITOR,
    "editor": Role.EDITOR,
    "läsare": Role.READER,
    "reader": Role.READER,
}


class PeopleFileError(Exception):
    """The file as a whole cannot be read (too large, not CSV or Excel, no heading row ...)."""


@dataclass
class RowError:
    column: str  # the column's Swedish heading, or "" for the row as a whole
    message: str


@dataclass
class PlannedRow:
    number: int  # the row's number in the file (the heading is row 1)
    cells: dict  # column -> text as written
    username: str = ""
    name: str = ""
    email: str = ""
    administration: Administration | None = None
    board: Board | None = None
    role: str = ""
    new_person: bool = False
    new_role: bool = False
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(column=COLUMN_HEADINGS.get(column, column), message=message))

    @property
    def outcome(self) -> str:
        if self.errors:
            return "error"
        if self.new_person:
            return "new_person"
        return "new_role" if self.new_role else "unchanged"

    OUTCOMES = {
        "error": gettext_lazy("error"),
        "new_person": gettext_lazy("new person, new role"),
        "new_role": gettext_lazy("new role"),
        "unchanged": gettext_lazy("unchanged"),
    }

    @property
    def outcome_label(self) -> str:
        return str(self.OUTCOMES[self.outcome])

    @property
    def board_label(self) -> str:
        return self.board.display_code if self.board else _("all boards")


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def errors(self) -> list[tuple[int, RowError]]:
        return [(row.number, error) for row in self.rows for error in row.errors]

    @property
    def new_people(self) -> int:
        return len({row.username.lower() for row in self.rows if row.new_person})

    @property
    def new_roles(self) -> int:
        return sum(1 for row in self.rows if not row.errors and (row.new_role or row.new_person))

    @property
    def unchanged(self) -> int:
        return sum(1 for row in self.rows if row.outcome == "unchanged")


@dataclass
class ImportResult:
    people_created: int
    roles_granted: int
    unchanged: int


# Reading ------------------------------------------------------------------------------------


def read_people_file(*, name: str, data: bytes) -> list[dict]:
    """The data rows of a CSV (UTF-8, `;` or `,`) or .xlsx file, each a dict of column -> text
    with `_row`, its row number in the file. Blank rows are left out."""
    if len(data) > MAX_FILE_BYTES:
        raise PeopleFileError(
            _("The file is %(size)s kB; at most %(limit)s kB are read.")
            % {"size": len(data) // 1000, "limit": MAX_FILE_BYTES // 1000}
        )
    if not data.strip():
        raise PeopleFileError(_("The file is empty."))
    lower = (name or "").lower()
    if data[:4] == b"PK\x03\x04" or lower.endswith(".xlsx"):
        table = _xlsx_rows(data)
    elif lower.endswith((".xls", ".ods", ".numbers")):
        raise PeopleFileError(_("Save the file as .xlsx (Excel) or CSV (UTF-8) first."))
    else:
        table = _csv_rows(data)
    return _rows_with_columns(table)


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PeopleFileError(
            _(
                "The file is not UTF-8 text (byte %(position)s). Save it as CSV (UTF-8) or as "
                "Excel (.xlsx)."
            )
            % {"position": error.start + 1}
        ) from error
    if "\x00" in text:
        raise PeopleFileError(_("The file is not a CSV file (it holds NUL characters)."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        for index, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
            yield index + 1, cells
    except csv.Error as error:
        raise PeopleFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from error


def _xlsx_rows(data: bytes):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise PeopleFileError(_("The file is not an Excel file (.xlsx).")) from error
    if len(members) > MAX_XLSX_MEMBERS or (
        sum(member.file_size for member in members) > MAX_XLSX_INFLATED_BYTES
    ):
        raise PeopleFileError(_("The Excel file unpacks to too much data to be a list of people."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise PeopleFileError(_("The Excel file cannot be read (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        for index, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)):
            yield index + 1, ["" if value is None else _cell_text(value) for value in values]
    except PeopleFileError:
        raise
    except Exception as error:
        raise PeopleFileError(_("The Excel file cannot be read (.xlsx).")) from error
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_with_columns(table) -> list[dict]:
    columns = None
    rows = []
    for number, cells in table:
        cells = [cell.strip() for cell in cells[:MAX_COLUMNS]]
        if not any(cells):
            continue
        if columns is None:
            columns = _columns_of(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise PeopleFileError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": MAX_ROWS}
            )
        row = {"_row": number}
        for index, column in columns.items():
            row[column] = cells[index] if index < len(cells) else ""
        rows.append(row)
    if columns is None:
        raise PeopleFileError(_("The file has no heading row."))
    return rows


def _columns_of(headings: list[str]) -> dict[int, str]:
    names = {heading: column for column, headings in COLUMNS.items() for heading in headings}
    columns = {}
    for index, heading in enumerate(headings):
        column = names.get(" ".join(heading.lower().split()))
        if column is not None and column not in columns.values():
            columns[index] = column
    missing = [COLUMN_HEADINGS[c] for c in REQUIRED_COLUMNS if c not in columns.values()]
    if missing:
        raise PeopleFileError(
            _(
                "The heading row lacks the column(s) %(missing)s. The columns are: "
                "användarnamn, namn, e-post, förvaltning, nämnd, roll."
            )
            % {"missing": ", ".join(missing)}
        )
    return columns


# Planning -----------------------------------------------------------------------------------


def plan_people_import(
    *, rows: list[dict], by, administration: Administration | None = None
) -> ImportPlan:
    """What importing the rows would do, row by row, with every error; writes nothing.

    `administration`: the one for rows whose förvaltning is empty. `by`: who imports; only the
    administrations whose people they manage are allowed (None: the system, any)."""
    context = _Context(by=by, default=administration, rows=rows)
    planned = [_plan_row(row, context) for row in rows]
    return ImportPlan(rows=planned)


class _Context:
    """What the planning looks up once for all rows: administrations, boards, the people the
    file names and their current roles."""

    def __init__(self, *, by, default, rows):
        self.default = default
        self.managed = None
        if by is not None:
            managed = permissions.people_managed_administrations(by)
            self.managed = set(managed.values_list("pk", flat=True))
        self.administrations = {a.short_code.upper(): a for a in Administration.objects.all()}
        self.boards = {
            (board.administration_id, board.code): board
            for board in Board.objects.filter(administration__isnull=False)
        }
        keys = list({str(row.get("username", "")).strip().lower() for row in rows} - {""})
        self.users = {}
        for start in range(0, len(keys), 500):
            found = (
                get_user_model()
                .objects.annotate(key=Lower("username"))
                .filter(key__in=keys[start : start + 500])
            )
            self.users.update({user.key: user for user in found})
        self.current = set(
            Membership.objects.current()
            .filter(user__in=[user.pk for user in self.users.values()])
            .values_list("user_id", "administration_id", "board_id", "role")
        )
        self.seen_roles = {}
        self.seen_people = {}

    def user(self, username):
        return self.users.get(username.lower())

    def holds(self, user, administration, board, role) -> bool:
        return (user.pk, administration.pk, board.pk if board else None, role) in self.current


def _plan_row(cells: dict, context: _Context) -> PlannedRow:
    row = PlannedRow(number=cells["_row"], cells={k: v for k, v in cells.items() if k != "_row"})
    for column, value in row.cells.items():
        if len(value) > MAX_CELL_CHARACTERS:
            row.error(
                column,
                _("The cell has %(count)s characters; at most %(limit)s.")
                % {"count": len(value), "limit": MAX_CELL_CHARACTERS},
            )
    if row.errors:
        return row
    _plan_person(row, context)
    _plan_place(row, context)
    _plan_role(row, context)
    if row.errors:
        return row
    _plan_outcome(row, context)
    return row


def _validated(row: PlannedRow, column: str, clean, value):
    try:
        return clean(value)
    except ValidationError as error:
        for message in error.messages:
            row.error(column, message)
        return ""


def _plan_person(row: PlannedRow, context: _Context) -> None:
    row.username = _validated(row, "username", clean_username, row.cells.get("username", ""))
    row.name = _validated(
        row, "name", lambda v: clean_name(v, required=False), row.cells.get("name", "")
    )
    row.email = _validated(row, "email", clean_email, row.cells.get("email", ""))
    if not row.username:
        return
    key = row.username.lower()
    earlier = context.seen_people.get(key)
    if earlier is None:
        context.seen_people[key] = row
    elif (row.name and earlier.name and row.name != earlier.name) or (
        row.email and earlier.email and row.email.lower() != earlier.email.lower()
    ):
        row.error(
            "username",
            _("Row %(row)s gives %(username)s another name or e-mail address.")
            % {"row": earlier.number, "username": row.username},
        )
    person = context.user(row.username)
    if person is None:
        row.new_person = True
        if earlier is not None:
            row.name = row.name or earlier.name
            row.email = row.email or earlier.email
        if not row.name and not row.cells.get("name"):
            row.error("name", _("A new person needs a name."))
    elif not person.is_active:
        row.error(
            "username",
            _("%(username)s is deactivated; reactivate the person first.")
            % {"username": person.username},
        )


def _plan_place(row: PlannedRow, context: _Context) -> None:
    code = row.cells.get("administration", "")
    if code:
        row.administration = context.administrations.get(code.upper())
        if row.administration is None:
            row.error(
                "administration",
                _("No administration has the short code %(code)s.") % {"code": code},
            )
            return
    elif context.default is not None:
        row.administration = context.default
    else:
        row.error("administration", _("Give the administration's short code."))
        return
    if context.managed is not None and row.administration.pk not in context.managed:
        row.error(
            "administration",
            _("You do not manage the people of %(name)s.") % {"name": row.administration.name},
        )
        return
    board_code = row.cells.get("board", "")
    if not board_code:
        return
    row.board = context.boards.get((row.administration.pk, canonical_board_code(board_code)))
    if row.board is None:
        row.error(
            "board",
            _("%(administration)s has no board with the code %(code)s.")
            % {"administration": row.administration.name, "code": board_code},
        )
    elif not row.board.is_active:
        row.error("board", _("The board %(code)s is inactive.") % {"code": board_code})


def _plan_role(row: PlannedRow, context: _Context) -> None:
    word = row.cells.get("role", "").strip().lower()
    if not word:
        row.error("role", _("Give the role."))
        return
    row.role = ROLE_WORDS.get(word, "")
    if not row.role:
        row.error(
            "role",
            _(
                "Unknown role %(role)s: write administratör, controller, redaktör or läsare "
                "(or admin, controller, editor, reader)."
            )
            % {"role": row.cells.get("role", "")},
        )


def _plan_outcome(row: PlannedRow, context: _Context) -> None:
    key = (row.username.lower(), row.administration.pk, row.board and row.board.pk, row.role)
    earlier = context.seen_roles.get(key)
    if earlier is not None:
        row.error("", _("The same person and role as row %(row)s.") % {"row": earlier})
        return
    context.seen_roles[key] = row.number
    if row.new_person:
        row.new_role = True
        return
    person = context.user(row.username)
    row.new_role = not context.holds(person, row.administration, row.board, row.role)


# Applying -----------------------------------------------------------------------------------


class PeopleImportRefused(Exception):
    """The rows have errors: nothing was written. `plan` says which."""

    def __init__(self, plan: ImportPlan):
        super().__init__(_("The file has errors; nothing was imported."))
        self.plan = plan


def apply_people_import(
    *, rows: list[dict], by, administration: Administration | None = None
) -> ImportResult:
    """Import the rows, all or nothing: planned again (what Vplan holds may have changed since
    the preview) and written in one transaction, the new accounts and the new roles each in one
    insert; PeopleImportRefused when any row has an error."""
    with transaction.atomic():
        plan = plan_people_import(rows=rows, by=by, administration=administration)
        if plan.has_errors:
            raise PeopleImportRefused(plan)
        new_people = {}
        for row in plan.rows:
            if row.new_person and row.username.lower() not in new_people:
                new_people[row.username.lower()] = {
                    "username": row.username,
                    "name": row.name,
                    "email": row.email,
                    "administration": row.administration,
                }
        try:
            created = create_people_in_bulk(people=list(new_people.values()), by=by)
            accounts = {account.username.lower(): account for account in created}
            existing = {
                key: user for key, user in _existing_users(plan.rows).items() if user is not None
            }
            accounts.update(existing)
            grants = [
                {
                    "user": accounts[row.username.lower()],
                    "administration": row.administration,
                    "board": row.board,
                    "role": row.role,
                }
                for row in plan.rows
                if row.outcome in ("new_person", "new_role")
            ]
            grant_memberships_in_bulk(grants=grants, by=by, source=MembershipSource.IMPORT)
        except IntegrityError as error:  # someone added the same person or role meanwhile
            raise ValidationError(
                _("The people changed while importing; upload the file again.")
            ) from error
    return ImportResult(
        people_created=len(created), roles_granted=len(grants), unchanged=plan.unchanged
    )


def _existing_users(rows: list[PlannedRow]) -> dict:
    keys = list({row.username.lower() for row in rows if not row.new_person})
    users = {}
    for start in range(0, len(keys), 500):
        found = (
            get_user_model()
            .objects.annotate(key=Lower("username"))
            .filter(key__in=keys[start : start + 500])
        )
        users.update({user.key: user for user in found})
    return users
