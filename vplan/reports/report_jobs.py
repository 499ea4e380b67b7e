"""The PDF of a large round is made by a job (vplan.jobs), never while a request waits.

A round with more than `VPLAN_PDF_JOB_ACTIVITIES` activities (default 100; about 2.5 s of
WeasyPrint on a 2-core machine, 300 take 7 s) is large:

- a signed-in reader gets the stored file of a publication if there is one, otherwise a job
  (the same job again while it is queued or running: one job per identical request) and its
  page, "Rapporten skapas …", then the file;
- a signed-out visitor gets the stored file, or "not yet available" (404): a signed-out request
  never makes a PDF;
- publishing a large round queues a job that makes its PDFs (the public's and the members', in
  every language), so that the public finds them stored; so does a signed-in reader's request
  for the PDF of a publication made before (its files were not made at publication).

Smaller rounds render in the request, as the other formats do. `VPLAN_PDF_JOB_ACTIVITIES=0`
sends every PDF that is not stored through a job.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from vplan.followups.access import access_round_for_view
from vplan.followups.models import FollowUpRound
from vplan.jobs import wording
from vplan.jobs.models import Job
from vplan.jobs.running import JobFailed, JobOutcome, ProducedFile, enqueue_job, job_handler
from vplan.plans.models import Activity
from vplan.reports.document import parse_as_of
from vplan.reports.formats import ReportFile
from vplan.reports.models import Publication, PublishedFile, ReportFormat
from vplan.reports.publication import (
    LANGUAGES,
    Viewer,
    _published_file,
    produce_round_file,
    shown_publication,
    stored_round_file,
)

ROUND_PDF = "vplan.reports.report_jobs.make_round_pdf"
PUBLICATION_PDFS = "vplan.reports.report_jobs.make_publication_pdfs"


class PdfNotYetAvailable(Exception):
    """A large round's PDF that is not stored yet, asked for by a signed-out visitor."""


def pdf_job_threshold() -> int:
    return settings.VPLAN_PDF_JOB_ACTIVITIES


def is_large_round(round: FollowUpRound) -> bool:
    """Whether the round's PDF is too slow to make while a request waits."""
    threshold = pdf_job_threshold()
    return threshold <= 0 or Activity.objects.filter(plan_id=round.plan_id).count() > threshold


def round_pdf_or_job(
    *, user, round: FollowUpRound, as_of=None, number: int | None = None, language: str
) -> ReportFile | Job:
    """The round's PDF as this user may see it, or the job that makes it (see the module)."""
    viewer = Viewer.of(user, round)
    options = {"viewer": viewer, "round": round, "as_of": as_of, "number": number}
    if not is_large_round(round):
        return produce_round_file(format=ReportFormat.PDF, language=language, **options)
    stored = stored_round_file(format=ReportFormat.PDF, language=language, **options)
    if stored is not None:
        return stored
    if not getattr(user, "is_authenticated", False):
        raise PdfNotYetAvailable
    publication = shown_publication(**options)
    if publication is not None:  # published before its PDFs were made: make them all now
        enqueue_publication_pdfs(publication=publication, by=user)
    as_of_text = as_of.isoformat() if as_of is not None else None
    key = ":".join(
        str(part) for part in ("round-pdf", round.pk, as_of_text, number, language, user.pk)
    )
    return enqueue_job(
        kind=ROUND_PDF,
        arguments={
            "round": round.pk,
            "as_of": as_of_text,
            "number": number,
            "language": language,
        },
        by=user,
        title=_in(language, wording.REPORT_PDF_TITLE, report=str(round)),
        dedupe_key=key,
        language=language,
        message=wording.REPORT_BEING_MADE,
    )


def _in(language: str, text, **values) -> str:
    with translation.override(language):
        return str(text) % values


@job_handler
def make_round_pdf(*, job: Job, progress) -> JobOutcome:
    """Make the PDF the job's owner asked for, as they may see it now."""
    arguments = job.arguments
    progress(0, 2, wording.BUILDING_REPORT)
    try:
        round = access_round_for_view(job.created_by, arguments["round"])
    except (Http404, PermissionDenied) as error:
        raise JobFailed(_in(job.language, wording.NO_LONGER_READABLE)) from error
    as_of = parse_as_of(arguments["as_of"]) if arguments["as_of"] else None
    progress(1, 2, wording.TYPESETTING)
    file = produce_round_file(
        viewer=Viewer.of(job.created_by, round),
        round=round,
        format=ReportFormat.PDF,
        as_of=as_of,
        language=arguments["language"],
        number=arguments["number"],
    )
    return JobOutcome(
        result={"message": file.filename, "filename": file.filename},
        file=ProducedFile(
            filename=file.filename, content_type=file.content_type, content=file.content
        ),
    )


def enqueue_publication_pdfs(*, publication: Publication, by) -> Job:
    """A job that stores the publication's PDFs, for the public and for members, in every
    language (publishing a large round queues it)."""
    return enqueue_job(
        kind=PUBLICATION_PDFS,
        arguments={"publication": publication.pk},
        by=by,
        title=str(wording.PUBLICATION_FILES_TITLE)
        % {"number": publication.number, "report": str(publication.round)},
        dedupe_key=f"publication-pdfs:{publication.pk}",
        message=wording.REPORT_BEING_MADE,
    )


@job_handler
def make_publication_pdfs(*, job: Job, progress) -> dict:
    publication = Publication.objects.select_related("round__plan").get(
        pk=job.arguments["publication"]
    )
    audiences = [PublishedFile.Audience.PUBLIC, PublishedFile.Audience.MEMBERS]
    steps = [(language, audience) for language in LANGUAGES for audience in audiences]
    for done, (language, audience) in enumerate(steps):
        progress(done, len(steps), wording.TYPESETTING)
        _published_file(publication, format=ReportFormat.PDF, language=language, audience=audience)
    url = reverse("reports:page", args=[publication.round_id])
    return {"message": str(publication.round), "url": url, "files": len(steps)}
