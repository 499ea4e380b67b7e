"""The report as an Excel workbook (openpyxl): the activities, one row per placement, and the
summary. Ready for filtering in Excel or loading into Qlik.

What users typed is neutralised (vplan.neutralise): every text is an XML-safe string cell, never
a formula; a text beginning like one (= + - @) keeps its characters and gets Excel's quote prefix.
"""

import io
from collections.abc import Mapping
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from vplan.neutralise import append_sheet_row, xml_safe_copy
from vplan.reports.document import Report
from vplan.reports.records import record_rows

WIDE_COLUMNS = {3, 4, 5, 6, 9, 10, 18}  # goals, assignment, activity, comment (1-based)
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _date(cell) -> None:
    cell.number_format = DATETIME_FORMAT


def _wrap(cell) -> None:
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _styled(cell, style, apply):
    """Give the cell the style of the first cell `apply` styled: setting a style through
    openpyxl's descriptors hashes and looks up every part of it for each cell (a sixth of the
    workbook's time at 3,000 activities); every such cell of a column has the same one. Cells
    of the sheet are unstyled (text cells only carry the quote prefix of a formula-like
    text: those are styled the slow way, keeping it)."""
    if style is None or cell.quotePrefix:
        apply(cell)
        return style if style is not None or cell.quotePrefix else copy(cell._style)
    cell._style = copy(style)
    return style


def render_xlsx(
    report: Report, *, keys: Mapping[int, str] | None = None, key_header: str = ""
) -> bytes:
    """The workbook. With `keys` ({activity id: key}), a hidden last column headed `key_header`
    gives each row its activity's key: the round sheet that is filled in and uploaded back
    (vplan/followups/round_sheet.py). The filter covers it, so sorting keeps rows whole."""
    report = xml_safe_copy(report)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report.labels.activities_sheet[:31]
    headers = report.labels.record_columns
    append_sheet_row(sheet, [*headers, key_header] if keys is not None else headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    date_column = len(headers)
    last_column = date_column + (1 if keys is not None else 0)
    # Rows are counted here: openpyxl's max_row walks every cell, once per row appended.
    last_row = 1
    date_style = None
    for values in record_rows(report):
        changed_at = values[-1]
        row = [*values[:-1], changed_at.replace(tzinfo=None) if changed_at else None]
        if keys is not None:
            row.append(keys.get(values[0], ""))
        append_sheet_row(sheet, row)
        last_row += 1
        date_style = _styled(sheet.cell(row=last_row, column=date_column), date_style, _date)
    for index in range(1, last_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = (
            45 if index in WIDE_COLUMNS else 16
        )
    if keys is not None:
        sheet.column_dimensions[get_column_letter(last_column)].hidden = True
    wrap_style = None
    for column in WIDE_COLUMNS:
        for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            wrap_style = _styled(row[0], wrap_style, _wrap)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(last_column)}{last_row}"

    summary = workbook.create_sheet(report.labels.summary_sheet[:31])
    append_sheet_row(summary, [report.title])
    summary["A1"].font = Font(bold=True, size=14)
    append_sheet_row(summary, [report.subtitle])
    if report.legend:
        append_sheet_row(summary, [report.legend])
    for heading, rows in (
        (report.labels.summary_columns_perspective, report.summary.by_perspective),
        (report.labels.summary_columns_board, report.summary.by_board),
    ):
        summary.append([])
        append_sheet_row(
            summary,
            [heading, *(label for _, label in report.summary.categories), report.labels.total],
        )
        for cell in summary[summary.max_row]:
            cell.font = Font(bold=True)
        for row in [*rows, report.summary.total]:
            append_sheet_row(summary, [row.label, *row.counts, row.total])
    summary.column_dimensions["A"].width = 28
    workbook.properties.title = report.title
    workbook.properties.creator = report.administration
    workbook.properties.language = report.language

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
