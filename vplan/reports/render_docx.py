"""The report as a Word document (python-docx), in the administration's own template.

The document starts from the administration's uploaded .docx, or from the plain default in
templates_docx/default.docx: its body is cleared, its last section (page size, margins, header,
footer with logo) and its styles are kept. Style names used here exist in the default template; a
custom template that lacks one gets direct formatting instead.

Every text of the report is made XML-safe first (vplan.neutralise.xml_safe_copy): a control
character in a comment would otherwise make lxml refuse the whole document.
"""

import io
import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape  # nosec B406: escapes the text we write into XML, parses nothing

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from vplan.neutralise import xml_safe_copy
from vplan.reports.chart import chart_png
from vplan.reports.document import AssignmentBlock, Report
from vplan.reports.render_html import chart_of

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "default.docx"
COLUMN_SHARES = (0.17, 0.29, 0.08, 0.10, 0.10, 0.26)


@cache
def default_template() -> bytes:
    return DEFAULT_TEMPLATE.read_bytes()


class _Styles:
    """Style lookups that tolerate a custom template without our style names."""

    def __init__(self, document):
        self.ids = {style.name: style.style_id for style in document.styles}
        self.names = set(self.ids)

    def paragraph(self, name: str, fallback: str | None = None) -> str | None:
        if name in self.names:
            return name
        if fallback and fallback in self.names:
            return fallback
        return None

    def has(self, name: str) -> bool:
        return name in self.names


