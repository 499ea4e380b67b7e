"""The object plan report as an archival PDF: PDF/A-2a (ISO 19005-2, level A: tagged and
Unicode-mapped, so archival and accessible), typeset by WeasyPrint from one HTML template.

The title and language come from <title> and <html lang>. Fonts come from the machine through
fontconfig (DejaVu Sans, else Liberation Sans) and WeasyPrint embeds the subsets it uses, as
PDF/A requires. The texts are made XML-safe first (vplan.neutralise.xml_safe_copy).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from vplan.neutralise import xml_safe_copy
from vplan.objectplans.report import ObjectPlanReport

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

PDF_VARIANT = "pdf/a-2a"
STATIC = Path(__file__).resolve().parent / "static" / "objectplans"


@cache
def _stylesheet() -> tuple[FontConfiguration, CSS]:
    # WeasyPrint is imported when a PDF is made, not when the module is: loading it (its
    # fonts and Pango bindings) took 1.4 s of every `vplan` command's start-up.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, CSS(filename=str(STATIC / "report.css"), font_config=fonts)


def report_html(report: ObjectPlanReport) -> str:
    return render_to_string("objectplans/report_document.html", {"report": xml_safe_copy(report)})


def render_pdf(report: ObjectPlanReport) -> bytes:
    from weasyprint import HTML

    fonts, stylesheet = _stylesheet()
    html = HTML(string=report_html(report), base_url=str(STATIC))
    return html.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )
