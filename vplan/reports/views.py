"""Report pages: read a round's report, download it in any format, send (freeze) it, list and
download sent versions, and upload the administration's Word template."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vplan import htmx
from vplan.followups.access import access_round_for_manage, access_round_for_view
from vplan.followups.late_corrections import corrections_since_publication
from vplan.jobs.models import Job
from vplan.organisation.permissions import can_manage_administration
from vplan.paging import MAX_PAGE_SIZE, page_of
from vplan.reports.document import parse_as_of
from vplan.reports.formats import FORMATS, ReportFile
from vplan.reports.forms import ReportTemplateForm, SendReportForm
from vplan.reports.models import ReportFormat, ReportTemplate, SentReport
from vplan.reports.page import PAGE_ROWS, ReportRows, page_contents, report_source
from vplan.reports.publication import (
    Viewer,
    produce_round_file,
    publications_of,
)
from vplan.reports.render_html import chart_of
from vplan.reports.report_jobs import JOB_FORMATS, ReportNotYetAvailable, round_file_or_job
from vplan.reports.sending import send_report
from vplan.reports.word_templates import upload_report_template, use_default_report_template


def _as_of(request):
    """The optional ?as_of= (ISO date or datetime): what was known then."""
    text = request.GET.get("as_of", "").strip()
    return parse_as_of(text) if text else None


def _publication_number(request) -> int | None:
    """The optional ?publication=N: one publication of the round, an earlier one too."""
    text = request.GET.get("publication", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise Http404
    return int(text)


def _file_response(file: ReportFile, *, sha256: str = "") -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    if sha256:
        response["ETag"] = f'"{sha256}"'
    return response


@require_GET
def report_page(request, round_id: int):
    """The report as the reader sees it before downloading it: its front matter and contents,
    and the rows of one perspective or municipal goal (or of all) a page at a time."""
    round = access_round_for_view(request.user, round_id)
    try:
        as_of = _as_of(request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    number = _publication_number(request)
    viewer = Viewer.of(request.user, round)
    source = report_source(viewer=viewer, round=round, as_of=as_of, number=number)
    everything = ReportRows(source)
    rows = ReportRows(
        source, perspective=request.GET.get("perspective", ""), goal=request.GET.get("goal", "")
    )
    page = page_of(request, rows, page_size=PAGE_ROWS if len(rows) > PAGE_ROWS else MAX_PAGE_SIZE)
    report = source.frame()
    context = {
        "report": report,
        "chart": chart_of(report),
        "page": page,
        "perspectives": page.items,
        "shows_contents": len(everything) > PAGE_ROWS,
        **page_contents(request, source),
        "round": round,
        "as_of": request.GET.get("as_of", ""),
        "publications": publications_of(round) if round.is_public else [],
        "late_corrections": corrections_since_publication(round) if round.is_public else [],
        "shows_authors": viewer.sees_personal_names,
        "shown_number": number,
        "publication_query": f"?publication={number}" if number else "",
    }
    return render(request, "reports/report_page.html", context)


@require_GET
def download(request, round_id: int, format: str):
    round = access_round_for_view(request.user, round_id)
    if format not in FORMATS:
        raise Http404
    try:
        as_of = _as_of(request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    number = _publication_number(request)
    if format in JOB_FORMATS:
        return _job_download(request, round, format=format, as_of=as_of, number=number)
    viewer = Viewer.of(request.user, round)
    return _file_response(
        produce_round_file(viewer=viewer, round=round, format=format, as_of=as_of, number=number)
    )


def _job_download(request, round, *, format, as_of, number):
    """A large round's Word, Excel or PDF file that is not stored is made by a job: its page,
    then the file; a stored one (unchanged data, a publication) is served at once."""
    try:
        answer = round_file_or_job(
            user=request.user,
            round=round,
            format=format,
            as_of=as_of,
            number=number,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except ReportNotYetAvailable:
        context = {"round": round, "is_pdf": format == ReportFormat.PDF}
        return render(request, "jobs/not_yet_available.html", context, status=404)
    if isinstance(answer, Job):
        return htmx.go_to(request, reverse("jobs:job", args=[answer.pk]))
    return _file_response(answer)


@login_required
@require_POST
def send(request, round_id: int):
    round = access_round_for_manage(request.user, round_id)
    form = SendReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the formats to send the report in."))
        return redirect("reports:sent_list", round_id=round.pk)
    sent = send_report(round=round, format=form.cleaned_data["format"], by=request.user)
    messages.success(
        request,
        _("The report was sent and frozen as %(file)s (SHA-256 %(sha)s…).")
        % {"file": sent.filename, "sha": sent.short_sha256},
    )
    return redirect("reports:sent_list", round_id=round.pk)


@require_GET
def sent_list(request, round_id: int):
    round = access_round_for_view(request.user, round_id)
    context = {
        "round": round,
        "sent_reports": SentReport.objects.for_round(round).without_content(),
        "can_send": can_manage_administration(request.user, round.plan.administration),
        "form": SendReportForm(),
    }
    return render(request, "reports/sent_list.html", context)


@require_GET
def sent_download(request, sent_id: int):
    sent = get_object_or_404(SentReport.objects.only("round_id"), pk=sent_id)
    access_round_for_view(request.user, sent.round_id)
    sent = SentReport.objects.get(pk=sent_id)
    file = ReportFile(
        filename=sent.filename, content_type=sent.content_type, content=bytes(sent.content)
    )
    return _file_response(file, sha256=sent.sha256)


@login_required
@require_http_methods(["GET", "POST"])
def word_template(request, round_id: int):
    round = access_round_for_manage(request.user, round_id)
    administration = round.plan.administration
    form = ReportTemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            upload_report_template(
                administration=administration,
                filename=upload.name,
                content=upload.read(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The Word template is uploaded and in use."))
            return redirect("reports:template", round_id=round.pk)
    templates = (
        ReportTemplate.objects.filter(administration=administration)
        .defer("file")
        .select_related("uploaded_by")
    )
    context = {"round": round, "administration": administration, "form": form}
    context["templates"] = templates
    status = 400 if form.errors else 200
    return render(request, "reports/word_template.html", context, status=status)


@login_required
@require_POST
def use_default_template(request, round_id: int):
    round = access_round_for_manage(request.user, round_id)
    use_default_report_template(administration=round.plan.administration, by=request.user)
    messages.success(request, _("The report uses Vplan's plain default template again."))
    return redirect("reports:template", round_id=round.pk)
