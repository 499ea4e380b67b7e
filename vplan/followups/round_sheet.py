"""A round's statuses updated in bulk through its Excel file: the round sheet.

Someone who may report in an open round downloads the round's report as Excel (the same
workbook the report offers) with a hidden last column: each row's key, ``round:activity:version:
digest``, where the version is the activity's status report shown in the file (0: none) and the
digest is a short hash of the status and comment shown. They fill in statuses and comments in
Excel and upload the file back:

1. ``read_round_sheet`` reads it within bounds (size, zip inflation, rows, cell text) and gives
   each row's key, status and comment; a file it cannot read is a ``RoundSheetRefused``.
2. ``preview_round_sheet`` says for each row: unchanged (as exported, or already so), changed, or
   refused with the row number and the reason (no key, unknown status, not the user's activity,
   someone else reported since the export: a conflict, never an overwrite). It writes nothing
   and gives a ``confirmation``: the changes, signed, bound to the user and the round.
3. ``apply_round_sheet`` applies the confirmed changes all together, in one transaction, each
   through ``submit_status_report`` (its version check and the round's lock), as the user. One
   conflict or a closed round and nothing is saved. More than SAVED_BY_A_WORKER_ABOVE changes
   are saved by a job (``enqueue_round_sheet_apply``): a few thousand take longer than a
   request may (about 3 queries each).

The page, the API and ``vplan roundsheet`` share these functions.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from vplan.followups.entry_grid import grid_activities
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.reporting import RoundNotOpen, StatusConflict, submit_status_report
from vplan.jobs.models import Job
from vplan.jobs.running import JobFailed, enqueue_job, job_handler
from vplan.neutralise import xml_safe
from vplan.organisation.permissions import editable_board_ids, is_member
from vplan.plans.editing import typed_text_problem
from vplan.plans.models import Activity
from vplan.upload_limits import UploadRefused, check_zip

KEY_HEADER = "vplan-key"
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_SHEET_ROWS = 50_000
MAX_CELL_CHARACTERS = 5_000  # plans.editing.MAX_TEXT_LENGTH: a status or a comment
CONFIRMATION_SALT = "vplan.followups.round_sheet"
CONFIRMATION_MAX_AGE = 24 * 60 * 60  # seconds: a preview left overnight is read again
CONFIRMATION_MARGIN = 64 * 1024  # bytes of a request besides the confirmation
SAVED_BY_A_WORKER_ABOVE = 200  # changes: more are saved by a job (a request has 60 seconds)
LISTED_ROWS = 200  # the preview page lists at most this many rows of each outcome
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RoundSheetRefused(ValueError):
    """The whole file (or confirmation) is refused: the message says what and where."""


class RoundSheetConflict(Exception):
    """Someone reported on a row's activity between the preview and the confirmation."""

    def __init__(self, row: int, conflict: StatusConflict):
        self.row = row
        self.conflict = conflict
        super().__init__(
            _(
                "Nothing was saved: someone else reported on the activity of row %(row)s after "
                "the preview. Download the file again, or upload yours again to see what changed."
            )
            % {"row": row}
        )


# --- access --------------------------------------------------------------------------------


def can_update_round_by_sheet(user, round: FollowUpRound) -> bool:
    """Members who may report on some of the round's activities: controllers (all of them),
    editors (their boards'). Readers and outsiders may not."""
    administration = round.plan.administration
    if not is_member(user, administration):
        return False
    board_ids = editable_board_ids(user, administration)
    return board_ids is None or bool(board_ids)


# --- the key column --------------------------------------------------------------------------


def _clean(text) -> str:
    """A cell's text as compared: line breaks as \\n, no surrounding white space."""
    if text is None:
        return ""
    return str(text).replace("\r\n", "\n").replace("\r", "\n").strip()


