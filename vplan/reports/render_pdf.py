"""The report as an archival PDF: the HTML document typeset by WeasyPrint.

PDF/A-2a: PDF/A-2 (ISO 19005-2) at level A, which requires a tagged, Unicode-mapped document; so
the file is both archival and accessible (tags, title and language from <title> and
<html lang>). Fonts come from the machine (DejaVu Sans through fontconfig) and WeasyPrint embeds
the subsets it uses, as PDF/A requires.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING

from vplan.reports.document import Report
from vplan.reports.render_html import REPORT_CSS, STATIC, html_document

if TYPE_CHECKING:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

PDF_VARIANT = "pdf/a-2a"

# WeasyPrint's user-agent rules for pseudo-elements a report never has: every element got a
# computed style for each of them (six per element, 134,000 for 3,000 activities), 157 MB of
# the peak (680 -> 523 MB), for a byte-identical file. ::marker is kept for list items only.
UNUSED_USER_AGENT_RULES = ("::footnote-call", "::footnote-marker", "::note-")


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


@cache
def report_html_class() -> type[HTML]:
    """WeasyPrint's HTML document with a user-agent stylesheet that leaves out the rules of
    UNUSED_USER_AGENT_RULES and gives ::marker to list items only (WeasyPrint's own gives it to
    every element). The lines are matched as WeasyPrint 70 writes them; should they change,
    the stylesheet is WeasyPrint's own (test_render_pdf checks that they still match)."""
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    all_lines = UA.splitlines()
    lines = [line for line in all_lines if not line.startswith(UNUSED_USER_AGENT_RULES)]
    lines = [
        "li::marker {" + line[10:] if line.startswith("::marker {") else line for line in lines
    ]
    # The @counter-style rules are read into a counter style of their own: WeasyPrint's copy
    # of its user-agent counter styles, which the document uses, has them already.
    stylesheet = CSS(string="\n".join(lines), counter_style=CounterStyle())

    class ReportHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    ReportHTML.user_agent_rules_left_out = len(all_lines) - len(lines)
    ReportHTML.user_agent_rules_for_list_items = sum(
        line.startswith("li::marker") for line in lines
    )
    return ReportHTML


class _Typesetting:
    """What render_pdf frees while WeasyPrint writes the file (the patches below act only while
    `_typesetting` holds one of these, so other PDFs of the process are made as WeasyPrint
    makes them).

    WeasyPrint keeps every page's laid-out boxes until the whole file is written, and builds
    the tag tree (about as big again) only after painting the last page:
    - a drawn inline SVG image (the chart) holds WeasyPrint's layout context, and that (the
      unlaid box tree, the styles: 80 MB for 3,000 activities) is kept in reference cycles,
      which only the cycle collector frees: once the image is drawn it lets the context go,
      and the collector (paused while typesetting) runs once after its page;
    - the boxes of a page are not read again once its tags are built: they are dropped then,
      and the tags take their place."""

    def __init__(self) -> None:
        self.image_drawn = False

    def after_page_painted(self) -> None:
        if self.image_drawn:
            self.image_drawn = False
            gc.collect()

    @staticmethod
    def tagged_then_released(page_box, elements):
        yield from elements
        page_box.children = []


_typesetting: ContextVar[_Typesetting | None] = ContextVar("typesetting", default=None)


@cache
def _memory_released_while_writing() -> None:
    """Hooks for _Typesetting: after an inline SVG image is drawn, and after WeasyPrint's
    `_build_box_tree` (called once for a page's box, then by itself for every box below)."""
    from weasyprint.document import Page
    from weasyprint.formatting_structure.boxes import PageBox
    from weasyprint.images import SVGImage
    from weasyprint.pdf import tags

    draw_image = SVGImage.draw

    def draw_image_then_release_context(image, *args, **kwargs):
        draw_image(image, *args, **kwargs)
        typesetting = _typesetting.get()
        if typesetting is not None:
            # An inline <svg> element is its own image, drawn once; the image and its drawing
            # both kept the context.
            image._context = image._svg.context = None
            typesetting.image_drawn = True

    paint = Page.paint

    def paint_then_collect(page, *args, **kwargs):
        paint(page, *args, **kwargs)
        typesetting = _typesetting.get()
        if typesetting is not None:
            typesetting.after_page_painted()

    build_box_tree = tags._build_box_tree

    def build_box_tree_then_release(box, *args):
        typesetting = _typesetting.get()
        if typesetting is not None and isinstance(box, PageBox):
            return typesetting.tagged_then_released(box, build_box_tree(box, *args))
        return build_box_tree(box, *args)

    SVGImage.draw = draw_image_then_release_context
    Page.paint = paint_then_collect
    tags._build_box_tree = build_box_tree_then_release


def render_pdf(report: Report) -> bytes:
    _page_references_remembered()
    _page_streams_packed()
    _memory_released_while_writing()
    fonts, stylesheets = _stylesheets()
    html = report_html_class()(
        string=html_document(report, embed_stylesheet=False), base_url=str(STATIC)
    )
    typesetting = _typesetting.set(_Typesetting())
    try:
        with _cycle_collector_paused():
            return html.write_pdf(
                stylesheets=list(stylesheets),
                font_config=fonts,
                pdf_variant=PDF_VARIANT,
                pdf_tags=True,
                uncompressed_pdf=False,
            )
    finally:
        _typesetting.reset(typesetting)


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
