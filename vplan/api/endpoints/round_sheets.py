"""Updating a round in Excel through the API: download the sheet, upload it for a preview,
apply the preview's changes. The same functions and rules as the page "Uppdatera i Excel"
(vplan/followups/round_sheet.py): only an open round, only those who may report in it, every
row's outcome with its number and reason, a conflict instead of an overwrite, all or nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from vplan.api.access import user_of
from vplan.api.downloads import attachment, file_responses
from vplan.api.endpoints.jobs import accepted
from vplan.api.errors import error_body
from vplan.api.schemas.common import ERRORS, ErrorOut, StrictIn
from vplan.api.schemas.jobs import JobOut
from vplan.followups.reporting import RoundNotOpen
from vplan.followups.round_sheet import (
    MAX_SHEET_BYTES,
    XLSX_CONTENT_TYPE,
    RoundSheetConflict,
    RoundSheetRefused,
    apply_round_sheet,
    changes_confirmed,
    enqueue_round_sheet_apply,
    is_saved_by_a_worker,
    preview_round_sheet,
)
from vplan.followups.round_sheet_views import access_round_for_sheet, round_sheet_file

router = Router(tags=["round sheets"])


class SheetRowOut(Schema):
    row: int
    outcome: str
    activity_id: int | None
    activity: str
    status_before: str
    status_after: str
    comment_before: str
    comment_after: str
    reason: str


class SheetCountsOut(Schema):
    unchanged: int
    changed: int
    refused: int


class SheetPreviewOut(Schema):
    round_id: int
    counts: SheetCountsOut
    rows: list[SheetRowOut]  # changed, refused, and unchanged with a note (`reason`)
    unchanged_rows: list[int]  # the numbers of the other rows: unchanged, nothing to say
    confirmation: str


class SheetApplyIn(StrictIn):
    confirmation: str


class SavedReportOut(Schema):
    row: int
    activity_id: int
    version: int
    status: str


class SheetAppliedOut(Schema):
    round_id: int
    saved: int
    reports: list[SavedReportOut]


class SheetConflictOut(ErrorOut):
    row: int | None = None  # the row whose activity was reported on since (code `conflict`)


def _open_round_for_sheet(user, round_id: int):
    follow_up_round = access_round_for_sheet(user, round_id)
    if not follow_up_round.accepts_reports:
        raise RoundNotOpen(
            _("The round is %(state)s and takes no more reports.")
            % {"state": follow_up_round.get_state_display()}
        )
    return follow_up_round


@router.get(
    "/rounds/{int:round_id}/sheet",
    response=ERRORS,
    openapi_extra=file_responses(
        XLSX_CONTENT_TYPE,
        description="The round's report as Excel with a hidden last column `vplan-key`: "
        "fill in Status and Comment, then upload it to /sheet/preview.",
    ),
)
def download_sheet(request, round_id: int):
    """The round's Excel file to fill in (an open round; controllers, and editors for their
    boards' activities)."""
    user = user_of(request)
    follow_up_round = _open_round_for_sheet(user, round_id)
    file = round_sheet_file(user=user, round=follow_up_round)
    return attachment(file.content, content_type=file.content_type, filename=file.filename)


@router.post("/rounds/{int:round_id}/sheet/preview", response={200: SheetPreviewOut, **ERRORS})
def preview_sheet(request, round_id: int, file: File[UploadedFile]):
    """What the filled-in file would change: each row unchanged, changed or refused, with its
    row number and reason. Writes nothing. Send `confirmation` to /sheet/apply to save the
    changed rows (valid for 24 hours, for you and this round only)."""
    user = user_of(request)
    follow_up_round = _open_round_for_sheet(user, round_id)
    if file.size > MAX_SHEET_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(megabytes)s MB.")
                    % {"megabytes": MAX_SHEET_BYTES >> 20}
                ]
            }
        )
    try:
        preview = preview_round_sheet(round=follow_up_round, user=user, data=file.read())
    except RoundSheetRefused as refusal:
        raise ValidationError({"file": [str(refusal)]}) from refusal
    return preview.to_json()


@router.post(
    "/rounds/{int:round_id}/sheet/apply",
    response={
        200: SheetAppliedOut,
        202: JobOut,
        409: SheetConflictOut,
        **{code: schema for code, schema in ERRORS.items() if code != 409},
    },
)
def apply_sheet(request, response: HttpResponse, round_id: int, payload: SheetApplyIn):
    """Save the changed rows of a preview, all or nothing, each as a new status report in your
    name. 409 `conflict` (with the `row`) if someone reported on one of them after the preview;
    409 `round_not_open` if the round was closed; nothing is saved then. More than 200 changes
    are saved by a worker: 202 with the job (its URL in Location); poll `GET /api/jobs/{id}`
    until it is done (`result`: round_id, saved) or failed (`error`: the refusal; nothing
    saved)."""
    user = user_of(request)
    follow_up_round = _open_round_for_sheet(user, round_id)
    try:
        changes = changes_confirmed(
            round=follow_up_round, user=user, confirmation=payload.confirmation
        )
        if is_saved_by_a_worker(changes):
            job = enqueue_round_sheet_apply(
                round=follow_up_round, user=user, confirmation=payload.confirmation
            )
            return accepted(job, response)
        reports = apply_round_sheet(round=follow_up_round, user=user, changes=changes)
    except RoundSheetRefused as refusal:
        raise ValidationError({"confirmation": [str(refusal)]}) from refusal
    except RoundSheetConflict as conflict:
        return Status(409, error_body(str(conflict), "conflict", row=conflict.row))
    return {
        "round_id": follow_up_round.pk,
        "saved": len(reports),
        "reports": [
            {
                "row": change.row,
                "activity_id": report.activity_id,
                "version": report.version,
                "status": report.display_status,
            }
            for change, report in zip(changes, reports, strict=True)
        ],
    }