def _clear_body(document) -> None:
    """Remove the template's content but keep its final section (size, header, footer)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def render_docx(report: Report, *, template: bytes | None = None) -> bytes:
    document = Document(io.BytesIO(template or default_template()))
    _clear_body(document)
    writer = _Writer(document)
    writer.write(xml_safe_copy(report))
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


class _Writer:
    def __init__(self, document):
        self.doc = document
        self.styles = _Styles(document)
        section = document.sections[-1]
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.table_style = self.styles.paragraph("Table Grid")
        cell_style = self.styles.paragraph("Table Text")
        # Set by id: looking a style up by name for every cell is slow in python-docx.
        self.cell_style_id = self.styles.ids[cell_style] if cell_style else None

    # -- blocks ----------------------------------------------------------------------------
    def add_paragraph(self, style: str | None):
        paragraph = self.doc.add_paragraph()
        if style:
            paragraph._p.style = self.styles.ids[style]
        return paragraph

    def heading(self, text: str, level: int):
        style = self.styles.paragraph("Title" if level == 0 else f"Heading {level}")
        paragraph = self.add_paragraph(style)
        run = paragraph.add_run(text)
        if style is None:
            run.bold = True
            run.font.size = Pt({0: 22, 1: 16, 2: 13}.get(level, 11))
        return paragraph

    def paragraph(self, text: str = "", style: str | None = None, italic: bool = False):
        paragraph = self.add_paragraph(self.styles.paragraph(style) if style else None)
        if text:
            run = paragraph.add_run(text)
            run.italic = italic
        return paragraph

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def write(self, report: Report) -> None:
        properties = self.doc.core_properties
        properties.title = report.title
        properties.subject = report.subtitle
        properties.author = report.administration
        properties.language = report.language
        properties.keywords = "Vplan"

        self.heading(report.title, 0)
        self.paragraph(report.subtitle, "Subtitle")
        for board in report.boards:
            self.paragraph(board)
        if report.corrections:
            self.paragraph(report.corrections_heading, italic=True)
            for correction in report.corrections:
                by = f" ({correction.by})" if correction.by else ""
                self.paragraph(correction.text + by, italic=True)
        self.paragraph()
        self.table_of_contents(report)
        self.page_break()

        self.heading(report.introduction_heading, 1)
        for text in report.introduction:
            self.paragraph(text)
        if report.legend:
            self.paragraph(report.legend, italic=True)

        self.heading(report.summary_heading, 1)
        self.paragraph(report.summary_text)
        self.chart(report)
        self.summary_table(
            report, report.labels.summary_columns_perspective, report.summary.by_perspective
        )
        self.paragraph()
        self.summary_table(report, report.labels.summary_columns_board, report.summary.by_board)

        if report.common_assignments or report.board_assignments:
            self.heading(report.assignments_heading, 1)
            self.paragraph(report.assignments_text)
            for title, items, with_boards in (
                (report.labels.common_assignments, report.common_assignments, False),
                (report.labels.board_assignments, report.board_assignments, True),
            ):
                if not items:
                    continue
                self.heading(title, 2)
                for item in items:
                    number = f"{item.number}. " if item.number is not None else ""
                    text = f"{number}{item.text}"
                    if with_boards and item.boards:
                        text += f" ({item.boards})"
                    paragraph = self.paragraph(text)
                    if item.struck_label:
                        paragraph.add_run(f" ({item.struck_label})").italic = True

        for perspective in report.perspectives:
            self.page_break()
            self.heading(perspective.name, 1)
            for section in perspective.sections:
                if section.heading:
                    self.heading(section.heading, 2)
                self.activity_table(report, section)
                for note in section.footnotes:
                    paragraph = self.paragraph(style="Table Note")
                    if not self.styles.has("Table Note"):
                        paragraph.paragraph_format.space_after = Pt(2)
                    marker = paragraph.add_run(str(note.number))
                    marker.font.superscript = True
                    paragraph.add_run(f" {note.text}").font.size = Pt(8)

    def table_of_contents(self, report: Report) -> None:
        """A real TOC field (Word fills in page numbers when it updates fields on opening),
        with the headings as its placeholder text so the list reads well before that."""
        self.paragraph(report.labels.contents, "TOC Heading").runs[0].bold = True
        paragraph = self.doc.add_paragraph()
        _field_char(paragraph, "begin")
        instruction = paragraph.add_run()._r
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = ' TOC \\o "1-1" \\h \\z \\u '
        instruction.append(text)
        _field_char(paragraph, "separate")
        for index, entry in enumerate(report.toc):
            run = paragraph.add_run(entry.title)
            if index < len(report.toc) - 1:
                run.add_break()
        _field_char(paragraph, "end")
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.append(update)

    def chart(self, report: Report) -> None:
        chart = chart_of(report)
        width = min(self.text_width, int(self.text_width * 0.95))
        shape = self.doc.add_picture(io.BytesIO(chart_png(chart)), width=width)
        doc_pr = shape._inline.docPr
        doc_pr.set("title", chart.title)
        doc_pr.set("descr", f"{chart.title}. {chart.description}")

    def summary_table(self, report: Report, heading: str, rows) -> None:
        summary = report.summary
        headers = [heading, *(label for _, label in summary.categories), report.labels.total]
        table = self.doc.add_table(rows=1, cols=len(headers))
        if self.table_style:
            table.style = self.table_style
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            self.cell_text(cell, text, bold=True)
        _repeat_header(table.rows[0])
        for row in [*rows, summary.total]:
            cells = table.add_row().cells
            bold = row is summary.total
            self.cell_text(cells[0], row.label, bold=bold)
            for cell, value in zip(cells[1:], [*row.counts, row.total], strict=True):
                self.cell_text(cell, str(value), bold=bold)

    def activity_table(self, report: Report, section) -> None:
        table = self.doc.add_table(rows=1, cols=6)
        if self.table_style:
            table.style = self.table_style
        table.autofit = False
        # Column widths on the grid: add_row gives each new cell its column's width.
        for grid_column, share in zip(table._tbl.tblGrid.gridCol_lst, COLUMN_SHARES, strict=True):
            grid_column.w = int(self.text_width * share)
        header = table.rows[0]
        for cell, text, grid_column in zip(
            header.cells, report.labels.columns, table._tbl.tblGrid.gridCol_lst, strict=True
        ):
            cell.width = grid_column.w
            self.cell_text(cell, text, bold=True)
        _repeat_header(header)
        # The body rows are written as one XML string and parsed once: python-docx's
        # add_row, merge and add_run look up and insert each element one by one, which took
        # 10 s for 3,000 activities; this writes the same elements in a fraction of that.
        widths = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.gridCol_lst]
        rows = _RowWriter(widths, self.cell_style_id)
        for group in section.groups:
            rows.group(group)
        body = parse_xml(f"<w:tbl {nsdecls('w')}>{rows.xml()}</w:tbl>")
        table._tbl.extend(list(body))

    def cell_text(self, cell, text: str, *, bold: bool = False):
        paragraph = cell.paragraphs[0]
        if self.cell_style_id:
            paragraph._p.style = self.cell_style_id
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if not self.cell_style_id:
            run.font.size = Pt(9)
        return paragraph


class _RowWriter:
    """The body rows of an activity table as WordprocessingML text: the elements python-docx
    wrote for add_row, merge (the board goal's cell spans its group; a spanning assignment
    row spans five columns) and add_run, built as one string."""

    def __init__(self, widths: list[int], cell_style_id: str | None):  # widths in twips
        self.widths = widths
        self.spanned_width = sum(widths[1:])
        self.paragraph_start = (
            f'<w:p><w:pPr><w:pStyle w:val="{escape(cell_style_id, _QUOTE)}"/></w:pPr>'
            if cell_style_id
            else "<w:p>"
        )
        # Without the template's "Table Text" style a cell's first run is 9 pt (direct).
        self.first_run_size = "" if cell_style_id else '<w:sz w:val="18"/>'
        self.parts: list[str] = []

    def xml(self) -> str:
        return "".join(self.parts)

    def group(self, group) -> None:
        last = len(group.rows) - 1
        for index, line in enumerate(group.rows):
            self.parts.append("<w:tr>")
            self.goal_cell(group, first=index == 0, merged=last > 0)
            if isinstance(line, AssignmentBlock):
                self.assignment_row(line)
            else:
                self.activity_row(line)
            self.parts.append("</w:tr>")

    def goal_cell(self, group, *, first: bool, merged: bool) -> None:
        merge = ""
        if merged:
            merge = '<w:vMerge w:val="restart"/>' if first else "<w:vMerge/>"
        self.parts.append(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{self.widths[0]}"/>{merge}</w:tcPr>'
        )
        if first and group.board_goal_title:
            self.parts.append(
                self.paragraph(_run(group.board_goal_title, "<w:b/>" + self.first_run_size))
            )
            if group.board_goal_description:
                self.parts.append(self.paragraph(_run(group.board_goal_description, "<w:i/>")))
        else:
            self.parts.append("<w:p/>")
        self.parts.append("</w:tc>")

    def paragraph(self, runs: str) -> str:
        return f"{self.paragraph_start}{runs}</w:p>"

    def cell(self, column: int, runs: str) -> None:
        self.parts.append(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{self.widths[column]}"/></w:tcPr>'
            f"{self.paragraph(runs)}</w:tc>"
        )

    def plain(self, text: str, *, bold: bool = False) -> str:
        """A cell's first run, as cell_text writes it."""
        return _run(text, ("<w:b/>" if bold else "") + self.first_run_size)

    def assignment_row(self, block: AssignmentBlock) -> None:
        direct = block.direct
        runs = self.plain(block.text, bold=True) + _run(f" ({block.label})")
        if direct is not None and direct.footnote:
            runs += _run(str(direct.footnote.number), _SUPERSCRIPT)
        if block.spans_row:
            self.parts.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{self.spanned_width}"/>'
                f'<w:gridSpan w:val="5"/></w:tcPr>{self.paragraph(runs)}</w:tc>'
            )
            return
        self.cell(1, runs)
        self.cell(2, self.plain(direct.boards_display if direct else ""))
        self.cell(3, self.plain(direct.end_display if direct else ""))
        self.cell(4, self.plain(block.status))
        self.cell(5, self.plain(direct.comment if direct else ""))

    def activity_row(self, line) -> None:
        prefix = "○ " if line.is_part else ""
        runs = self.plain(prefix + line.text)
        if line.carried_over_label:
            runs += _run(f" {line.carried_over_label}", "<w:i/>")
        if line.footnote:
            runs += _run(str(line.footnote.number), _SUPERSCRIPT)
        self.cell(1, runs)
        self.cell(2, self.plain(line.boards_display))
        self.cell(3, self.plain(line.end_display))
        self.cell(4, self.plain(line.status))
        self.cell(5, self.plain(line.comment))


_QUOTE = {'"': "&quot;"}
_SUPERSCRIPT = '<w:vertAlign w:val="superscript"/>'
_BREAKS = re.compile(r"(\t|\r|\n)")


def _run(text: str, properties: str = "") -> str:
    """A w:r as python-docx's add_run(text) writes it: a tab is w:tab, each CR or LF a w:br,
    a text with white space at either end keeps it (xml:space)."""
    parts = ["<w:r>"]
    if properties:
        parts.append(f"<w:rPr>{properties}</w:rPr>")
    for piece in _BREAKS.split(text):
        if not piece:
            continue
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in "\r\n":
            parts.append("<w:br/>")
        elif len(piece.strip()) < len(piece):
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
        else:
            parts.append(f"<w:t>{escape(piece)}</w:t>")
    parts.append("</w:r>")
    return "".join(parts)


def _field_char(paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _repeat_header(row) -> None:
    """Repeat the header row at the top of each page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
