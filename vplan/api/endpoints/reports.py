"""Follow-up reports: a round's report as data or as a file, sending (freezing) it to the board,
the sent versions, and the administration's Word template.

The same operations as the report pages (vplan/reports/views.py): `round_report` and
`produce_round_file` for reading, `send_report` for sending, `upload_report_template` and
`use_default_report_template` for the template. Who may do what is the pages' rule: anyone who
may read the round reads and downloads its report and sent versions; the administration's
controllers and administrators send and change the template.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import File, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from vplan.api.access import user_of
from vplan.api.downloads import attachment, file_responses
from vplan.api.endpoints.jobs import accepted
from vplan.api.paging import API_MAX_LIMIT, API_PAGE_SIZE, paged
from vplan.api.schemas.common import ERRORS, Extended
from vplan.api.schemas.jobs import JobOut
from vplan.api.schemas.reports import (
    DefaultTemplateOut,
    FollowUpReportOut,
    ReportTemplateOut,
    SendIn,
    SentReportOut,
)
from vplan.followups.access import (
    access_administration_for_view,
    access_round_for_manage,
    access_round_for_view,
)
from vplan.jobs import wording
from vplan.jobs.models import Job
from vplan.organisation import permissions
from vplan.reports.document import parse_as_of
from vplan.reports.formats import FORMATS
from vplan.reports.models import ReportFormat, ReportTemplate, SentReport
from vplan.reports.page import report_source
from vplan.reports.publication import Viewer, produce_round_file
from vplan.reports.report_jobs import JOB_FORMATS, ReportNotYetAvailable, round_file_or_job
from vplan.reports.sending import send_report
from vplan.reports.word_templates import (
    check_template_size,
    upload_report_template,
    use_default_report_template,
)

router = Router(tags=["reports"])


def _as_of(text: str | None):
    """The optional as_of (ISO date or date and time): what was known then."""
    if text is None or not text.strip():
        return None
    try:
        return parse_as_of(text)
    except ValueError as error:
        raise ValidationError({"as_of": [str(error)]}) from error


def _administration_for_manage(user, administration_id: int):
    """The report template is the administration's: its controllers and administrators."""
    administration = access_administration_for_view(user, administration_id)
    if not permissions.can_manage_administration(user, administration):
        raise PermissionDenied
    return administration


# --- reading and downloading ---------------------------------------------------------------


@router.get("/rounds/{int:round_id}/report", response={200: FollowUpReportOut, **ERRORS})
def get_report(
    request,
    round_id: int,
    as_of: str | None = None,
    publication: int | None = None,
    limit: int = Query(
        API_PAGE_SIZE,
        ge=1,
        le=API_MAX_LIMIT,
        description=f"How many table rows of `perspectives` (1-{API_MAX_LIMIT}; default "
        f"{API_PAGE_SIZE}); `row_count` says how many there are, `next` where the rest are.",
    ),
    offset: int = Query(0, ge=0, description="How many table rows to skip (default 0)."),
):
    """The round's follow-up report as data: summary, assignments, and every activity in every
    place it stands. A published round's is as published. `as_of`: as known then (ISO date or
    date and time); `publication`: that publication of the round (1 the first; a correction
    adds the next).

    The front matter (introduction, summary, assignments, corrections) comes whole on every
    page; the table rows under `perspectives` (an activity in a place, an assignment, an
    activity under an assignment) are paged in the report's order: the `limit` rows from
    `offset` on, with the perspectives, goals and assignments they stand under."""
    user = user_of(request)
    follow_up_round = access_round_for_view(user, round_id)
    source = report_source(
        viewer=Viewer.of(user, follow_up_round),
        round=follow_up_round,
        as_of=_as_of(as_of),
        number=publication,
        xml_safe=False,
    )
    perspectives, row_count = source.window(offset, limit)
    following = offset + limit
    next_page = None
    if following < row_count:
        query = request.GET.copy()
        query["offset"] = str(following)
        query["limit"] = str(limit)
        next_page = f"{request.path}?{query.urlencode()}"
    return Extended(
        source.frame(),
        round=follow_up_round,
        perspectives=perspectives,
        row_count=row_count,
        limit=limit,
        offset=offset,
        next=next_page,
    )


