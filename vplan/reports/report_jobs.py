"""The Word, Excel and PDF files of a large round are made by a job (vplan.jobs), never while a
request waits, and kept: asking again for an unchanged round serves the stored file at once.

A round is large for a format when its plan has more activities than the format's threshold:
`VPLAN_PDF_JOB_ACTIVITIES` (default 100) for the PDF, `VPLAN_REPORT_JOB_ACTIVITIES` (default
1,000) for Word and Excel. HTML and CSV (a fraction of a second at 3,000 activities) are always
made at once.

- a signed-in reader gets the stored file if there is one: a publication's (`PublishedFile`,
  frozen for ever) or, for a round as it is now, the one made of the same data
  (`StoredReport`, vplan.reports.stored); otherwise a job (the same job again while it is queued
  or running: one job per identical request) and its page, "Rapporten skapas …", then the file;
- a signed-out visitor gets the stored file, or "not yet available" (404): a signed-out request
  never makes a large file;
- publishing a large round queues a job that makes its files (the public's and the members', in
  every language, each format the round is large for), so that the public finds them stored; so
  does a signed-in reader's request for a file of a publication made before.

Smaller rounds render in the request. A threshold of 0 sends every file of that format that is
not stored through a job.
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
from vplan.reports import stored
from vplan.reports.document import parse_as_of
from vplan.reports.formats import FORMATS, ReportFile
from vplan.reports.models import Publication, PublishedFile, ReportFormat
from vplan.reports.publication import (
    LANGUAGES,
    Viewer,
    _audience,
    _published_file,
    produce_round_file,
    shown_publication,
    stored_round_file,
)

ROUND_PDF = "vplan.reports.report_jobs.make_round_pdf"
ROUND_FILE = "vplan.reports.report_jobs.make_round_file"
PUBLICATION_PDFS = "vplan.reports.report_jobs.make_publication_pdfs"

# The formats a large round's file is made by a job in (HTML and CSV are made at once).
JOB_FORMATS = (ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX)


class ReportNotYetAvailable(Exception):
    """A large round's file that is not stored yet, asked for by a signed-out visitor."""


PdfNotYetAvailable = ReportNotYetAvailable  # the name it had when only PDFs were jobs


def job_threshold(format: str = ReportFormat.PDF) -> int | None:
    """The number of activities above which the format is made by a job; None: never."""
    if format == ReportFormat.PDF:
        return settings.VPLAN_PDF_JOB_ACTIVITIES
    if format in JOB_FORMATS:
        return settings.VPLAN_REPORT_JOB_ACTIVITIES
    return None


def pdf_job_threshold() -> int:
    return settings.VPLAN_PDF_JOB_ACTIVITIES


def is_large_round(round: FollowUpRound, format: str = ReportFormat.PDF) -> bool:
    """Whether the round's file in this format is too slow to make while a request waits."""
    threshold = job_threshold(format)
    if threshold is None:
        return False
    return threshold <= 0 or Activity.objects.filter(plan_id=round.plan_id).count() > threshold


def large_formats(round: FollowUpRound) -> list[str]:
    """The formats this round's files are made by a job in (one count of its activities)."""
    count = Activity.objects.filter(plan_id=round.plan_id).count()
    return [
        format
        for format in JOB_FORMATS
        if (threshold := job_threshold(format)) is not None
        and (threshold <= 0 or count > threshold)
    ]


def stored_file_for(
    *, viewer: Viewer, round: FollowUpRound, format: str, as_of=None, number=None, language: str
) -> ReportFile | None:
    """The file as this viewer would get it, if it is stored: the publication's, or the one made
    of the round's data as it stands now (same fingerprint)."""
    options = {"viewer": viewer, "round": round, "as_of": as_of, "number": number}
    publication = shown_publication(**options)
    if publication is not None:
        return stored_round_file(format=format, language=language, **options)
    return stored.stored_file(
        round=round,
        format=format,
        language=language,
        audience=_audience(viewer),
        fingerprint=stored.data_fingerprint(round=round, format=format, as_of=as_of),
    )


