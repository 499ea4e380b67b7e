"""The report as an HTML page: one Django template with print CSS and an accessible SVG chart.

`render_html` gives a standalone file (the stylesheet embedded, for the download and the archive);
the page inside Vplan uses the same body through `reports/report_page.html`, with the stylesheet
linked, so it passes the strict Content Security Policy. render_pdf typesets the same document.
Its texts are made XML-safe first (vplan.neutralise.xml_safe_copy), for WeasyPrint and for
readers of the file that parse it as XML.
"""

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from vplan.neutralise import xml_safe_copy
from vplan.reports.chart import Chart, layout_chart
from vplan.reports.document import Report

STATIC = Path(__file__).resolve().parent / "static" / "reports"
REPORT_CSS = STATIC / "report.css"


@cache
def report_stylesheet() -> str:
    return REPORT_CSS.read_text(encoding="utf-8")


def chart_of(report: Report) -> Chart:
    return layout_chart(
        report.summary,
        title=report.labels.chart_title,
        description=report.labels.chart_description,
    )


def report_context(report: Report) -> dict:
    report = xml_safe_copy(report)
    return {"report": report, "chart": chart_of(report)}


def html_document(report: Report, *, embed_stylesheet: bool) -> str:
    context = report_context(report)
    context["stylesheet"] = report_stylesheet() if embed_stylesheet else ""
    return render_to_string("reports/report_document.html", context)


def render_html(report: Report) -> bytes:
    return html_document(report, embed_stylesheet=True).encode("utf-8")
