"""Updating a round in Excel (the round sheet): download, upload for a preview, confirm.

The domain is vplan/followups/round_sheet.py; the file is the report's Excel workbook
(vplan/reports/render_xlsx.py) with the hidden key column. `round_sheet_file` is shared by the
page, the API and `vplan roundsheet`.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vplan.followups.access import access_round_for_view
from vplan.followups.reporting import RoundNotOpen
from vplan.followups.round_sheet import (
    KEY_HEADER,
    MAX_SHEET_BYTES,
    XLSX_CONTENT_TYPE,
    RoundSheetConflict,
    RoundSheetRefused,
    apply_round_sheet,
    can_update_round_by_sheet,
    changes_confirmed,
    enqueue_round_sheet_apply,
    is_saved_by_a_worker,
    preview_round_sheet,
    sheet_key,
)
from vplan.reports.document import ActivityLine, Report
from vplan.reports.formats import ReportFile
from vplan.reports.publication import Viewer, round_report
from vplan.reports.render_xlsx import render_xlsx


def access_round_for_sheet(user, pk):
    """The round, for someone who may update it by sheet; Http404 or PermissionDenied."""
    round = access_round_for_view(user, pk)
    if not can_update_round_by_sheet(user, round):
        raise PermissionDenied
    return round


def report_lines(report: Report):
    """Every activity line of the report, an assignment reported directly included."""
    for perspective in report.perspectives:
        for section in perspective.sections:
            for group in section.groups:
                for row in group.rows:
                    line = row.direct if row.is_assignment else row
                    if isinstance(line, ActivityLine):
                        yield line


def round_sheet_file(*, user, round) -> ReportFile:
    """The round's report as Excel, as this user reads it, with each row's key: the version
    and a digest of the status and comment the row shows, read from the same report."""
    report = round_report(viewer=Viewer.of(user, round), round=round)
    keys = {
        line.activity_id: sheet_key(
            round_id=round.pk,
            activity_id=line.activity_id,
            version=line.version,
            status=line.status,
            comment=line.comment,
        )
        for line in report_lines(report)
    }
    suffix = pgettext("round sheet file name", "update")
    return ReportFile(
        filename=f"{report.filename_stem}-{suffix}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
        content=render_xlsx(report, keys=keys, key_header=KEY_HEADER),
    )


class RoundSheetForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The filled-in Excel file"),
        help_text=gettext_lazy("The file you downloaded here (.xlsx), at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SHEET_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(megabytes)s MB.")
                % {"megabytes": MAX_SHEET_BYTES >> 20}
            )
        return upload


@login_required
@require_GET
def round_sheet_download(request, round_id):
    round = access_round_for_sheet(request.user, round_id)
    if not round.accepts_reports:
        messages.error(request, _("Only an open round can be updated in Excel."))
        return redirect("followups:round_sheet", round.pk)
    file = round_sheet_file(user=request.user, round=round)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def round_sheet_upload(request, round_id):
    """The page: how it works, the download, the upload; a POST answers with the preview."""
    round = access_round_for_sheet(request.user, round_id)
    form = RoundSheetForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render_upload(request, round, form, status=422 if form.is_bound else 200)
    try:
        preview = preview_round_sheet(
            round=round, user=request.user, data=form.cleaned_data["file"].read()
        )
    except (RoundSheetRefused, RoundNotOpen) as refusal:
        form.add_error("file", str(refusal))
        return _render_upload(request, round, form, status=422)
    listed, left_out = preview.listed_rows()
    context = {
        "round": round,
        "plan": round.plan,
        "preview": preview,
        "listed": listed,
        "left_out": left_out,
    }
    return render(request, "followups/round_sheet_preview.html", context)


@login_required
@require_POST
def round_sheet_apply(request, round_id):
    """Apply the changes of a preview, all or nothing."""
    round = access_round_for_sheet(request.user, round_id)
    try:
        confirmation = request.POST.get("confirmation", "")
        changes = changes_confirmed(round=round, user=request.user, confirmation=confirmation)
        if is_saved_by_a_worker(changes):
            job = enqueue_round_sheet_apply(
                round=round, user=request.user, confirmation=confirmation
            )
            return redirect("jobs:job", job.pk)
        reports = apply_round_sheet(round=round, user=request.user, changes=changes)
    except RoundSheetConflict as conflict:
        return _render_upload(request, round, RoundSheetForm(), status=409, refusal=str(conflict))
    except RoundNotOpen as refusal:
        reason = _("Nothing was saved: %(reason)s") % {"reason": refusal}
        return _render_upload(request, round, RoundSheetForm(), status=409, refusal=reason)
    except RoundSheetRefused as refusal:
        return _render_upload(request, round, RoundSheetForm(), status=422, refusal=str(refusal))
    saved = ngettext(
        "Saved from Excel: %(count)s status report.",
        "Saved from Excel: %(count)s status reports.",
        len(reports),
    )
    messages.success(request, saved % {"count": len(reports)})
    return redirect("followups:round", round.pk)


def _render_upload(request, round, form, *, status, refusal=""):
    context = {"round": round, "plan": round.plan, "form": form, "refusal": refusal}
    return render(request, "followups/round_sheet_upload.html", context, status=status)