def _same_status(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def content_digest(status: str, comment: str) -> str:
    """A short hash of what a row shows (not a secret: it tells an edited row from one left as
    exported). The texts as the file carries them (XML-safe), so that an old text with a
    character the file cannot hold does not look edited."""
    status, comment = xml_safe(_clean(status)), xml_safe(_clean(comment))
    text = f"{' '.join(status.split()).casefold()}\x1f{comment}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def sheet_key(*, round_id: int, activity_id: int, version: int, status: str, comment: str) -> str:
    return f"{round_id}:{activity_id}:{version}:{content_digest(status, comment)}"


@dataclass(frozen=True)
class SheetKey:
    round_id: int
    activity_id: int
    version: int
    digest: str

    @classmethod
    def parse(cls, text: str) -> SheetKey | None:
        parts = _clean(text).split(":")
        if len(parts) != 4 or not all(part.isdigit() for part in parts[:3]):
            return None
        if len(parts[3]) != 12 or any(c not in "0123456789abcdef" for c in parts[3]):
            return None
        return cls(int(parts[0]), int(parts[1]), int(parts[2]), parts[3])


# --- reading the file ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row's number in Excel (the header is row 1)
    key_text: str
    status: str
    comment: str


def _column_headers(name: str) -> set[str]:
    """The header of a report column in every language Vplan writes reports in."""
    headers = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            headers.add(pgettext("report", name).casefold())
    return headers


def _file_refusal(refusal: UploadRefused) -> str:
    if refusal.code == "zip_damaged":
        return _("The file is not an Excel workbook (.xlsx) or it is damaged.")
    if refusal.code in {"zip_inflated", "zip_ratio", "zip_members"}:
        return _(
            "The file unpacks to more than %(megabytes)s MB or has too many parts (a zip bomb?): "
            "it is not read."
        ) % {"megabytes": refusal.details.get("limit_mb", 100)}
    return str(refusal)


def read_round_sheet(data: bytes) -> list[SheetRow]:
    """The rows of an uploaded round sheet (its first sheet), within the bounds; raises
    RoundSheetRefused for a file that is too large, not a workbook, or not a round sheet."""
    if len(data) > MAX_SHEET_BYTES:
        raise RoundSheetRefused(
            _("The file is larger than %(megabytes)s MB.") % {"megabytes": MAX_SHEET_BYTES >> 20}
        )
    try:
        check_zip(data)
    except UploadRefused as refusal:
        raise RoundSheetRefused(_file_refusal(refusal)) from refusal
    # openpyxl is imported when a sheet is read, not with the module (see neutralise.sheet_cell)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RoundSheetRefused(
            _("The file is not an Excel workbook (.xlsx) or it is damaged.")
        ) from error
    try:
        return _rows_of(workbook.worksheets[0]) if workbook.worksheets else []
    finally:
        workbook.close()


def _rows_of(sheet) -> list[SheetRow]:
    rows = sheet.iter_rows(values_only=True)
    header = [_clean(value).casefold() for value in next(rows, ())]
    key_column = _column_index(header, {KEY_HEADER})
    if key_column is None:
        raise RoundSheetRefused(
            _(
                "Row 1 has no column “%(key)s”: upload the file downloaded with “Update in "
                "Excel”, whose last (hidden) column holds each row's key."
            )
            % {"key": KEY_HEADER}
        )
    status_column = _column_index(header, _column_headers("Status"))
    comment_column = _column_index(header, _column_headers("Comment"))
    if status_column is None or comment_column is None:
        raise RoundSheetRefused(
            _("Row 1 has no column “Status” or “Comment”: keep the columns of the downloaded file.")
        )
    found = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS + 1:
            raise RoundSheetRefused(
                _("The file has more than %(limit)s rows; at most %(limit)s are read.")
                % {"limit": MAX_SHEET_ROWS}
            )
        key, status, comment = (
            _clean(values[column]) if column < len(values) else ""
            for column in (key_column, status_column, comment_column)
        )
        if not key and not status and not comment:
            continue
        found.append(SheetRow(number=number, key_text=key, status=status, comment=comment))
    return found


def _column_index(header: list[str], names: set[str]) -> int | None:
    for index, text in enumerate(header):
        if text in names:
            return index
    return None


# --- the preview -----------------------------------------------------------------------------

UNCHANGED = "unchanged"
CHANGED = "changed"
REFUSED = "refused"


@dataclass(frozen=True)
class Change:
    """One status report to add: what the confirmation carries."""

    row: int
    activity_id: int
    expected_version: int
    status_id: int | None
    status_text: str
    comment: str


@dataclass
class PreviewRow:
    row: int
    outcome: str  # UNCHANGED, CHANGED or REFUSED
    activity_id: int | None = None
    activity: str = ""
    status_before: str = ""
    status_after: str = ""
    comment_before: str = ""
    comment_after: str = ""
    reason: str = ""  # why refused, or a note on an unchanged or changed row