def round_file_or_job(
    *, user, round: FollowUpRound, format: str, as_of=None, number=None, language: str
) -> ReportFile | Job:
    """The round's file as this user may see it, or the job that makes it (see the module)."""
    viewer = Viewer.of(user, round)
    options = {"viewer": viewer, "round": round, "as_of": as_of, "number": number}
    if not is_large_round(round, format):
        return produce_round_file(format=format, language=language, **options)
    found = stored_file_for(format=format, language=language, **options)
    if found is not None:
        return found
    if not getattr(user, "is_authenticated", False):
        raise ReportNotYetAvailable
    publication = shown_publication(**options)
    if publication is not None:  # published before its files were made: make them all now
        enqueue_publication_pdfs(publication=publication, by=user)
    as_of_text = as_of.isoformat() if as_of is not None else None
    parts = ("round-pdf", round.pk, as_of_text, number, language, user.pk)
    if format != ReportFormat.PDF:
        parts = ("round-file", format, *parts[1:])
    title = wording.REPORT_PDF_TITLE if format == ReportFormat.PDF else wording.REPORT_FILE_TITLE
    return enqueue_job(
        kind=ROUND_PDF if format == ReportFormat.PDF else ROUND_FILE,
        arguments={
            "round": round.pk,
            "format": format,
            "as_of": as_of_text,
            "number": number,
            "language": language,
        },
        by=user,
        title=_in(
            language, title, report=str(round), format=FORMATS[format].extension.capitalize()
        ),
        dedupe_key=":".join(str(part) for part in parts),
        language=language,
        message=wording.REPORT_BEING_MADE,
    )


def round_pdf_or_job(
    *, user, round: FollowUpRound, as_of=None, number: int | None = None, language: str
) -> ReportFile | Job:
    return round_file_or_job(
        user=user,
        round=round,
        format=ReportFormat.PDF,
        as_of=as_of,
        number=number,
        language=language,
    )


def make_and_store(
    *, viewer: Viewer, round: FollowUpRound, format: str, as_of=None, number=None, language: str
) -> ReportFile:
    """Make the file and keep it: a publication's as its `PublishedFile`, a round as it is now
    under the fingerprint of its data (taken before the report is built, so a change made
    meanwhile makes the next request ask for a new file rather than serve a stale one)."""
    options = {"viewer": viewer, "round": round, "as_of": as_of, "number": number}
    if shown_publication(**options) is not None:
        return produce_round_file(format=format, language=language, **options)
    fingerprint = stored.data_fingerprint(round=round, format=format, as_of=as_of)
    file = produce_round_file(format=format, language=language, **options)
    return stored.store_file(
        round=round,
        format=format,
        language=language,
        audience=_audience(viewer),
        fingerprint=fingerprint,
        file=file,
    )


def _in(language: str, text, **values) -> str:
    with translation.override(language):
        return str(text) % values


@job_handler
def make_round_file(*, job: Job, progress) -> JobOutcome:
    """Make (and store) the file the job's owner asked for, as they may see it now."""
    arguments = job.arguments
    format = arguments.get("format", ReportFormat.PDF)
    progress(0, 2, wording.BUILDING_REPORT)
    try:
        round = access_round_for_view(job.created_by, arguments["round"])
    except (Http404, PermissionDenied) as error:
        raise JobFailed(_in(job.language, wording.NO_LONGER_READABLE)) from error
    as_of = parse_as_of(arguments["as_of"]) if arguments["as_of"] else None
    step = wording.TYPESETTING if format == ReportFormat.PDF else wording.WRITING_REPORT
    progress(1, 2, step)
    file = make_and_store(
        viewer=Viewer.of(job.created_by, round),
        round=round,
        format=format,
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


make_round_pdf = job_handler(make_round_file)  # the kind of the PDF's jobs (and older ones)


def enqueue_publication_pdfs(*, publication: Publication, by) -> Job:
    """A job that stores the publication's files in each format the round is large for (the
    PDF at least), for the public and for members, in every language (publishing a large round
    queues it)."""
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
    formats = large_formats(publication.round) or [ReportFormat.PDF]
    steps = [
        (format, language, audience)
        for format in formats
        for language in LANGUAGES
        for audience in audiences
    ]
    for done, (format, language, audience) in enumerate(steps):
        step = wording.TYPESETTING if format == ReportFormat.PDF else wording.WRITING_REPORT
        progress(done, len(steps), step)
        _published_file(publication, format=format, language=language, audience=audience)
    url = reverse("reports:page", args=[publication.round_id])
    return {"message": str(publication.round), "url": url, "files": len(steps)}