@router.get(
    "/rounds/{int:round_id}/report/{format}",
    response={202: JobOut, **ERRORS},
    openapi_extra=file_responses(*(spec.content_type for spec in FORMATS.values())),
)
def download_report(
    request,
    response: HttpResponse,
    round_id: int,
    format: str,
    as_of: str | None = None,
    publication: int | None = None,
):
    """The report as a file: docx (in the administration's Word template), pdf (PDF/A), html,
    xlsx or csv. A published round's files are as published, byte for byte. `as_of`: as known
    then; `publication`: that publication of the round.

    The PDF, Word or Excel file of a large round (more than VPLAN_PDF_JOB_ACTIVITIES
    activities for the PDF, VPLAN_REPORT_JOB_ACTIVITIES for Word and Excel) that is not stored
    is made by a worker: 202 with the job (its URL in Location); poll `GET /api/jobs/{id}`, then
    GET its `file_url`. Once made, the same request for the unchanged round (or a publication)
    answers 200 with the stored file at once, byte for byte. Signed out, such a file is the
    stored file or 404 (not yet available)."""
    user = user_of(request)
    follow_up_round = access_round_for_view(user, round_id)
    if format not in FORMATS:
        raise Http404
    if format in JOB_FORMATS:
        return _file_or_job(user, follow_up_round, format, _as_of(as_of), publication, response)
    file = produce_round_file(
        viewer=Viewer.of(user, follow_up_round),
        round=follow_up_round,
        format=format,
        as_of=_as_of(as_of),
        number=publication,
    )
    return attachment(file.content, content_type=file.content_type, filename=file.filename)


def _file_or_job(user, follow_up_round, format, as_of, number, response: HttpResponse):
    try:
        answer = round_file_or_job(
            user=user,
            round=follow_up_round,
            format=format,
            as_of=as_of,
            number=number,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except ReportNotYetAvailable as error:
        message = (
            wording.NOT_YET_AVAILABLE
            if format == ReportFormat.PDF
            else wording.FILE_NOT_YET_AVAILABLE
        )
        raise HttpError(404, str(message)) from error
    if isinstance(answer, Job):
        return accepted(answer, response)
    return attachment(answer.content, content_type=answer.content_type, filename=answer.filename)


# --- sending and the sent versions ---------------------------------------------------------


@router.get("/rounds/{int:round_id}/sent-reports", response={200: list[SentReportOut], **ERRORS})
@paged
def list_sent_reports(request, round_id: int):
    """The versions sent to the board, newest first (the bytes: GET /sent-reports/{id}/file)."""
    follow_up_round = access_round_for_view(user_of(request), round_id)
    return SentReport.objects.for_round(follow_up_round).without_content()


@router.post("/rounds/{int:round_id}/sent-reports", response={201: SentReportOut, **ERRORS})
def send(request, round_id: int, payload: SendIn):
    """Send the report to the board: rendered now and frozen byte for byte, with its SHA-256."""
    user = user_of(request)
    follow_up_round = access_round_for_manage(user, round_id)
    sent = send_report(
        round=follow_up_round, format=payload.format, by=user, as_of=_as_of(payload.as_of)
    )
    return Status(201, SentReport.objects.without_content().get(pk=sent.pk))


def _sent_for_view(user, sent_id: int) -> SentReport:
    found = get_object_or_404(SentReport.objects.only("round_id"), pk=sent_id)
    access_round_for_view(user, found.round_id)
    return found


@router.get("/sent-reports/{int:sent_id}", response={200: SentReportOut, **ERRORS})
def get_sent_report(request, sent_id: int):
    _sent_for_view(user_of(request), sent_id)
    return SentReport.objects.without_content().get(pk=sent_id)


@router.get(
    "/sent-reports/{int:sent_id}/file",
    response=ERRORS,
    openapi_extra=file_responses(
        *(spec.content_type for spec in FORMATS.values()),
        description="Exactly the bytes that were sent; the ETag is their SHA-256.",
    ),
)
def download_sent_report(request, sent_id: int):
    _sent_for_view(user_of(request), sent_id)
    sent = SentReport.objects.get(pk=sent_id)
    return attachment(
        bytes(sent.content),
        content_type=sent.content_type,
        filename=sent.filename,
        etag=sent.sha256,
    )


# --- the administration's Word template ----------------------------------------------------


@router.get(
    "/administrations/{int:administration_id}/report-templates",
    response={200: list[ReportTemplateOut], **ERRORS},
)
@paged
def list_report_templates(request, administration_id: int):
    """The Word templates uploaded, newest first; at most one `is_active`."""
    administration = _administration_for_manage(user_of(request), administration_id)
    return (
        ReportTemplate.objects.filter(administration=administration)
        .defer("file")
        .select_related("uploaded_by")
    )


@router.post(
    "/administrations/{int:administration_id}/report-templates",
    response={201: ReportTemplateOut, **ERRORS},
)
def upload_template(request, administration_id: int, file: File[UploadedFile]):
    """Upload a Word document (.docx, multipart field `file`) as the report's template: its
    styles, header and footer are used from now on; the previous template stays as history."""
    user = user_of(request)
    administration = _administration_for_manage(user, administration_id)
    try:
        check_template_size(filename=file.name, size=file.size)
        template = upload_report_template(
            administration=administration, filename=file.name, content=file.read(), by=user
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return Status(201, template)


@router.post(
    "/administrations/{int:administration_id}/report-templates/default",
    response={200: DefaultTemplateOut, **ERRORS},
)
def use_default_template(request, administration_id: int):
    """Go back to Vplan's plain default template (the uploaded ones stay as history)."""
    user = user_of(request)
    administration = _administration_for_manage(user, administration_id)
    return {"deactivated": use_default_report_template(administration=administration, by=user)}
