"""The archival PDF, read back with pypdf and pdfplumber."""

import io

import pdfplumber
import pytest
from pypdf import PdfReader

from vplan.reports.formats import produce_report

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
