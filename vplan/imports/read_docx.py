"""Read a Word (.docx) follow-up report from its paragraphs and tables (python-docx).

Tables are read from their XML grid, so merged cells are understood: a goal cell merged down
over several rows counts once, a row whose one cell spans the table is a heading row (an
assignment, or a perspective or municipal goal put inside the table), and numbered or bulleted
paragraphs inside a cell keep their bullet level. A table split in two by the page layout
continues the previous one when it has no header of its own.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.utils.translation import gettext
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from vplan.upload_limits import check_zip

from .layout import Layout, Paragraph, Row, TableStart, row_from_cells
from .normalise import header_roles, municipal_goal_of, normalise_space, perspective_of
from .parsed import ImportFormatError
from .upload_refusals import within_bounds


def read_docx(path: Path, data: bytes) -> Layout:
    """The layout of a Word document, once its archive is within the bounds of upload_limits."""
    within_bounds(path, check_zip, data)
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a damaged package
        raise ImportFormatError(
            path, gettext("is not a readable Word document: %(reason)s") % {"reason": error}
        ) from error
    layout = Layout()
    roles: list[str | None] | None = None
    unexpected: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            _paragraph(layout, item)
            roles = None if _is_heading(item) else roles
            continue
        grid = _table_grid(item)
        if not grid:
            continue
        found = header_roles([text for text, _, _ in grid[0]])
        if found is not None:
            roles = _grid_roles(grid[0], found)
            layout.blocks.append(TableStart(roles=roles))
            body = grid[1:]
        elif roles is not None and len(_grid_roles(grid[0], [None] * len(grid[0]))) == len(roles):
            body = grid
        else:
            unexpected.append(" | ".join(normalise_space(text) for text, _, _ in grid[0]))
            continue
        for cells in body:
            block = _row_block(cells, roles)
            if block is not None:
                layout.blocks.append(block)
    if layout.table_count == 0 and unexpected:
        raise ImportFormatError(
            path,
            gettext(
                "has a table that is not an activity table (first row: '%(row)s'; expected "
                "columns like Nämndmål, Aktivitet, Nämnd, Slutdatum, Status, Kommentar)"
            )
            % {"row": unexpected[0][:120]},
        )
    for first_row in unexpected:
        layout.warnings.append(
            (
                "skipped_table",
                gettext("a table that is not an activity table was skipped: %(row)s")
                % {"row": first_row},
            )
        )
    return layout


def _is_heading(paragraph: DocxParagraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    return style.lower().startswith(("heading", "rubrik", "title"))


def _paragraph(layout: Layout, paragraph: DocxParagraph) -> None:
    text = normalise_space(paragraph.text)
    if not text:
        return
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if not layout.title_lines and (style.lower() in ("title", "rubrik") or not layout.blocks):
        layout.title_lines.append(text)
    elif layout.subtitle is None and len(layout.blocks) == 1:
        layout.subtitle = text
    layout.blocks.append(Paragraph(text))


# A grid cell: (text, number of grid columns it spans, whether it continues a merge from above).
GridCell = tuple[str, int, bool]


def _table_grid(table: Table) -> list[list[GridCell]]:
    rows = []
    for tr in table._tbl.tr_lst:
        cells: list[GridCell] = []
        for _ in range(tr.grid_before):
            cells.append(("", 1, False))
        for tc in tr.tc_lst:
            merged_from_above = tc.vMerge is not None and tc.vMerge != "restart"
            text = "" if merged_from_above else _cell_text(tc, table)
            cells.append((text, tc.grid_span, merged_from_above))
        rows.append(cells)
    return rows


def _cell_text(tc, table: Table) -> str:
    lines = []
    for p in tc.iter(qn("w:p")):
        paragraph = DocxParagraph(p, table)
        text = paragraph.text.strip()
        if not text:
            continue
        level = _list_level(paragraph)
        if level is not None and not text.startswith(("●", "•", "○", "-", "–", "▪")):
            text = ("○ " if level > 0 else "• ") + text
        lines.append(text)
    return "\n".join(lines)


def _list_level(paragraph: DocxParagraph) -> int | None:
    properties = paragraph._p.pPr
    if properties is None or properties.numPr is None:
        return None
    level = properties.numPr.ilvl
    return int(level.val) if level is not None and level.val is not None else 0


def _grid_roles(header: list[GridCell], found: list[str | None]) -> list[str | None]:
    """The role of every grid column: a header cell spanning columns gives them its role."""
    roles: list[str | None] = []
    for (_, span, _), role in zip(header, found, strict=False):
        roles.extend([role] * span)
    return roles


def _row_block(cells: list[GridCell], roles: list[str | None]) -> Paragraph | Row | None:
    filled = [(text, span) for text, span, _ in cells if text.strip()]
    if not filled:
        return None
    if len(filled) == 1 and filled[0][1] >= len(roles) - 1:
        text = filled[0][0]
        flat = normalise_space(text)
        if perspective_of(flat) or municipal_goal_of(flat):
            return Paragraph(flat)
        return Row(activity=text)
    texts: list[str] = []
    column_roles: list[str | None] = []
    column = 0
    starts_goal = False
    for text, span, merged in cells:
        role = roles[column] if column < len(roles) else None
        if role == "goal" and text.strip() and not merged:
            starts_goal = True
        texts.append(text)
        column_roles.append(role)
        column += span
    if header_roles(texts) is not None:
        return None
    row = row_from_cells(texts, column_roles)
    if row.goal.strip():
        row.goal_is_title = True if starts_goal else None
    return row
