"""A large report import runs as a job (vplan.jobs), so that no request waits for it.

Reading a report is itself slow (4,000 rows of text: 12 s), so a large upload is read by the
worker too:

- an upload of more than `VPLAN_IMPORT_JOB_BYTES` (default 100,000 bytes) is kept in the
  database for a job: on the import page the job reads it and leads to the preview
  (`run_upload_reading`); through `POST /api/imports` the job reads and loads it
  (`run_upload_import`);
- a smaller report with more than `VPLAN_IMPORT_JOB_ACTIVITIES` activity rows (default 200) is
  loaded by a job after it was read: the page's confirmation and the API (`run_report_import`,
  from the parsed upload kept as a `PendingImport`).

Everything smaller imports at once, as before. The worker loads with the same
`load_parsed_document` as everyone else, all or nothing: a failed job has written nothing, and
says why as the import would have.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from vplan.jobs import wording
from vplan.jobs.models import Job
from vplan.jobs.running import (
    JobFailed,
    ProducedFile,
    drop_upload,
    enqueue_job,
    job_handler,
    upload_of,
)
from vplan.organisation.models import Administration

from .load import LoadResult, Outcome, load_parsed_document
from .models import PendingImport
from .parsed import ImportFormatError, ParsedDocument
from .registry import BoardChoiceError, BoardChoices, board_choices_from_text
from .uploads import describe_result, pending_document, read_upload, sha256_of, stage_import

KIND = "vplan.imports.import_jobs.run_report_import"
UPLOAD_IMPORT = "vplan.imports.import_jobs.run_upload_import"
UPLOAD_READING = "vplan.imports.import_jobs.run_upload_reading"
STEPS = 3


def is_large_import(activity_rows: int) -> bool:
    """Whether an import of this many activity rows is loaded by a worker."""
    return activity_rows > settings.VPLAN_IMPORT_JOB_ACTIVITIES


def is_large_upload(size: int) -> bool:
    """Whether an upload of this many bytes is read by a worker."""
    return size > settings.VPLAN_IMPORT_JOB_BYTES


def pending_activity_rows(pending: PendingImport) -> int:
    return len(pending.parsed.get("activities", []))


# --- a large upload: read (and on the API, loaded) by the worker ---------------------------


def enqueue_upload_reading(*, name: str, data: bytes, administration: Administration, by) -> Job:
    """A job that reads a large upload for the import page's preview."""
    return enqueue_job(
        kind=UPLOAD_READING,
        arguments={"administration": administration.pk},
        by=by,
        title=wording.READING_TITLE % {"file": name},
        upload=ProducedFile(filename=name, content_type="", content=data),
    )


@job_handler
def run_upload_reading(*, job: Job, progress) -> dict:
    """Read the upload and keep it for its uploader's preview (stage_import)."""
    progress(0, 2, wording.READING)
    upload = _upload(job)
    administration = Administration.objects.get(pk=job.arguments["administration"])
    try:
        pending = stage_import(
            name=upload.filename,
            data=upload.content,
            administration=administration,
            by=job.created_by,
        )
    except ImportFormatError as error:
        raise JobFailed(error.message) from error
    finally:
        drop_upload(job)
    return {
        "message": str(wording.READ_FOR_PREVIEW % {"file": pending.source_name}),
        "url": reverse("imports:preview", args=[pending.pk]),
        "link_text": str(wording.OPEN_PREVIEW),
    }


def enqueue_upload_import(
    *,
    name: str,
    data: bytes,
    administration: Administration,
    by,
    map_board: list[str],
    create_board: list[str],
    create_boards: bool,
    apply_changes: bool,
) -> Job:
    """A job that reads and loads a large upload, as `POST /api/imports` would."""
    return enqueue_job(
        kind=UPLOAD_IMPORT,
        arguments={
            "administration": administration.pk,
            "map_board": list(map_board),
            "create_board": list(create_board),
            "create_boards": create_boards,
            "apply_changes": apply_changes,
        },
        by=by,
        title=wording.IMPORT_TITLE % {"file": name},
        upload=ProducedFile(filename=name, content_type="", content=data),
    )