@dataclass
class RoundSheetPreview:
    round_id: int
    rows: list[PreviewRow]
    changes: list[Change]
    confirmation: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.counts = {
            outcome: sum(1 for row in self.rows if row.outcome == outcome)
            for outcome in (UNCHANGED, CHANGED, REFUSED)
        }

    @property
    def notable_rows(self) -> list[PreviewRow]:
        """The rows changed or refused, and the unchanged ones with a note."""
        return [row for row in self.rows if row.outcome != UNCHANGED or row.reason]

    def listed_rows(self, *, per_outcome: int | None = None) -> tuple[list[PreviewRow], int]:
        """What the page lists: the notable rows, at most `per_outcome` (LISTED_ROWS) of each
        outcome, in the file's order; and how many notable rows that leaves out."""
        per_outcome = per_outcome or LISTED_ROWS
        listed, taken = [], dict.fromkeys((UNCHANGED, CHANGED, REFUSED), 0)
        notable = self.notable_rows
        for row in notable:
            if taken[row.outcome] < per_outcome:
                taken[row.outcome] += 1
                listed.append(row)
        return listed, len(notable) - len(listed)

    def to_json(self) -> dict:
        """Every notable row in full; the unchanged rows without a note by their numbers."""
        return {
            "round_id": self.round_id,
            "counts": self.counts,
            "rows": [asdict(row) for row in self.notable_rows],
            "unchanged_rows": [
                row.row for row in self.rows if row.outcome == UNCHANGED and not row.reason
            ],
            "confirmation": self.confirmation,
        }


def preview_round_sheet(*, round: FollowUpRound, user, data: bytes) -> RoundSheetPreview:
    """What uploading `data` would do in `round` for `user`. Writes nothing. Raises
    RoundNotOpen for a round that takes no reports, RoundSheetRefused for an unreadable file."""
    _require_open(round)
    return _preview_rows(round=round, user=user, rows=read_round_sheet(data))


def _require_open(round: FollowUpRound) -> None:
    if not round.accepts_reports:
        raise RoundNotOpen(
            _("The round is %(state)s and takes no more reports.")
            % {"state": round.get_state_display()}
        )


@dataclass
class _Known:
    """What the preview reads, each in one query whatever the number of rows."""

    activities: dict[int, Activity]
    boards_of: dict[int, set[int]]
    current: dict[int, StatusReport]
    statuses: list[Status]
    editable: set[int] | None

    @classmethod
    def read(cls, *, round: FollowUpRound, user, activity_ids: set[int]) -> _Known:
        activities = grid_activities(round).filter(pk__in=activity_ids).only("id", "text", "plan")
        boards_of: dict[int, set[int]] = {}
        for activity_id, board_id in Activity.boards.through.objects.filter(
            activity_id__in=activity_ids
        ).values_list("activity_id", "board_id"):
            boards_of.setdefault(activity_id, set()).add(board_id)
        reports = (
            StatusReport.objects.in_round(round)
            .filter(activity_id__in=activity_ids)
            .current()
            .with_details()
        )
        return cls(
            activities={activity.pk: activity for activity in activities},
            boards_of=boards_of,
            current={report.activity_id: report for report in reports},
            statuses=list(Status.objects.all()),
            editable=editable_board_ids(user, round.plan.administration),
        )

    def may_edit(self, activity_id: int) -> bool:
        if self.editable is None:
            return True
        return bool(self.boards_of.get(activity_id, set()) & self.editable)

    def status_named(self, name: str) -> Status | None:
        for status in self.statuses:
            if status.is_active and _same_status(status.name, name):
                return status
        return None

    def offered(self) -> str:
        return ", ".join(status.name for status in self.statuses if status.is_active)


def _preview_rows(*, round: FollowUpRound, user, rows: list[SheetRow]) -> RoundSheetPreview:
    keys = {row.number: SheetKey.parse(row.key_text) for row in rows}
    activity_ids = {key.activity_id for key in keys.values() if key and key.round_id == round.pk}
    known = _Known.read(round=round, user=user, activity_ids=activity_ids)
    shown, changes = [], []
    for row in rows:
        preview, change = _preview_row(row, keys[row.number], round=round, known=known)
        shown.append(preview)
        if change is not None:
            changes.append(change)
    changes = _one_change_per_activity(shown, changes)
    preview = RoundSheetPreview(round_id=round.pk, rows=shown, changes=changes)
    if changes:
        preview.confirmation = _confirmation(round=round, user=user, changes=changes)
        _refuse_too_large(preview.confirmation, len(changes))
    return preview


