"""The audit log page: every change record an administrator may read, filtered in the URL,
paginated, and exported as CSV with the same filter. Nothing here changes a record."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vplan.audit.audit_log import (
    export_rows,
    field_changes,
    kind_label,
    person_of,
    read_change_records,
)
from vplan.audit.forms import AuditLogFilterForm
from vplan.neutralise import spreadsheet_cell
from vplan.organisation import permissions
from vplan.organisation.models import Administration

PAGE_SIZE = 50


def audit_log_scope(user, administration_pk=None):
    """(the administration ids whose records the user reads, None for all; the administrations
    offered in the filter). Asking for one administration narrows the ids to it, or refuses
    (404/403) as its access rule says. Shared by the page, its export and the API."""
    administration_ids = permissions.access_audit_log(user)
    if administration_ids is None:
        administrations = list(Administration.objects.order_by("name"))
    else:
        administrations = list(
            Administration.objects.filter(pk__in=administration_ids).order_by("name")
        )
    if administration_pk not in (None, ""):
        administration = permissions.access_administration_audit_log(user, administration_pk)
        administration_ids = {administration.pk}
    return administration_ids, administrations


def read_audit_log(*, user, params):
    """(form, records): the records the user may read that match the filter in `params` (the
    URL's query); records is None when the filter is invalid (the form says where). The page,
    its CSV export and `GET /api/audit` read the log through here."""
    administration_ids, administrations = audit_log_scope(user, params.get("administration"))
    form = AuditLogFilterForm(
        params, administrations=administrations, administration_ids=administration_ids
    )
    if not form.is_valid():
        return form, None
    records = read_change_records(administration_ids=administration_ids, filters=form.log_filter())
    return form, records


@login_required
@require_GET
def audit_log(request):
    form, records = read_audit_log(user=request.user, params=request.GET)
    page = Paginator(records if records is not None else [], PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        (record, person_of(record), kind_label(record.content_type), field_changes(record))
        for record in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "audit/audit_log.html", context, status=400 if form.errors else 200)


class _Echo:
    def write(self, value):
        return value


def _csv_lines(records):
    """The export as Vplan's other CSV files are written (a byte order mark for Excel, `;`
    between cells), every cell neutralised, line by line as the records are read."""
    yield "\ufeff"
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    for row in export_rows(records):
        yield writer.writerow([spreadsheet_cell(cell) for cell in row])


@login_required
@require_GET
def audit_log_csv(request):
    form, records = read_audit_log(user=request.user, params=request.GET)
    if records is None:
        return render(request, "audit/audit_log.html", {"form": form, "rows": []}, status=400)
    response = StreamingHttpResponse(_csv_lines(records), content_type="text/csv; charset=utf-8")
    filename = f"andringslogg-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
