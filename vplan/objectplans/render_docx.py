"""The object plan report as a Word document (python-docx), in the layout of the plans: the title
in bold lines, the version table, then the sections with their tables; amounts right-aligned.
Every text is made XML-safe first (vplan.neutralise.xml_safe_copy): a control character typed
into a plan would otherwise make lxml refuse the whole document."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from vplan.neutralise import xml_safe_copy
from vplan.objectplans.report import Bullets, ObjectPlanReport, Paragraph, Table

WORD_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}


def render_docx(report: ObjectPlanReport) -> bytes:
    report = xml_safe_copy(report)
    document = Document()
    _set_language(document, WORD_LANGUAGES.get(report.language, report.language))
    document.core_properties.title = report.title
    document.core_properties.subject = report.object_name
    document.core_properties.language = WORD_LANGUAGES.get(report.language, report.language)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)

    title = document.add_paragraph(style="Title")
    for number, line in enumerate(report.title_lines):
        run = title.add_run(line)
        run.bold = True
        if number < len(report.title_lines) - 1:
            run.add_break()

    for part in report.sections:
        document.add_heading(part.heading, level=part.level)
        for block in part.blocks:
            if isinstance(block, Paragraph):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(block.text)
                run.bold, run.italic = block.bold, block.italic
            elif isinstance(block, Bullets):
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                _table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_language(document, language: str) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    lang.set(qn("w:val"), language)


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_as_header(header)
    for index, title in enumerate(block.header):
        cell = header.cells[index]
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        if index in block.numeric_columns:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in block.rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cell = cells[index]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value.text)
            run.bold = value.bold
            if value.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for line in value.lines:
                cell.add_paragraph(line)
    if block.widths:
        total = sum(block.widths)
        usable = Cm(17)
        for row in table.rows:
            for index, width in enumerate(block.widths):
                row.cells[index].width = int(usable * width / total)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    document.add_paragraph()


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)
