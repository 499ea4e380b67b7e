"""The report of the demo municipality in every format: each file tells the same story."""

import csv
import io

import openpyxl
import pdfplumber
import pytest
from docx import Document
from pypdf import PdfReader

from vplan.plans.models import Activity, Placement
from vplan.reports.document import ActivityLine, build_report
from vplan.reports.formats import render_report
from vplan.reports.tests.html_tree import parse_html

COLUMNS = ["Nämndmål", "Aktivitet", "Nämnd", "Slutdatum", "Status", "Kommentar"]


@pytest.fixture
def demo_report(demo):
    round = max(demo["rounds"].values(), key=lambda r: (r.plan.year, r.as_of))
    return round, build_report(round=round, language="sv")


def _lines(report):
    for perspective in report.perspectives:
        for section in perspective.sections:
            for group in section.groups:
                for row in group.rows:
                    yield row.direct if not isinstance(row, ActivityLine) else row


def test_demo_report_covers_every_placement(demo_report):
    round, report = demo_report
    activities = Activity.objects.filter(plan=round.plan)
    placed = Placement.objects.filter(activity__in=activities).count()
    unplaced_parts = activities.filter(parent__isnull=False, placements__isnull=True)
    per_parent = sum(
        Placement.objects.filter(activity_id=part.parent_id).count() for part in unplaced_parts
    )

    assert len(report.records) == placed + per_parent
    assert len(report.records) > 10


def test_demo_report_in_word(demo_report):
    _, report = demo_report
    document = Document(io.BytesIO(render_report(report, "docx").content))

    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [p.name for p in report.perspectives] == headings[-len(report.perspectives) :]
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == COLUMNS]
    rows = [row for table in tables for row in table.rows[1:] if len(row._tr.tc_lst) == 6]
    assert len(rows) == len(report.records)
    text = "\n".join(c.text for row in rows for c in row.cells)
    postponed = [line for line in _lines(report) if line and line.postponed]
    carried = [line for line in _lines(report) if line and line.carried_over_year]
    for line in postponed:
        assert f"{line.current_end}*" in text
    for line in carried:
        assert f"Kvarstår från {line.carried_over_year}" in text
    if postponed:
        assert report.legend in [p.text for p in document.paragraphs]


def test_demo_report_as_pdf_a(demo_report):
    _, report = demo_report
    content = render_report(report, "pdf").content

    reader = PdfReader(io.BytesIO(content))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert report.title in text
    for perspective in report.perspectives:
        assert perspective.name in text
    assert "å" in text and "ä" in text and "ö" in text


def test_demo_report_in_html_xlsx_and_csv(demo_report):
    _, report = demo_report

    page = parse_html(render_report(report, "html").content.decode())
    tables = [t for t in page.iter("table") if "activities" in t.attrs.get("class", "")]
    assert len(tables) == sum(len(p.sections) for p in report.perspectives)

    workbook = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx").content))
    assert workbook.active.max_row == 1 + len(report.records)

    text = render_report(report, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 1 + len(report.records)
    assert {len(row) for row in rows} == {20}
