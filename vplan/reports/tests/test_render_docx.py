"""The Word report, read back with python-docx."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from vplan.reports.document import build_report
from vplan.reports.formats import produce_report
from vplan.reports.render_docx import render_docx

COLUMNS = ["Nämndmål", "Aktivitet", "Nämnd", "Slutdatum", "Status", "Kommentar"]


@pytest.fixture
def word(report_data):
    produced = produce_report(round=report_data.round, format="docx", language="sv")
    assert produced.filename == "uppfoljning-tf-2024-2024-03-31.docx"
    return Document(io.BytesIO(produced.content))


def _activity_tables(document):
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == COLUMNS]


def test_title_headings_and_boards(word):
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]

    assert ("Title", "Uppföljning av Testförvaltningens verksamhetsplan 2024") in paragraphs
    assert ("Normal", "Barn- och ungdomsnämnden") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "Inledning",
        "Sammanfattning",
        "Strategiska utvecklingsuppdrag",
        "Samhälle",
        "Medborgare",
    ]
    assert ("Heading 2", "Kommunövergripande mål: Skolor där fler klarar kunskapsmålen") in (
        paragraphs
    )
    assert word.core_properties.title == "Uppföljning av Testförvaltningens verksamhetsplan 2024"


def test_table_of_contents_is_a_field_word_updates(word):
    body = word.element.body.xml
    assert 'TOC \\o "1-1"' in body
    assert word.settings.element.find(qn("w:updateFields")) is not None
    toc = next(p for p in word.paragraphs if "Inledning" in p.text and "Medborgare" in p.text)
    assert "Strategiska utvecklingsuppdrag" in toc.text


def test_introduction_and_asterisk_legend(word):
    texts = [p.text for p in word.paragraphs]
    assert any("per den 31 mars 2024." in text for text in texts)
    assert (
        "En asterisk (*) efter slutdatumet betyder att aktivitetens slutdatum har flyttats "
        "jämfört med verksamhetsplanen som beslutades den 12 oktober 2023."
    ) in texts


def test_one_row_per_activity_placement_with_its_cells(word):
    society, citizens = _activity_tables(word)
    rows = [[cell.text for cell in row.cells] for row in citizens.rows[1:]]

    assert rows[0] == [
        "Maximalt lärande\nVarje barn och elev når så långt som möjligt.",
        "Stärka läsförståelsen i årskurs 1–3",
        "BoU",
        "December*",
        "Genomfört",
        "Klart före sommaren – även för förskoleklass.",
    ]
    assert rows[1][1:5] == ["○ Läsombud på varje skola", "BoU", "", "Genomfört"]
    assert rows[2][1] == "Följa upp språkutvecklingen Kvarstår från 2023"
    assert rows[2][4] == "Kvarstår"
    assert rows[3][1] == "Utveckla elevhälsans arbete med närvaro1"
    assert rows[4][1] == "Utveckla elevhälsans arbete med närvaro2"
    activity_rows = [
        row for table in (society, citizens) for row in table.rows[1:] if len(row._tr.tc_lst) == 6
    ]
    assert len(activity_rows) == 8  # one per placement, the direct assignment included


def test_board_goal_cell_spans_its_activities(word):
    _, citizens = _activity_tables(word)
    first_column = [row.cells[0] for row in citizens.rows[1:]]

    assert len({id(cell._tc) for cell in first_column[:4]}) == 1  # Maximalt lärande
    assert len({id(cell._tc) for cell in first_column[4:]}) == 1  # Likvärdiga möjligheter
    assert first_column[0]._tc is not first_column[4]._tc
    merges = [tc.vMerge for tc in citizens._tbl.xpath("./w:tr/w:tc[1]")[1:]]
    assert merges == ["restart", "continue", "continue", "continue"] * 2


def test_assignment_rows_are_bold_and_span_the_row(word):
    society, citizens = _activity_tables(word)
    row = society.rows[1]
    spanning = row._tr.tc_lst[1]

    assert spanning.grid_span == 5
    paragraph = row.cells[1].paragraphs[0]
    assert paragraph.runs[0].bold
    assert paragraph.text == (
        "Samtliga nämnder ska motverka segregation. "
        "(Kommungemensamt strategiskt utvecklingsuppdrag 2)"
    )
    direct = [r for r in citizens.rows if "utvecklingsuppdrag 22" in r.cells[1].text][0]
    assert [c.text for c in direct.cells[2:]] == [
        "BiN",
        "December",
        "Ej aktuellt",
        "Struket i budgeten.",
    ]


def test_footnotes_under_the_table_and_superscript_markers(word):
    _, citizens = _activity_tables(word)
    marker = citizens.rows[5].cells[1].paragraphs[0].runs[-1]

    assert marker.text == "2" and marker.font.superscript
    notes = [p.text for p in word.paragraphs if p.style.name == "Table Note"]
    assert notes == [
        "1 Aktiviteten står även under nämndmål ”Likvärdiga möjligheter”.",
        "2 Aktiviteten står även under nämndmål ”Maximalt lärande”.",
    ]


def test_summary_table_and_chart_image_with_alt_text(word):
    summary = word.tables[0]
    assert [c.text for c in summary.rows[0].cells] == [
        "Perspektiv",
        "Genomfört",
        "Pågående",
        "Ej påbörjat",
        "Avbrutet",
        "Ej rapporterat",
        "Totalt",
    ]
    assert [c.text for c in summary.rows[-1].cells] == ["Totalt", "2", "2", "1", "1", "1", "7"]
    (picture,) = word.inline_shapes
    description = picture._inline.docPr.get("descr")
    assert description.startswith("Aktiviteter per statuskategori och perspektiv")


def test_header_rows_repeat_on_each_page(word):
    for table in _activity_tables(word):
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def _custom_template(*, with_table_text: bool) -> bytes:
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    document.sections[0].header.paragraphs[0].text = "Testkommun – logotyp"
    document.add_paragraph("Mallens exempeltext som ska bort.")
    if with_table_text:
        document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def test_custom_template_keeps_header_and_drops_its_body(report_data):
    report = build_report(round=report_data.round, language="sv")

    document = Document(
        io.BytesIO(render_docx(report, template=_custom_template(with_table_text=True)))
    )

    assert document.sections[-1].header.paragraphs[0].text == "Testkommun – logotyp"
    texts = [p.text for p in document.paragraphs]
    assert "Mallens exempeltext som ska bort." not in texts
    assert texts[0] == "Uppföljning av Testförvaltningens verksamhetsplan 2024"


def test_custom_template_without_our_styles_falls_back_to_direct_formatting(report_data):
    report = build_report(round=report_data.round, language="sv")
    template = Document(io.BytesIO(_custom_template(with_table_text=False)))
    assert "Table Text" not in [s.name for s in template.styles]

    document = Document(
        io.BytesIO(render_docx(report, template=_custom_template(with_table_text=False)))
    )

    _, citizens = _activity_tables(document)
    run = citizens.rows[1].cells[1].paragraphs[0].runs[0]
    assert run.font.size.pt == 9
    assert "Table Note" not in [s.name for s in document.styles]
    assert any(p.text.startswith("1 Aktiviteten står även") for p in document.paragraphs)