def _refuse_too_large(confirmation: str, count: int) -> None:
    """The confirmation is sent back in one request, which Django bounds
    (DATA_UPLOAD_MAX_MEMORY_SIZE): a file whose changes would not fit is refused now, with how
    to split it, rather than after the preview."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or len(confirmation) <= limit - CONFIRMATION_MARGIN:
        return
    rows = max(1, count * (limit - CONFIRMATION_MARGIN) // len(confirmation))
    raise RoundSheetRefused(
        _(
            "The file changes too much at once (%(count)s rows with their comments): upload "
            "it in parts of at most about %(rows)s changed rows each (delete the other rows)."
        )
        % {"count": count, "rows": rows}
    )


def _preview_row(
    row: SheetRow, key: SheetKey | None, *, round: FollowUpRound, known: _Known
) -> tuple[PreviewRow, Change | None]:
    shown = PreviewRow(row=row.number, outcome=REFUSED, status_after=row.status)
    shown.comment_after = row.comment
    if key is None:
        shown.reason = _(
            "The row has no key (column “%(key)s”): rows added in Excel are not read; add "
            "activities in Vplan."
        ) % {"key": KEY_HEADER}
        return shown, None
    shown.activity_id = key.activity_id
    if key.round_id != round.pk:
        shown.reason = _("The row is from another round's file (round %(other)s).") % {
            "other": key.round_id
        }
        return shown, None
    activity = known.activities.get(key.activity_id)
    if activity is None:
        shown.reason = _("The activity is no longer in the plan.")
        return shown, None
    shown.activity = activity.text
    current = known.current.get(activity.pk)
    shown.status_before = current.display_status if current else ""
    shown.comment_before = current.comment if current else ""
    if content_digest(row.status, row.comment) == key.digest:
        shown.outcome = UNCHANGED
        if current and current.version != key.version:
            shown.reason = _("Not edited in the file; reported in Vplan since the download.")
        return shown, None
    if _same_status(row.status, shown.status_before) and row.comment == _clean(
        shown.comment_before
    ):
        shown.outcome = UNCHANGED
        shown.reason = _("Already so in Vplan.")
        return shown, None
    if not known.may_edit(activity.pk):
        shown.reason = _(
            "You may not report on this activity: it is not one of your boards' activities."
        )
        return shown, None
    version = current.version if current else 0
    if version != key.version:
        shown.reason = _(
            "Conflict: %(author)s reported on the activity after your download (version "
            "%(yours)s, now %(now)s). Nothing is overwritten: download the file again."
        ) % {"author": current.author_display or "?", "yours": key.version, "now": version}
        return shown, None
    if not row.status:
        shown.reason = _("The status is empty: a status report needs a status.")
        return shown, None
    if current and _same_status(row.status, current.display_status):
        status, status_text = current.status, current.status_text
    else:
        status, status_text = known.status_named(row.status), ""
        if status is None:
            shown.reason = _("Unknown status “%(status)s”: choose one of %(statuses)s.") % {
                "status": row.status[:100],
                "statuses": known.offered(),
            }
            return shown, None
    problem = typed_text_problem(row.comment, max_length=MAX_CELL_CHARACTERS)
    if problem:
        shown.reason = _("The comment: %(problem)s") % {"problem": problem}
        return shown, None
    shown.outcome = CHANGED
    shown.status_after = status.name if status else status_text
    change = Change(
        row=row.number,
        activity_id=activity.pk,
        expected_version=version,
        status_id=status.pk if status else None,
        status_text=status_text,
        comment=row.comment,
    )
    return shown, change


def _one_change_per_activity(shown: list[PreviewRow], changes: list[Change]) -> list[Change]:
    """An activity stands on one row per place it stands in: the same change on several of its
    rows is made once; different changes to one activity are all refused."""
    by_activity: dict[int, list[Change]] = {}
    for change in changes:
        by_activity.setdefault(change.activity_id, []).append(change)
    rows = {row.row: row for row in shown}
    kept = []
    for activity_changes in by_activity.values():
        first = activity_changes[0]
        same = all(
            (c.status_id, c.status_text, c.comment)
            == (first.status_id, first.status_text, first.comment)
            for c in activity_changes
        )
        if same:
            kept.append(first)
            for other in activity_changes[1:]:
                rows[other.row].reason = _("The same change as row %(row)s: made once.") % {
                    "row": first.row
                }
            continue
        numbers = ", ".join(str(c.row) for c in activity_changes)
        for change in activity_changes:
            rows[change.row].outcome = REFUSED
            rows[change.row].reason = _(
                "The activity is changed differently on rows %(rows)s: change it on one row."
            ) % {"rows": numbers}
    return sorted(kept, key=lambda change: change.row)


# --- the confirmation --------------------------------------------------------------------------


def _confirmation(*, round: FollowUpRound, user, changes: list[Change]) -> str:
    payload = {
        "round": round.pk,
        "user": user.pk,
        "changes": [
            [c.row, c.activity_id, c.expected_version, c.status_id, c.status_text, c.comment]
            for c in changes
        ],
    }
    return signing.dumps(payload, salt=CONFIRMATION_SALT, compress=True)


def changes_confirmed(*, round: FollowUpRound, user, confirmation: str) -> list[Change]:
    """The changes a preview gave `user` for `round`; RoundSheetRefused if the confirmation is
    damaged, too old, or another user's or round's."""
    try:
        payload = signing.loads(confirmation, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature as error:
        raise RoundSheetRefused(
            _("The preview is too old or damaged: upload the file again.")
        ) from error
    if payload.get("round") != round.pk or payload.get("user") != user.pk:
        raise RoundSheetRefused(_("The preview is for another round or person: upload again."))
    return [Change(*values) for values in payload["changes"]]


# --- applying ------------------------------------------------------------------------------


@transaction.atomic
def apply_round_sheet(*, round: FollowUpRound, user, changes: list[Change]) -> list[StatusReport]:
    """Add one status report per change, as `user`, all or nothing: each through
    submit_status_report (the version check and the round's lock). Raises RoundNotOpen,
    RoundSheetConflict (naming the row), or RoundSheetRefused for a change to an activity the
    user may no longer report on (their boards changed since the preview)."""
    _require_open(round)
    known = _Known.read(round=round, user=user, activity_ids={c.activity_id for c in changes})
    statuses = {status.pk: status for status in known.statuses}
    reports = []
    for change in changes:
        activity = known.activities.get(change.activity_id)
        if activity is None or not known.may_edit(change.activity_id):
            raise RoundSheetRefused(
                _("Nothing was saved: you may no longer report on the activity of row %(row)s.")
                % {"row": change.row}
            )
        try:
            reports.append(
                submit_status_report(
                    activity=activity,
                    round=round,
                    author=user,
                    status=statuses.get(change.status_id) if change.status_id else None,
                    status_text=change.status_text,
                    comment=change.comment,
                    expected_version=change.expected_version,
                )
            )
        except StatusConflict as conflict:
            raise RoundSheetConflict(change.row, conflict) from conflict
    return reports


# --- many changes: saved by a worker ----------------------------------------------------------


def is_saved_by_a_worker(changes: list[Change]) -> bool:
    return len(changes) > SAVED_BY_A_WORKER_ABOVE


def enqueue_round_sheet_apply(*, round: FollowUpRound, user, confirmation: str) -> Job:
    """A job that applies a confirmed preview as `user` (the same confirmation asked for twice
    while it waits is one job)."""
    digest = hashlib.sha256(confirmation.encode()).hexdigest()[:40]
    return enqueue_job(
        kind="vplan.followups.round_sheet.run_round_sheet_apply",
        arguments={"round": round.pk, "confirmation": confirmation},
        by=user,
        title=_("Status reports from Excel in %(round)s") % {"round": round.label},
        dedupe_key=f"round-sheet:{round.pk}:{digest}",
    )


@job_handler
def run_round_sheet_apply(*, job: Job, progress) -> dict:
    """Apply the job's confirmed preview as the person who asked, all or nothing."""
    round = FollowUpRound.objects.select_related("plan__administration").get(
        pk=job.arguments["round"]
    )
    user = job.created_by
    if user is None or not can_update_round_by_sheet(user, round):
        raise JobFailed(_("Nothing was saved: you may no longer report in this round."))
    try:
        changes = changes_confirmed(
            round=round, user=user, confirmation=job.arguments["confirmation"]
        )
        progress(0, len(changes), _("Saving the status reports"))
        reports = apply_round_sheet(round=round, user=user, changes=changes)
    except (RoundSheetConflict, RoundSheetRefused) as refusal:
        raise JobFailed(str(refusal)) from refusal
    except RoundNotOpen as refusal:
        raise JobFailed(_("Nothing was saved: %(reason)s") % {"reason": refusal}) from refusal
    progress(len(changes), len(changes), _("Saving the status reports"))
    return {
        "round_id": round.pk,
        "saved": len(reports),
        "message": ngettext(
            "Saved from Excel: %(count)s status report.",
            "Saved from Excel: %(count)s status reports.",
            len(reports),
        )
        % {"count": len(reports)},
        "url": reverse("followups:round", args=[round.pk]),
        "link_text": _("Open the round"),
    }
