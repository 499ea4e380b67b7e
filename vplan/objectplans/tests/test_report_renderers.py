"""The object plan as Word and as PDF/A, in the layout of the plans: the same report model."""

import io

import pdfplumber
import pytest
from docx import Document
from pypdf import PdfReader

from vplan.imports.read_objectplan import parse_object_plan_text
from vplan.imports.tests.test_read_objectplan import SMALL_PLAN
from vplan.objectplans.load import load_parsed_object_plan
from vplan.objectplans.render_docx import render_docx
from vplan.objectplans.render_pdf import render_pdf
from vplan.objectplans.report import build_object_plan_report

NBSP = "\u00a0"


@pytest.fixture
def loaded(administration):
    parsed = parse_object_plan_text(SMALL_PLAN, source="small.md")
    return load_parsed_object_plan(
        parsed=parsed, by=None, administration=administration
    ).object_plan


@pytest.fixture
def swedish_report(loaded):
    return build_object_plan_report(object_plan=loaded, language="sv")


def docx_text(content: bytes) -> tuple[Document, list[list[str]]]:
    document = Document(io.BytesIO(content))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return document, rows


def test_the_word_file_has_the_title_the_versions_and_the_budget_tables(swedish_report):
    document, rows = docx_text(render_docx(swedish_report))
    assert document.core_properties.title == swedish_report.title
    assert document.core_properties.language == "sv-SE"
    assert (
        document.paragraphs[0].text.replace("\n", " ")
        == "Strategisk objektplan för objektet Skola och Omsorg för år 2025"
    )
    assert ["0.8", "2024-10-01", "Preliminär"] in rows
    assert ["VM", f"1{NBSP}000,50", ""] in rows
    assert ["Total", f"1{NBSP}500,50", f"1{NBSP}200,00"] in rows
    assert ["SKN", "VM", "700,35"] in rows
    assert ["SKN Total", "", f"1{NBSP}200,35"] in rows
    assert ["OMN", "300,15"] in rows
    assert ["Totalsumma", f"1{NBSP}500,50"] in rows
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Budget och finansiering" in headings and "Finansiering" in headings


def test_the_word_file_in_english(loaded):
    document, rows = docx_text(
        render_docx(build_object_plan_report(object_plan=loaded, language="en"))
    )
    assert document.paragraphs[0].text.startswith("Strategic object plan for the object")
    assert ["Grand Total", f"1{NBSP}500,50"] in rows


def test_the_pdf_is_pdf_a_with_title_language_and_embedded_fonts(swedish_report):
    content = render_pdf(swedish_report)
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == swedish_report.title
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in metadata
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            fonts.append(
                any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            )
    assert fonts and all(fonts)


def test_the_pdf_shows_the_same_figures(swedish_report):
    with pdfplumber.open(io.BytesIO(render_pdf(swedish_report))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages).replace(NBSP, " ")
    assert "Strategisk objektplan för objektet" in text
    assert "Skola och Omsorg" in text
    assert "SKN Total 1 200,35" in text
    assert "Totalsumma 1 500,50" in text
    assert "Versionshantering" in text


def test_the_report_of_the_shared_object_plan_has_its_figures(object_plan_seed, administration):
    from vplan.imports.read_objectplan import parse_object_plan

    plan = load_parsed_object_plan(
        parsed=parse_object_plan(object_plan_seed), by=None, administration=administration
    ).object_plan
    _document, rows = docx_text(
        render_docx(build_object_plan_report(object_plan=plan, language="sv"))
    )
    expected = {
        "AMI Total": "2 951 350,00",
        "BIN Total": "8 756 558,50",
        "BOU Total": "15 490 165,50",
        "KOF Total": "1 553 127,00",
    }
    for label, amount in expected.items():
        assert [label, "", amount.replace(" ", NBSP)] in rows
    assert ["Totalsumma", "28 751 201,00".replace(" ", NBSP)] in rows
