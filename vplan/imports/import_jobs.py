"""A large report import runs as a job (vplan.jobs), so that no request waits for it.

The page's confirmation and `POST /api/imports` load a report of more than
`VPLAN_IMPORT_JOB_ACTIVITIES` activity rows (default 200) in a worker; smaller ones load at once,
as before. The parsed upload waits as a `PendingImport` (the database, not a disk), the job names
it, and the worker loads it all or nothing with the same `load_parsed_document` as everyone else:
a failed job has written nothing, and says why as the import would have.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from vplan.jobs import wording
from vplan.jobs.models import Job
from vplan.jobs.running import JobFailed, enqueue_job, job_handler
from vplan.organisation.models import Administration

from .load import LoadResult, Outcome, load_parsed_document
from .models import PendingImport
from .parsed import ImportFormatError, ParsedDocument
from .registry import BoardChoices
from .uploads import describe_result, pending_document, sha256_of

KIND = "vplan.imports.import_jobs.run_report_import"
STEPS = 3


def job_threshold() -> int:
    return int(getattr(settings, "VPLAN_IMPORT_JOB_ACTIVITIES", 200))


def is_large_import(activity_rows: int) -> bool:
    """Whether an import of this many activity rows is left to a worker."""
    return activity_rows > job_threshold()


def pending_activity_rows(pending: PendingImport) -> int:
    return len(pending.parsed.get("activities", []))


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
    try:
        with transaction.atomic():
            result = load_parsed_document(
                parsed=parsed,
                by=job.created_by,
                sha256=pending.sha256,
                administration=pending.administration,
                board_choices=BoardChoices(
                    map_to={k: int(v) for k, v in arguments["map_to"].items()},
                    create=dict(arguments["create"]),
                ),
                apply_changes=arguments["apply_changes"],
                expected_difference=arguments["expected_difference"],
            )
            if result.outcome == Outcome.DIFFERS:
                raise ImportFormatError(
                    parsed.source, describe_result(result, source=parsed.source)
                )
            pending.delete()
    except ImportFormatError as error:
        raise JobFailed(error.message) from error
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages)) from error
    progress(2, STEPS, wording.STORING)
    return import_outcome(result, source=parsed.source)


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
