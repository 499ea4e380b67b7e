"""CSV exports of the overviews: semicolon-separated UTF-8 with a byte order mark, as Excel in
Swedish settings opens it directly. What users typed is neutralised
(vplan.neutralise.spreadsheet_cell): a text Excel would read as a formula starts with a single
quote, control characters are left out; numbers stay numbers."""

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vplan.neutralise import spreadsheet_row
from vplan.overviews.figures import (
    CATEGORIES,
    CATEGORY_LABELS,
    ChronicRow,
    StatusTable,
    YearShare,
)


def csv_response(*, filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(spreadsheet_row(header))
    writer.writerows(spreadsheet_row(row) for row in rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    return response


def status_table_csv(table: StatusTable, *, grouping: str) -> tuple[list[str], list[list]]:
    header = [grouping, *[str(CATEGORY_LABELS[c]) for c in CATEGORIES], _("total")]
    rows = [
        [group.label, *[group.count(c) for c in CATEGORIES], group.total]
        for group in [*table.groups, table.total]
    ]
    return header, rows


def done_share_csv(shares: list[YearShare]) -> tuple[list[str], list[list]]:
    header = [_("year"), _("done"), _("activities"), _("share done")]
    rows = [[s.year, s.done, s.total, f"{s.share:.3f}".replace(".", ",")] for s in shares]
    return header, rows


def chronic_csv(chronic: list[ChronicRow]) -> tuple[list[str], list[list]]:
    header = [
        "id",
        _("year"),
        _("activity"),
        _("boards"),
        _("times carried over"),
        _("times postponed"),
        _("since"),
        _("end date"),
    ]
    rows = [
        [
            c.row.id,
            c.row.year,
            c.row.text,
            ", ".join(c.row.boards),
            c.times_carried_over,
            c.times_postponed,
            c.first_year,
            str(c.row.end or ""),
        ]
        for c in chronic
    ]
    return header, rows


def overdue_csv(rows_in) -> tuple[list[str], list[list]]:
    header = ["id", _("year"), _("activity"), _("boards"), _("end date"), _("status category")]
    rows = [
        [
            row.id,
            row.year,
            row.text,
            ", ".join(row.boards),
            str(row.end or ""),
            str(CATEGORY_LABELS[row.category]),
        ]
        for row in rows_in
    ]
    return header, rows
