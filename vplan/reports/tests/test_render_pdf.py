"""The archival PDF, read back with pypdf and pdfplumber."""

import io

import pdfplumber
import pytest
from pypdf import PdfReader

from vplan.reports.formats import produce_report
from vplan.reports.render_pdf import report_html_class

COLUMNS = ["Nämndmål", "Aktivitet", "Nämnd", "Slutdatum", "Status", "Kommentar"]


@pytest.fixture
def pdf_bytes(report_data):
    return produce_report(round=report_data.round, format="pdf", language="sv").content


@pytest.fixture
def reader(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes))


@pytest.fixture
def text(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_pdfa_identification_in_xmp_metadata(reader):
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")

    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert "Uppföljning av Testförvaltningens verksamhetsplan 2024" in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_tagged_with_title_and_swedish_language(reader):
    root = reader.trailer["/Root"]

    assert root["/Lang"] == "sv"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == "Uppföljning av Testförvaltningens verksamhetsplan 2024"


def test_every_font_is_embedded(reader):
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            fonts.append(described["/FontDescriptor"].get_object())
    assert fonts
    assert all({"/FontFile", "/FontFile2", "/FontFile3"} & set(f) for f in fonts)


def test_headings_legend_and_swedish_characters(text):
    assert "Uppföljning av Testförvaltningens verksamhetsplan 2024" in text
    assert "Kommunövergripande mål: Skolor där fler klarar kunskapsmålen" in text
    assert "per den 31 mars 2024." in text
    assert "En asterisk (*) efter slutdatumet betyder" in " ".join(text.split())
    assert "Kvarstår från 2023" in text
    assert "Aktiviteten står även under nämndmål ”Likvärdiga möjligheter”." in text


def test_activity_tables_one_row_per_placement(pdf_bytes):
    rows = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if table and table[0] == COLUMNS:
                    rows.extend(table[1:])
    activity_rows = [row for row in rows if row[2] is not None]  # spanning rows have no board
    assert len(activity_rows) == 8
    reading = next(r for r in rows if r[1] and r[1].startswith("Stärka läsförståelsen"))
    assert reading[2:5] == ["BoU", "December*", "Genomfört"]
    assert reading[0].startswith("Maximalt lärande")
    part = next(r for r in rows if r[1] and "Läsombud" in r[1])
    assert part[0] is None  # inside the spanning board goal cell


def test_user_agent_stylesheet_still_leaves_out_the_unused_pseudo_element_rules():
    # Five lines of WeasyPrint 70's html5_ua.css (::footnote-call, ::footnote-marker and three
    # ::note- rules); none left out means a WeasyPrint upgrade changed them.
    assert report_html_class().user_agent_rules_left_out == 5
    assert report_html_class().user_agent_rules_for_list_items == 1


def test_two_reports_in_one_process_both_have_their_chart_and_tables(report_data):
    # render_pdf drops each page's boxes and the chart's layout context while writing: a second
    # report made in the same process is whole too.
    for _ in range(2):
        content = produce_report(round=report_data.round, format="pdf", language="sv").content
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
            tables = [t for page in pdf.pages for t in page.extract_tables() if t[0] == COLUMNS]
        assert "Stärka läsförståelsen" in text
        assert tables
    reader = PdfReader(io.BytesIO(content))
    figures = [
        kid
        for kid in _structure_elements(reader.trailer["/Root"]["/StructTreeRoot"])
        if kid.get("/S") == "/Figure"
    ]
    assert figures and figures[0]["/Alt"]


def _structure_elements(node):
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, list):
        kids = [kids]
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get"):
            yield kid
            yield from _structure_elements(kid)
