"""Import existing follow-up reports through the API: a dry-run preview, and the import itself.

Both take the file as multipart/form-data (`file`) with the administration's id
(`administration`), and are for its controllers and administrators. The preview writes nothing
and says what the import would create, with every warning; the import loads the report all or
nothing, and says so when the same file was imported before. The same operations serve the
import page (vplan.imports.uploads) and `vplan import`. A large report is read and loaded by a
worker: 202 with the job (vplan.imports.import_jobs).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from vplan.api.access import user_of
from vplan.api.endpoints.jobs import accepted
from vplan.api.paging import paged
from vplan.api.schemas.common import ErrorOut
from vplan.api.schemas.imports import (
    BoardChoicesIn,
    ImportPreviewOut,
    ImportRecordOut,
    ImportResultOut,
)
from vplan.api.schemas.jobs import JobOut
from vplan.imports.access import access_administration_for_import, importing_administrations
from vplan.imports.import_jobs import (
    enqueue_report_import,
    enqueue_upload_import,
    is_large_import,
    is_large_upload,
    keep_parsed_upload,
)
from vplan.imports.models import DocumentImport
from vplan.imports.parsed import ImportFormatError
from vplan.imports.preview import preview_import
from vplan.imports.registry import BoardChoiceError, board_choices_from_text
from vplan.imports.uploads import (
    import_upload,
    read_upload,
    sha256_of,
    upload_bytes,
)

router = Router(tags=["imports"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("/imports", response={200: list[ImportRecordOut], 401: ErrorOut})
@paged
def list_imports(request):
    """The reports imported into the administrations the caller may import into."""
    administrations = importing_administrations(user_of(request))
    return (
        DocumentImport.objects.filter(plan__administration__in=administrations)
        .select_related("imported_by")
        .order_by("-imported_at", "-id")
    )


@router.post("/imports/preview", response={200: ImportPreviewOut, **ERRORS})
def preview(
    request,
    file: File[UploadedFile],
    administration: Form[int],
    choices: Form[BoardChoicesIn],
):
    """Dry run: parse the report and say what importing it would create, or that Vplan holds
    it already, or how it differs from the version in Vplan. Writes nothing."""
    user = user_of(request)
    target = access_administration_for_import(user, administration)
    data = _data(file)
    parsed = _parsed(file, data)
    board_choices = _board_choices(parsed, choices)
    return preview_import(
        parsed=parsed, administration=target, sha256=sha256_of(data), board_choices=board_choices
    ).to_json()


@router.post(
    "/imports", response={200: ImportResultOut, 201: ImportResultOut, 202: JobOut, **ERRORS}
)
def create_import(
    request,
    response: HttpResponse,
    file: File[UploadedFile],
    administration: Form[int],
    choices: Form[BoardChoicesIn],
    apply_changes: Form[bool] = False,
):
    """Import the report, all or nothing: 201 when it was imported now, 200 with `created`
    false when Vplan holds the same report already, in any format (nothing is written then).
    A different version of a report already imported is refused with its difference unless
    `apply_changes` is true (see the preview); board codes that are not boards of Vplan are
    refused unless mapped or created (`map_board`, `create_board`, `create_boards`).

    A file of more than VPLAN_IMPORT_JOB_BYTES bytes (default 100,000), or a report of more
    than VPLAN_IMPORT_JOB_ACTIVITIES activity rows (default 200), is read and loaded by a
    worker: 202 with the job (and its URL in Location); poll `GET /api/jobs/{id}` until it is
    done (`result`: plan_id, round_id, import_id and the counts) or failed (`error`: what the
    import would have refused with; nothing written)."""
    user = user_of(request)
    target = access_administration_for_import(user, administration)
    data = _data(file)
    if is_large_upload(len(data)):  # even reading it is slow: the worker does that too
        job = enqueue_upload_import(
            name=file.name,
            data=data,
            administration=target,
            by=user,
            map_board=choices.map_board,
            create_board=choices.create_board,
            create_boards=choices.create_boards,
            apply_changes=apply_changes,
        )
        return accepted(job, response)
    parsed = _parsed(file, data)
    if is_large_import(len(parsed.activities)):
        board_choices = _board_choices(parsed, choices)
        pending = keep_parsed_upload(parsed=parsed, data=data, administration=target, by=user)
        job = enqueue_report_import(
            pending=pending, by=user, board_choices=board_choices, apply_changes=apply_changes
        )
        return accepted(job, response)
    try:
        result = import_upload(
            name=file.name,
            data=data,
            administration=target,
            by=user,
            board_choices=_board_choices(parsed, choices),
            apply_changes=apply_changes,
        )
    except ImportFormatError as error:
        raise ValidationError({"file": [str(error)]}) from error
    return Status(201 if result.created else 200, result)


def _parsed(file: UploadedFile, data: bytes):
    try:
        return read_upload(name=file.name, data=data)
    except ImportFormatError as error:
        raise ValidationError({"file": [str(error)]}) from error


def _board_choices(parsed, choices: BoardChoicesIn):
    try:
        return board_choices_from_text(
            parsed=parsed,
            map_board=choices.map_board,
            create_board=choices.create_board,
            create_boards=choices.create_boards,
        )
    except BoardChoiceError as error:
        field = "create_board" if str(error).startswith("create_board") else "map_board"
        raise ValidationError({field: [str(error)]}) from error


def _data(file: UploadedFile) -> bytes:
    try:
        return upload_bytes(file)
    except ImportFormatError as error:
        raise ValidationError({"file": [str(error)]}) from error
