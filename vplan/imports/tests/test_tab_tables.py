"""Tab-separated tables with a little HTML in their cells: one reader for reports and object
plans alike (tab_tables.py)."""

from __future__ import annotations

from vplan.imports.detect import parse_text
from vplan.imports.read_objectplan import parse_object_plan_text
from vplan.imports.tab_tables import cell_blocks, cell_text, is_table_row, row_cells

from .helpers import small_report
from .test_read_objectplan import SMALL_PLAN


def _as_pipe_rows(text: str) -> str:
    return "\n".join(
        f"| {' | '.join(line.split(chr(9)))} |" if "\t" in line else line
        for line in text.split("\n")
    )


def test_a_report_in_pipe_rows_reads_as_the_same_report_in_tab_rows() -> None:
    as_tabs = parse_text(small_report(), source="report.md")
    as_pipes = parse_text(_as_pipe_rows(small_report()), source="report.md")
    assert as_pipes.to_schema_dict() == as_tabs.to_schema_dict()
    assert len(as_tabs.activities) == 5


def test_an_object_plan_in_pipe_rows_reads_as_the_same_plan_in_tab_rows() -> None:
    as_pipes = _as_pipe_rows(SMALL_PLAN)
    assert (
        parse_object_plan_text(as_pipes).summary() == parse_object_plan_text(SMALL_PLAN).summary()
    )


def test_a_row_is_tab_separated_cells_or_a_pipe_row() -> None:
    assert is_table_row("Nämnd\tBudget")
    assert is_table_row("| Nämnd | Budget |")
    assert not is_table_row("Budget | 2025")
    assert not is_table_row("   ")
    assert row_cells(" a \t b\t") == ["a", "b", ""]
    assert row_cells("| a | b |") == ["a", "b"]


def test_a_cell_reads_as_paragraphs_and_list_items_without_footnote_marks() -> None:
    cell = "<p><b>SK</b></p><ul><li>Första<sup>1</sup></li><li>Andra &amp; tredje</li></ul>"
    blocks = cell_blocks(cell)
    assert [(block.kind, block.text, block.bold) for block in blocks] == [
        ("p", "SK", True),
        ("li", "Första", False),
        ("li", "Andra & tredje", False),
    ]
    assert cell_text(cell) == "SK\nFörsta\nAndra & tredje"
    assert cell_text(cell, bullets=True) == "SK\n• Första\n• Andra & tredje"


def test_a_bold_title_ends_its_line_when_asked() -> None:
    cell = "<b>Maximalt lärande</b> <i>Alla barn lär sig</i>"
    assert cell_text(cell) == "Maximalt lärande Alla barn lär sig"
    assert cell_text(cell, title_break=True) == "Maximalt lärande\nAlla barn lär sig"


def test_stray_markup_is_text_or_nothing_never_an_error() -> None:
    assert cell_text("a <![ b > c") == "a c"
    assert cell_text("1 < 2") == "1 < 2"
