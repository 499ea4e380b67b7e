"""The report as CSV for Swedish Excel: UTF-8 with a byte order mark and semicolons.

Excel with Swedish regional settings expects ';' between fields (the comma is the decimal
separator) and needs the BOM to read UTF-8, or åäö come out garbled. Rows end with CRLF; dates
are written 'YYYY-MM-DD HH:MM' in the server's time zone.

What users typed is neutralised (vplan.neutralise.spreadsheet_cell): a text that Excel would
read as a formula (it begins with = + - @, a tab or a carriage return) starts with a single
quote, and control characters are left out.
"""

import csv
import io

from vplan.neutralise import spreadsheet_row
from vplan.reports.document import Report
from vplan.reports.records import record_rows

DELIMITER = ";"


def render_csv(report: Report) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(spreadsheet_row(report.labels.record_columns))
    for values in record_rows(report):
        changed_at = values[-1]
        writer.writerow(
            spreadsheet_row(
                [
                    *("" if value is None else value for value in values[:-1]),
                    changed_at.strftime("%Y-%m-%d %H:%M") if changed_at else "",
                ]
            )
        )
    return output.getvalue().encode("utf-8-sig")
