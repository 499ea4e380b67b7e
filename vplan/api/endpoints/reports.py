"""Follow-up reports: a round's report as data or as a file, sending (freezing) it to the board,
the sent versions, and the administration's Word template.

The same operations as the report pages (vplan/reports/views.py): `round_report` and
`produce_round_file` for reading, `send_report` for sending, `upload_report_template` and
`use_default_report_template` for the template. Who may do what is the pages' rule: anyone who
may read the round reads and downloads its report and sent versions; the administration's
controllers and administrators send and change the template.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from vplan.api.access import user_of
from vplan.api.downloads import attachment, file_responses
from vplan.api.schemas.common import ERRORS, StrictIn
from vplan.api.schemas.rounds import RoundOut
from vplan.followups.access import (
    access_administration_for_view,
    access_round_for_manage,
    access_round_for_view,
)
from vplan.organisation import permissions
from vplan.reports.document import Summary, parse_as_of
from vplan.reports.formats import FORMATS
from vplan.reports.models import ReportFormat, ReportTemplate, SentReport
from vplan.reports.publication import Viewer, produce_round_file, round_report
from vplan.reports.sending import send_report
from vplan.reports.word_templates import upload_report_template, use_default_report_template

router = Router(tags=["reports"])

FORMAT_NAMES = list(FORMATS)


# --- shapes --------------------------------------------------------------------------------


class FootnoteOut(Schema):
    number: int
    text: str


class ReportLineOut(Schema):
    """One activity in one place of the report (a table row)."""

    activity_id: int
    text: str
    carried_over_year: int | None
    carried_over_label: str = Field(description="'Kvarstår från 2021', or empty.")
    boards: list[str]
    decided_end: str
    current_end: str
    end_display: str = Field(description="As the report writes it: 'December*' when moved.")
    postponed: bool
    status: str
    status_category: str = Field(description="done, ongoing, not_started, stopped, other, missing")
    status_category_label: str
    comment: str
    changed_by: str
    changed_at: datetime.datetime | None
    is_part: bool
    part_of: str
    footnote: FootnoteOut | None


class ReportAssignmentOut(Schema):
    assignment_id: int
    text: str
    label: str
    number: int | None
    scope_label: str
    is_struck: bool
    status: str
    direct: ReportLineOut | None = Field(description="The assignment reported directly.")
    activities: list[ReportLineOut]


class GoalGroupOut(Schema):
    board_goal_title: str
    board_goal_description: str
    activities: list[ReportLineOut]
    assignments: list[ReportAssignmentOut]


class MunicipalGoalSectionOut(Schema):
    anchor: str
    title: str
    heading: str
    groups: list[GoalGroupOut]
    footnotes: list[FootnoteOut]


class PerspectiveSectionOut(Schema):
    anchor: str
    name: str
    sections: list[MunicipalGoalSectionOut]


class CategoryOut(Schema):
    key: str
    label: str


class SummaryRowOut(Schema):
    label: str
    counts: dict[str, int] = Field(description="Activities per status category key.")
    total: int


class SummaryOut(Schema):
    categories: list[CategoryOut]
    by_perspective: list[SummaryRowOut]
    by_board: list[SummaryRowOut]
    total: SummaryRowOut


class AssignmentItemOut(Schema):
    number: int | None
    text: str
    boards: str
    struck_label: str


class CorrectionOut(Schema):
    published_at: datetime.datetime
    date_text: str
    reason: str
    by: str = Field(description="Who published the correction; empty for the public.")
    text: str


class ReportOut(Schema):
    round: RoundOut
    language: str
    title: str
    subtitle: str
    administration: str
    municipality: str
    plan_year: int
    round_label: str
    as_of_date: datetime.date
    known_at: datetime.datetime | None = Field(description="The as_of asked for, if any.")
    boards: list[str]
    introduction: list[str]
    legend: str
    summary: SummaryOut
    common_assignments: list[AssignmentItemOut]
    board_assignments: list[AssignmentItemOut]
    perspectives: list[PerspectiveSectionOut]
    corrections: list[CorrectionOut] = Field(
        description="Corrections published after the round's first publication, oldest first."
    )
    formats: list[str] = Field(description="The formats of GET .../report/{format}.")


class SentReportOut(Schema):
    id: int
    round_id: int
    format: str
    filename: str
    content_type: str
    sha256: str
    size: int
    as_of: datetime.datetime
    sent_by: str | None
    sent_at: datetime.datetime


class SendIn(StrictIn):
    format: ReportFormat = Field(description="docx, pdf, html, xlsx or csv.")
    as_of: str | None = Field(
        None, description="Send the report as known then (ISO date or date and time); default now."
    )


class ReportTemplateOut(Schema):
    id: int
    administration_id: int
    filename: str
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime.datetime
    is_active: bool


class DefaultTemplateOut(Schema):
    deactivated: int = Field(description="How many uploaded templates stopped being used.")


def _summary(summary: Summary) -> dict:
    keys = [key for key, _label in summary.categories]

    def row(row) -> dict:
        return {
            "label": row.label,
            "counts": dict(zip(keys, row.counts, strict=True)),
            "total": row.total,
        }

    return {
        "categories": [{"key": key, "label": label} for key, label in summary.categories],
        "by_perspective": [row(r) for r in summary.by_perspective],
        "by_board": [row(r) for r in summary.by_board],
        "total": row(summary.total),
    }


def _sent(sent: SentReport) -> dict:
    return {
        "id": sent.pk,
        "round_id": sent.round_id,
        "format": sent.format,
        "filename": sent.filename,
        "content_type": sent.content_type,
        "sha256": sent.sha256,
        "size": sent.size,
        "as_of": sent.as_of,
        "sent_by": sent.sent_by.get_username() if sent.sent_by else None,
        "sent_at": sent.sent_at,
    }


def _template(template: ReportTemplate) -> dict:
    return {
        "id": template.pk,
        "administration_id": template.administration_id,
        "filename": template.filename,
        "sha256": template.sha256,
        "uploaded_by": template.uploaded_by.get_username() if template.uploaded_by else None,
        "uploaded_at": template.uploaded_at,
        "is_active": template.is_active,
    }


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


@router.get("/rounds/{int:round_id}/report", response={200: ReportOut, **ERRORS})
def get_report(request, round_id: int, as_of: str | None = None, publication: int | None = None):
    """The round's follow-up report as data: summary, assignments, and every activity in every
    place it stands. A published round's is as published. `as_of`: as known then (ISO date or
    date and time); `publication`: that publication of the round (1 the first; a correction
    adds the next)."""
    user = user_of(request)
    round = access_round_for_view(user, round_id)
    report = round_report(
        viewer=Viewer.of(user, round), round=round, as_of=_as_of(as_of), number=publication
    )
    return {
        "round": round,
        "language": report.language,
        "title": report.title,
        "subtitle": report.subtitle,
        "administration": report.administration,
        "municipality": report.municipality,
        "plan_year": report.plan_year,
        "round_label": report.round_label,
        "as_of_date": report.as_of_date,
        "known_at": report.known_at,
        "boards": report.boards,
        "introduction": report.introduction,
        "legend": report.legend,
        "summary": _summary(report.summary),
        "common_assignments": report.common_assignments,
        "board_assignments": report.board_assignments,
        "perspectives": report.perspectives,  # read through the schemas' attributes
        "corrections": report.corrections,
        "formats": FORMAT_NAMES,
    }


@router.get(
    "/rounds/{int:round_id}/report/{format}",
    response=ERRORS,
    openapi_extra=file_responses(*(spec.content_type for spec in FORMATS.values())),
)
def download_report(
    request, round_id: int, format: str, as_of: str | None = None, publication: int | None = None
):
    """The report as a file: docx (in the administration's Word template), pdf (PDF/A), html,
    xlsx or csv. A published round's files are as published, byte for byte. `as_of`: as known
    then; `publication`: that publication of the round."""
    user = user_of(request)
    round = access_round_for_view(user, round_id)
    if format not in FORMATS:
        raise Http404
    file = produce_round_file(
        viewer=Viewer.of(user, round),
        round=round,
        format=format,
        as_of=_as_of(as_of),
        number=publication,
    )
    return attachment(file.content, content_type=file.content_type, filename=file.filename)


# --- sending and the sent versions ---------------------------------------------------------


@router.get("/rounds/{int:round_id}/sent-reports", response={200: list[SentReportOut], **ERRORS})
def list_sent_reports(request, round_id: int):
    """The versions sent to the board, newest first (the bytes: GET /sent-reports/{id}/file)."""
    round = access_round_for_view(user_of(request), round_id)
    return [_sent(sent) for sent in SentReport.objects.for_round(round).without_content()]


@router.post("/rounds/{int:round_id}/sent-reports", response={201: SentReportOut, **ERRORS})
def send(request, round_id: int, payload: SendIn):
    """Send the report to the board: rendered now and frozen byte for byte, with its SHA-256."""
    user = user_of(request)
    round = access_round_for_manage(user, round_id)
    sent = send_report(round=round, format=payload.format, by=user, as_of=_as_of(payload.as_of))
    return Status(201, _sent(SentReport.objects.without_content().get(pk=sent.pk)))


def _sent_for_view(user, sent_id: int) -> SentReport:
    found = get_object_or_404(SentReport.objects.only("round_id"), pk=sent_id)
    access_round_for_view(user, found.round_id)
    return found


@router.get("/sent-reports/{int:sent_id}", response={200: SentReportOut, **ERRORS})
def get_sent_report(request, sent_id: int):
    _sent_for_view(user_of(request), sent_id)
    return _sent(SentReport.objects.without_content().get(pk=sent_id))


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
def list_report_templates(request, administration_id: int):
    """The Word templates uploaded, newest first; at most one `is_active`."""
    administration = _administration_for_manage(user_of(request), administration_id)
    templates = (
        ReportTemplate.objects.filter(administration=administration)
        .defer("file")
        .select_related("uploaded_by")
    )
    return [_template(template) for template in templates]


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
        template = upload_report_template(
            administration=administration, filename=file.name, content=file.read(), by=user
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return Status(201, _template(template))


@router.post(
    "/administrations/{int:administration_id}/report-templates/default",
    response={200: DefaultTemplateOut, **ERRORS},
)
def use_default_template(request, administration_id: int):
    """Go back to Vplan's plain default template (the uploaded ones stay as history)."""
    user = user_of(request)
    administration = _administration_for_manage(user, administration_id)
    return {"deactivated": use_default_report_template(administration=administration, by=user)}
