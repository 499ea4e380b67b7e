"""vplan.neutralise: what users typed, made harmless for every file Vplan writes.

The renderers' own tests (reports, overviews, object plans) download the files through HTTP;
these pin the rules themselves, on files written and read back by the real libraries.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from vplan.neutralise import (
    append_sheet_row,
    spreadsheet_cell,
    spreadsheet_row,
    xml_safe,
    xml_safe_copy,
)


@pytest.mark.parametrize(
    "typed, written",
    [
        ("=1+1", "'=1+1"),
        (
            '=HYPERLINK("http://angripare.example";"Klicka")',
            '\'=HYPERLINK("http://angripare.example";"Klicka")',
        ),
        ("+46 70 123 45 67", "'+46 70 123 45 67"),
        ("-2+3", "'-2+3"),
        ("@SUMMA(A1:A2)", "'@SUMMA(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Pågående", "Pågående"),
        ("Kostnad = 5 kr", "Kostnad = 5 kr"),
        ("", ""),
    ],
)
def test_a_csv_cell_that_begins_like_a_formula_gets_a_quote(typed, written):
    assert spreadsheet_cell(typed) == written


@pytest.mark.parametrize(
    "value", [-5, Decimal("-1200.50"), 0, 2.5, None, datetime.date(2024, 3, 1)]
)
def test_numbers_dates_and_none_are_left_as_they_are(value):
    assert spreadsheet_cell(value) is value


def test_a_csv_written_with_neutralised_cells_reads_back_prefixed():
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow(spreadsheet_row(["=1+1", -5, "Klar\u0001"]))

    assert next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == [
        "'=1+1",
        "-5",
        "Klar",
    ]


@pytest.mark.parametrize(
    "typed, safe",
    [
        ("Före\u000bEfter", "Före\nEfter"),
        ("Sida\u000cnästa", "Sida\nnästa"),
        ("a\u0000b\u0001c\u0008d\u001fe", "abcde"),
        ("tab\tnl\ncr\r", "tab\tnl\ncr\r"),
        ("\ufffe\uffffok", "ok"),
        ("ensam\ud800surrogat", "ensamsurrogat"),
        ("Åäö – ✓ 😀", "Åäö – ✓ 😀"),
    ],
)
def test_xml_safe_drops_what_xml_cannot_carry(typed, safe):
    assert xml_safe(typed) == safe


def test_xml_safe_text_goes_into_a_word_document():
    document = Document()
    document.add_paragraph(xml_safe("Kommentar\u000bmed\u0001 styrtecken"))
    buffer = io.BytesIO()
    document.save(buffer)

    assert Document(io.BytesIO(buffer.getvalue())).paragraphs[0].text == "Kommentar\nmed styrtecken"


def test_an_excel_row_keeps_texts_as_typed_as_strings_and_numbers_as_numbers():
    workbook = Workbook()
    append_sheet_row(
        workbook.active,
        [
            '=HYPERLINK("http://angripare.example";"Klicka")',
            "-2+3",
            "Klar\u0001",
            Decimal("-1200.50"),
            -5,
            None,
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]
    assert [(cell.value, cell.data_type) for cell in cells[:5]] == [
        ('=HYPERLINK("http://angripare.example";"Klicka")', "s"),
        ("-2+3", "s"),
        ("Klar", "s"),
        (-1200.5, "n"),
        (-5, "n"),
    ]
    assert [cell.quotePrefix for cell in cells[:3]] == [True, True, False]
    assert len(cells) == 5  # the trailing empty cell is not written


@dataclass(frozen=True)
class Line:
    text: str
    number: int


@dataclass
class Model:
    title: str
    lines: list[Line] = field(default_factory=list)
    pairs: tuple[str, ...] = ()
    by_key: dict = field(default_factory=dict)


def test_xml_safe_copy_cleans_every_text_of_a_model_at_any_depth():
    model = Model(
        title="Rubrik\u0001",
        lines=[Line("rad\u000b1", 1), Line("rad 2", 2)],
        pairs=("a\u0002", "b"),
        by_key={"k": "v\u0003"},
    )

    clean = xml_safe_copy(model)

    assert clean == Model(
        title="Rubrik",
        lines=[Line("rad\n1", 1), Line("rad 2", 2)],
        pairs=("a", "b"),
        by_key={"k": "v"},
    )
    assert clean.lines[1] is model.lines[1]  # what needed no change is not copied
    assert model.title == "Rubrik\u0001"  # the original is left as it was


def test_xml_safe_copy_of_a_clean_model_is_the_same_object():
    model = Model(title="Rubrik", lines=[Line("rad", 1)], pairs=("a",), by_key={"k": "v"})

    assert xml_safe_copy(model) is model
