"""Read Markdown-ish text from a PDF converter: headings, paragraphs and tab-separated tables.

Table rows are lines with tabs (or Markdown pipe rows); their cells may hold HTML (<p>, <b>,
<i>, <ul><li>, <sup>), read by tab_tables.py.
A header row ('Nämndmål  Aktivitet  Nämnd  Slutdatum  Status  Kommentar') starts a table; rows
with fewer cells than the header lost their leading empty cells and are aligned from the right.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import tab_tables
from .layout import Layout, Row, TableStart, row_from_cells
from .normalise import (
    DEFAULT_BOARD_REGISTRY,
    DEFAULT_STATUS_VOCABULARY,
    header_roles,
    is_deadline,
    normalise_space,
)

_SEPARATOR_CELL = re.compile(r"^[\s\-:|]*$")
_BOLD = re.compile(r"<b>|<strong>", re.IGNORECASE)


def looks_like_markdown(text: str) -> bool:
    """Whether text has the tab-separated tables of this format (a header row with tabs)."""
    for line in text.splitlines():
        if tab_tables.is_table_row(line) and header_roles(tab_tables.row_cells(line)) is not None:
            return True
    return False


def short_kind(value: str) -> str | None:
    """What a short cell reads as: 'boards', 'deadline', 'status', or None."""
    if len(value) > 60:
        return None
    if DEFAULT_BOARD_REGISTRY.read(value):
        return "boards"
    if is_deadline(value):
        return "deadline"
    if DEFAULT_STATUS_VOCABULARY.is_status(value):
        return "status"
    return None


@lru_cache(maxsize=4096)
def cell_text(cell: str, *, title_break: bool = False) -> str:
    """Plain text of an HTML-ish cell; list items become bullet lines, paragraphs lines. A row's
    cells are read several times (is it a header, how does it align, what is in it): the text
    of each is worked out once."""
    return tab_tables.cell_text(cell, bullets=True, title_break=title_break)


def read_markdown_text(text: str) -> Layout:
    """The layout of a Markdown report."""
    layout = Layout()
    lines = text.splitlines()
    bold_goals = _uses_bold_goal_titles(lines)
    roles: list[str | None] | None = None
    for raw in lines:
        if not raw.strip():
            continue
        if not tab_tables.is_table_row(raw):
            paragraph = cell_text(raw.strip().lstrip("#").strip())
            if paragraph:
                layout.add_paragraph(paragraph)
            continue
        cells = tab_tables.row_cells(raw)
        found = header_roles([cell_text(cell) for cell in cells])
        if found is not None:
            roles = found
            layout.blocks.append(TableStart(roles=roles))
            continue
        if roles is None or all(_SEPARATOR_CELL.match(cell) for cell in cells):
            if roles is None:
                paragraph = normalise_space(cell_text(raw.replace("\t", " ")))
                if paragraph:
                    layout.add_paragraph(paragraph)
            continue
        layout.blocks.extend(_rows(cells, roles, bold_goals))
    return layout


def _uses_bold_goal_titles(lines: list[str]) -> bool:
    roles: list[str | None] | None = None
    for raw in lines:
        if not tab_tables.is_table_row(raw):
            continue
        cells = tab_tables.row_cells(raw)
        found = header_roles([cell_text(cell) for cell in cells])
        if found is not None:
            roles = found
            continue
        if roles and "goal" in roles:
            aligned = _align(cells, roles)
            if _BOLD.search(aligned[roles.index("goal")]):
                return True
    return False


def _align(cells: list[str], roles: list[str | None]) -> list[str]:
    """Cells aligned to the header's columns.

    Converters drop leading empty cells and add trailing ones, so the row is shifted to where
    its boards, end date and status read as such; without those, short rows align right. Each
    cell is read once (its text and what it reads as), then every shift is scored from that.
    """
    read = [_read_cell(cell) for cell in cells]
    default = len(roles) - len(cells) if len(cells) < len(roles) else 0
    shifts = range(-len(cells) + 1, len(roles))
    best = max(shifts, key=lambda shift: (_fit(read, roles, shift), shift == default))
    if _fit(read, roles, best) <= _fit(read, roles, default):
        best = default
    aligned = [""] * len(roles)
    for index, cell in enumerate(cells):
        target = min(max(index + best, 0), len(roles) - 1)
        aligned[target] = f"{aligned[target]}\t{cell}" if aligned[target].strip() else cell
    return aligned


def _read_cell(cell: str) -> tuple[bool, str | None]:
    """Whether a cell has text, and what short kind it reads as (see short_kind)."""
    plain = cell_text(cell)
    return bool(plain), short_kind(plain) if plain else None


def _fit(read: list[tuple[bool, str | None]], roles: list[str | None], shift: int) -> int:
    score = 0
    for index, (filled, kind) in enumerate(read):
        target = index + shift
        if not filled:
            continue
        if target < 0 or target >= len(roles):
            score -= 3
            continue
        short_column = roles[target] in ("boards", "deadline", "status")
        if kind and roles[target] == kind:
            score += 2
        elif kind:
            score -= 1
        elif not kind and short_column:
            score -= 3
    return score


def _rows(cells: list[str], roles: list[str | None], bold_goals: bool) -> list[Row]:
    aligned = _align(cells, roles)
    goal_index = roles.index("goal") if "goal" in roles else None
    texts = [cell_text(cell, title_break=index == goal_index) for index, cell in enumerate(aligned)]
    row = row_from_cells(texts, roles)
    if goal_index is not None and row.goal:
        has_bold = bool(_BOLD.search(aligned[goal_index]))
        row.goal_is_title = True if has_bold else (False if bold_goals else None)
    activity_index = roles.index("activity") if "activity" in roles else None
    if activity_index is None:
        return [row]
    heading, items = _split_heading_and_items(aligned[activity_index])
    if heading and items:
        return [
            Row(goal=row.goal, activity=heading, goal_is_title=row.goal_is_title),
            Row(
                activity=items,
                boards=row.boards,
                deadline=row.deadline,
                status=row.status,
                comment=row.comment,
            ),
        ]
    return [row]


def _split_heading_and_items(cell: str) -> tuple[str, str]:
    """An activity cell holding an assignment heading and then its activity list, split."""
    position = cell.lower().find("<ul")
    if position <= 0:
        return "", ""
    heading = cell_text(cell[:position])
    items = cell_text(cell[position:])
    if not heading or not items or "strategisk" not in heading.lower():
        return "", ""
    return heading, items
