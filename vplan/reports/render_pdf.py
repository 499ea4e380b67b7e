"""The report as an archival PDF: the HTML document typeset by WeasyPrint.

PDF/A-2a: PDF/A-2 (ISO 19005-2) at level A, which requires a tagged, Unicode-mapped document; so
the file is both archival and accessible (tags, title and language from <title> and
<html lang>). Fonts come from the machine (DejaVu Sans through fontconfig) and WeasyPrint embeds
the subsets it uses, as PDF/A requires.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
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


@cache
def _page_references_remembered() -> None:
    """pydyf's `PDF.page_references` builds the tuple of every page's reference each time it
    is read, and WeasyPrint reads it once per tagged element and link: quadratic, 21 million
    references for a 380-page report (3,000 activities), 11 % of its time. The same tuple is
    kept while the number of pages is the same (pages are only ever appended to `Kids`)."""
    import pydyf

    def page_references(pdf):
        kids = pdf.pages["Kids"]
        remembered = pdf.__dict__.get("_vplan_page_references")
        if remembered is None or remembered[0] != len(kids):
            references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
            remembered = (len(kids), references)
            pdf.__dict__["_vplan_page_references"] = remembered
        return remembered[1]

    pydyf.PDF.page_references = property(page_references)


@cache
def _page_streams_packed() -> None:
    """WeasyPrint keeps every page's content stream as a list of small operators (about 12,000
    bytes objects a page) until the whole file is written, and compresses them only then. Each
    page's stream is joined and compressed as soon as the page is painted, so only the
    compressed bytes stay: peak 813 -> 759 MB for a 421-page report. zlib level 6 instead of
    pydyf's 9: compressing those 421 pages (21 MB) took 1.64 s at level 9 and 0.34 s at level
    6, for a file 1.5-4 % larger."""
    import zlib

    from pydyf import _to_bytes
    from weasyprint.document import Page

    paint = Page.paint

    def paint_and_pack(page, stream, scale=1):
        paint(page, stream, scale)
        if not stream.compress:
            return
        compressor = zlib.compressobj(level=6)
        data = b"\n".join(_to_bytes(item) for item in stream.stream)
        stream.stream = [compressor.compress(data) + compressor.flush()]
        stream.compress = False
        stream.extra["Filter"] = "/FlateDecode"

    Page.paint = paint_and_pack


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    _page_references_remembered()
    _page_streams_packed()
    fonts, stylesheets = _stylesheets()
    html = HTML(string=html_document(report, embed_stylesheet=False), base_url=str(STATIC))
    with _cycle_collector_paused():
        return html.write_pdf(
            stylesheets=list(stylesheets),
            font_config=fonts,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            uncompressed_pdf=False,
        )


@contextmanager
def _cycle_collector_paused():
    """WeasyPrint allocates millions of small objects (boxes, styles, PDF operators) that live
    until the file is written; Python's cycle collector walks all of them again and again while
    they pile up, for nothing (reference counting frees them). Pausing it while one
    report is typeset measured 40.3 -> 32.6 s CPU for 3,000 activities (421 pages), with the
    same peak memory. It is switched on again afterwards (unless it was off already)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