@job_handler
def run_upload_import(*, job: Job, progress) -> dict:
    """Read the upload, then load it all or nothing with the caller's board choices."""
    arguments = job.arguments
    progress(0, STEPS, wording.READING)
    upload = _upload(job)
    administration = Administration.objects.get(pk=arguments["administration"])
    try:
        parsed = read_upload(name=upload.filename, data=upload.content)
        board_choices = board_choices_from_text(
            parsed=parsed,
            map_board=arguments["map_board"],
            create_board=arguments["create_board"],
            create_boards=arguments["create_boards"],
        )
    except ImportFormatError as error:
        drop_upload(job)
        raise JobFailed(error.message) from error
    except BoardChoiceError as error:
        drop_upload(job)
        raise JobFailed(str(error)) from error
    progress(1, STEPS, wording.SAVING)
    try:
        result = _load(
            parsed=parsed,
            by=job.created_by,
            sha256=sha256_of(upload.content),
            administration=administration,
            board_choices=board_choices,
            apply_changes=arguments["apply_changes"],
        )
    finally:
        drop_upload(job)
    progress(2, STEPS, wording.STORING)
    return import_outcome(result, source=parsed.source)


def _upload(job: Job) -> ProducedFile:
    upload = upload_of(job)
    if upload is None:
        raise JobFailed(wording.UPLOAD_GONE)
    return upload


# --- a report read in the request, loaded by the worker ------------------------------------


def keep_parsed_upload(
    *, parsed: ParsedDocument, data: bytes, administration: Administration, by
) -> PendingImport:
    """The parsed upload kept for a job (as the import page keeps it for the preview)."""
    with transaction.atomic():
        PendingImport.objects.expired().delete()
        return PendingImport.objects.create(
            uploaded_by=by,
            administration=administration,
            source_name=parsed.source[:300],
            sha256=sha256_of(data),
            size=len(data),
            parsed=parsed.to_schema_dict(),
        )


def enqueue_report_import(
    *,
    pending: PendingImport,
    by,
    board_choices: BoardChoices | None = None,
    apply_changes: bool = False,
    expected_difference: str | None = None,
) -> Job:
    """A job that loads the pending upload; asking again for the same upload gives the same
    job while it is queued or running."""
    choices = board_choices or BoardChoices()
    return enqueue_job(
        kind=KIND,
        arguments={
            "pending": pending.pk,
            "map_to": dict(choices.map_to),
            "create": dict(choices.create),
            "apply_changes": apply_changes,
            "expected_difference": expected_difference,
        },
        by=by,
        title=wording.IMPORT_TITLE % {"file": pending.source_name},
        dedupe_key=f"report-import:{pending.pk}",
    )


@job_handler
def run_report_import(*, job: Job, progress) -> dict:
    """Load the pending upload all or nothing; the upload goes when it is loaded."""
    arguments = job.arguments
    progress(0, STEPS, wording.READING)
    pending = (
        PendingImport.objects.select_related("administration")
        .filter(pk=arguments["pending"], uploaded_by=job.created_by)
        .first()
    )
    if pending is None:
        raise JobFailed(wording.UPLOAD_GONE)
    parsed = pending_document(pending)
    progress(1, STEPS, wording.SAVING)
    result = _load(
        parsed=parsed,
        pending=pending,
        by=job.created_by,
        sha256=pending.sha256,
        administration=pending.administration,
        board_choices=BoardChoices(
            map_to={code: int(board) for code, board in arguments["map_to"].items()},
            create=dict(arguments["create"]),
        ),
        apply_changes=arguments["apply_changes"],
        expected_difference=arguments["expected_difference"],
    )
    progress(2, STEPS, wording.STORING)
    return import_outcome(result, source=parsed.source)


def _load(*, parsed: ParsedDocument, pending: PendingImport | None = None, **options) -> LoadResult:
    """Load all or nothing (and drop the pending upload with it); a refusal is the job's
    clear error, as the import would have said it."""
    try:
        with transaction.atomic():
            result = load_parsed_document(parsed=parsed, **options)
            if result.outcome == Outcome.DIFFERS:
                message = describe_result(result, source=parsed.source)
                raise ImportFormatError(parsed.source, message)
            if pending is not None:
                pending.delete()
    except ImportFormatError as error:
        raise JobFailed(error.message) from error
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages)) from error
    return result


def import_outcome(result: LoadResult, *, source: str) -> dict:
    """What the job page and `GET /api/jobs/{id}` show of a finished import."""
    record = result.record
    plan = record.plan if record else (result.difference.plan if result.difference else None)
    round = record.round if record else (result.difference.round if result.difference else None)
    return {
        "message": describe_result(result, source=source),
        "outcome": result.outcome,
        "created": result.created,
        "plan_id": plan.pk if plan else None,
        "round_id": round.pk if round else None,
        "import_id": record.pk if record else None,
        "activities_created": result.activities_created,
        "placements_created": result.placements_created,
        "reports_created": result.reports_created,
        "activities_changed": result.activities_changed,
        "activities_removed": result.activities_removed,
        "warnings": [warning.message for warning in result.warnings],
        "url": reverse("plans:plan", args=[plan.pk]) if plan else "",
        "link_text": str(wording.OPEN_PLAN),
    }
