"""The Excel workbook (openpyxl) and the CSV (csv): one row per activity placement."""

import csv
import datetime
import io

import openpyxl
import pytest

from vplan.reports.formats import produce_report

HEADERS = [
    "Aktivitets-id",
    "Perspektiv",
    "Kommunövergripande mål",
    "Nämndmål",
    "Nämndmålets beskrivning",
    "Strategiskt utvecklingsuppdrag",
    "Uppdragets nummer",
    "Uppdragstyp",
    "Aktivitet",
    "Del av",
    "Nämnd",
    "Beslutat slutdatum",
    "Aktuellt slutdatum",
    "Framflyttad",
    "Kvarstår från",
    "Status",
    "Statuskategori",
    "Kommentar",
    "Senast ändrad av",
    "Senast ändrad",
]


@pytest.fixture
def workbook(report_data):
    produced = produce_report(round=report_data.round, format="xlsx", language="sv")
    assert produced.filename.endswith(".xlsx")
    return openpyxl.load_workbook(io.BytesIO(produced.content))


@pytest.fixture
def csv_rows(report_data):
    content = produce_report(round=report_data.round, format="csv", language="sv").content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_workbook_has_one_row_per_placement_with_every_field(workbook, report_data):
    sheet = workbook["Aktiviteter"]
    rows = list(sheet.iter_rows(values_only=True))

    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + 8
    reading = next(r for r in rows if r[8] == "Stärka läsförståelsen i årskurs 1–3")
    assert reading[:4] == (
        report_data.reading.pk,
        "Medborgare",
        "Skolor där fler klarar kunskapsmålen",
        "Maximalt lärande",
    )
    assert reading[10:18] == (
        "BoU",
        "Juni",
        "December",
        "Ja",
        None,
        "Genomfört",
        "Genomfört",
        "Klart före sommaren – även för förskoleklass.",
    )
    assert reading[18] == "controller"
    assert isinstance(reading[19], datetime.datetime)
    carried = next(r for r in rows if r[8] == "Följa upp språkutvecklingen")
    assert carried[14] == 2023
    eligibility = next(r for r in rows if r[8].startswith("Kartlägga"))
    assert eligibility[5:8] == (
        "Barn- och ungdomsnämnden ska öka behörigheten till gymnasieskolan.",
        18,
        "Nämndspecifikt",
    )
    part = next(r for r in rows if r[8] == "Läsombud på varje skola")
    assert part[9] == "Stärka läsförståelsen i årskurs 1–3"
    shared = [r for r in rows if r[8] == "Utveckla elevhälsans arbete med närvaro"]
    assert [r[3] for r in shared] == ["Maximalt lärande", "Likvärdiga möjligheter"]
    assert shared[0][16] == "Ej rapporterat"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:T9"


def test_workbook_summary_sheet(workbook):
    rows = [r for r in workbook["Sammanfattning"].iter_rows(values_only=True)]

    assert rows[0][0] == "Uppföljning av Testförvaltningens verksamhetsplan 2024"
    assert ("Medborgare", 2, 1, 1, 1, 1, 6) in rows
    assert ("BoU", 2, 2, 1, 0, 1, 6) in rows


def test_csv_semicolons_bom_and_the_same_rows(csv_rows, report_data):
    assert csv_rows[0] == HEADERS
    assert len(csv_rows) == 1 + 8
    reading = next(r for r in csv_rows if r[8] == "Stärka läsförståelsen i årskurs 1–3")
    assert reading[0] == str(report_data.reading.pk)
    assert reading[10:18] == [
        "BoU",
        "Juni",
        "December",
        "Ja",
        "",
        "Genomfört",
        "Genomfört",
        "Klart före sommaren – även för förskoleklass.",
    ]
    datetime.datetime.strptime(reading[19], "%Y-%m-%d %H:%M")
    shared = next(r for r in csv_rows if r[8] == "Utveckla elevhälsans arbete med närvaro")
    assert shared[15:20] == ["", "Ej rapporterat", "", "", ""]
