"""The report as an archival PDF: the HTML document typeset by WeasyPrint.

PDF/A-2a: PDF/A-2 (ISO 19005-2) at level A, which requires a tagged, Unicode-mapped document; so
the file is both archival and accessible (tags, title and language from <title> and
<html lang>). Fonts come from the machine (DejaVu Sans through fontconfig) and WeasyPrint embeds
the subsets it uses, as PDF/A requires.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from vplan.reports.document import Report
from vplan.reports.render_html import REPORT_CSS, STATIC, html_document

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

PDF_VARIANT = "pdf/a-2a"


@cache
def _stylesheets() -> tuple[FontConfiguration, tuple[CSS, ...]]:
    # WeasyPrint is imported when a PDF is made, not when the module is: loading it (its
    # fonts and Pango bindings) took 1.4 s of every `vplan` command's start-up.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = (
        CSS(filename=str(REPORT_CSS), font_config=fonts),
        CSS(filename=str(STATIC / "pdf.css"), font_config=fonts),
    )
    return fonts, sheets


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    fonts, stylesheets = _stylesheets()
    html = HTML(string=html_document(report, embed_stylesheet=False), base_url=str(STATIC))
    return html.write_pdf(
        stylesheets=list(stylesheets),
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        uncompressed_pdf=False,
    )
