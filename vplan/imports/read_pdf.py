"""Read a text-based PDF follow-up report from its words and table lines (pdfplumber).

Tables are found from their ruling lines; each cell's words are regrouped into lines, and a word
the layout broke over two lines because it was wider than its column ('befattningsutbildni' /
'ng') is joined again. Text outside the tables becomes paragraphs, split where the font size
changes (so headings stand alone). A table at the top of a page without a header row continues
the previous page's table, and its first row finishes the row the page break cut.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from django.utils.translation import gettext

from vplan.upload_limits import MAX_PDF_PAGES, check_page_count, check_pdf

from .layout import Layout, Paragraph, Row, TableStart, row_from_cells
from .normalise import (
    bullet_level,
    header_roles,
    mentions_assignment,
    municipal_goal_of,
    normalise_space,
    perspective_of,
)
from .parsed import ImportFormatError
from .upload_refusals import within_bounds

LINE_TOLERANCE = 2.0
CUT_TOLERANCE = 4.0


@dataclass
class _Line:
    top: float
    bottom: float
    size: float
    words: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)


@dataclass
class _PageTable:
    top: float
    rows: list[list[tuple[str, int]]]


def read_pdf(path: Path, data: bytes) -> Layout:
    """The layout of a PDF with a text layer."""
    if b"%%EOF" not in data[-2048:]:
        raise ImportFormatError(
            path, gettext("is a truncated PDF (the end-of-file marker is missing)")
        )
    within_bounds(path, check_pdf, data)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise ImportFormatError(
            path, gettext("is a damaged PDF that cannot be opened: %(reason)s") % {"reason": error}
        ) from error
    if len(pages) > MAX_PDF_PAGES:
        pdf.close()
        within_bounds(path, check_page_count, len(pages))
    read_pages = []
    with pdf:
        for number, page in enumerate(pages, start=1):
            try:
                tables = page.find_tables()
                words = page.extract_words(extra_attrs=["size"])
            except Exception as error:
                raise ImportFormatError(
                    path,
                    gettext("page %(number)s cannot be read: %(reason)s")
                    % {"number": number, "reason": error},
                ) from error
            read_pages.append((tables, words))
    if not any(words for _, words in read_pages):
        raise ImportFormatError(
            path, gettext("has no text layer (a scanned PDF?): it cannot be read")
        )
    layout = Layout()
    roles: list[str | None] | None = None
    cells = [_page_cells(tables, words) for tables, words in read_pages]
    lexicon = _lexicon(cells)
    for (tables, words), page_cells in zip(read_pages, cells, strict=True):
        roles = _read_page(layout, tables, words, page_cells, lexicon, roles)
    return layout


def _read_page(
    layout: Layout,
    tables: list,
    words: list[dict],
    page_cells: list[_TableCells],
    lexicon: set[str],
    roles: list[str | None] | None,
) -> list[str | None] | None:
    boxes = [table.bbox for table in tables]
    loose = [word for word in words if not any(_inside(word, box) for box in boxes)]
    items: list[tuple[float, object]] = [(p[0], p[1]) for p in _paragraphs(_lines(loose))]
    items += [(cells.top, _page_table(cells, lexicon)) for cells in page_cells]
    items.sort(key=lambda item: item[0])
    continuing = roles is not None
    for _, item in items:
        if isinstance(item, str):
            layout.add_paragraph(item)
            continuing = False
            continue
        assert isinstance(item, _PageTable)
        roles = _add_table(layout, item, roles if continuing else None)
        continuing = roles is not None
    return roles


def _add_table(
    layout: Layout, table: _PageTable, roles: list[str | None] | None
) -> list[str | None] | None:
    rows = table.rows
    if not rows:
        return roles
    found = header_roles([text for text, _ in rows[0]])
    if found is not None:
        roles = _spread(rows[0], found)
        layout.blocks.append(TableStart(roles=roles))
        rows = rows[1:]
        first_continues = False
    elif roles is None:
        return None
    else:
        first_continues = True
    for index, cells in enumerate(rows):
        block = _row_block(cells, roles)
        if block is None:
            continue
        if index == 0 and first_continues and isinstance(block, Row):
            block.continues_previous = _finishes_cut_row(block)
        layout.blocks.append(block)
    return roles


def _finishes_cut_row(row: Row) -> bool:
    """Whether a page's first row is the rest of a row the page break cut."""
    if row.boards.strip() or row.deadline.strip() or row.status.strip():
        return False
    first = row.activity.strip()
    if not first:
        return True
    if bullet_level(first.splitlines()[0])[0] is not None:
        return False
    return not normalise_space(first).lower().startswith("strategisk") or first[0].islower()


def _spread(header: list[tuple[str, int]], found: list[str | None]) -> list[str | None]:
    roles: list[str | None] = []
    for (_, span), role in zip(header, found, strict=False):
        roles.extend([role] * span)
    return roles


def _row_block(cells: list[tuple[str, int]], roles: list[str | None]) -> Paragraph | Row | None:
    filled = [(text, span) for text, span in cells if text.strip()]
    if not filled:
        return None
    if len(filled) == 1 and filled[0][1] >= len(roles) - 1 and len(roles) > 2:
        flat = normalise_space(filled[0][0])
        if perspective_of(flat) or municipal_goal_of(flat):
            return Paragraph(flat)
        return Row(activity=filled[0][0])
    texts, column_roles, column = [], [], 0
    for text, span in cells:
        texts.append(text)
        column_roles.append(roles[column] if column < len(roles) else None)
        column += span
    if header_roles(texts) is not None:
        return None
    return row_from_cells(texts, column_roles)


# --- words to lines -------------------------------------------------------------------------


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _lines(words: list[dict]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        line = next((ln for ln in lines if abs(ln.top - word["top"]) <= LINE_TOLERANCE), None)
        if line is None:
            line = _Line(top=word["top"], bottom=word["bottom"], size=word.get("size", 0.0))
            lines.append(line)
        line.words.append(word)
        line.bottom = max(line.bottom, word["bottom"])
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    lines.sort(key=lambda ln: ln.top)
    return lines


def _paragraphs(lines: list[_Line]) -> list[tuple[float, str]]:
    """Lines outside tables grouped into paragraphs: same font size, no wide gap."""
    paragraphs: list[tuple[float, list[_Line]]] = []
    for line in lines:
        if paragraphs:
            previous = paragraphs[-1][1][-1]
            height = max(previous.bottom - previous.top, 1.0)
            same_size = abs(previous.size - line.size) < 0.5
            if same_size and line.top - previous.bottom < 0.8 * height:
                paragraphs[-1][1].append(line)
                continue
        paragraphs.append((line.top, [line]))
    return [(top, " ".join(line.text for line in group)) for top, group in paragraphs]


@dataclass
class _Cell:
    column: int
    span: int
    lines: list[_Line]
    right: float


@dataclass
class _TableCells:
    top: float
    rows: list[list[_Cell]]


def _page_cells(tables: list, words: list[dict]) -> list[_TableCells]:
    """Every table's cells with their words grouped into lines."""
    found = []
    for table in tables:
        edges = sorted({round(cell[0], 1) for cell in table.cells} | {round(table.bbox[2], 1)})
        inside = [word for word in words if _inside(word, table.bbox)]
        rows = []
        for row in table.rows:
            cells = []
            for box in row.cells:
                if box is None:
                    continue
                column = _column_of(edges, box[0])
                span = max(_column_of(edges, box[2]) - column, 1)
                lines = _lines([word for word in inside if _inside(word, box)])
                padding = min((line.words[0]["x0"] - box[0] for line in lines), default=0.0)
                cells.append(_Cell(column, span, lines, right=box[2] - padding))
            rows.append(sorted(cells, key=lambda cell: cell.column))
        found.append(_TableCells(top=table.bbox[1], rows=rows))
    return found


def _lexicon(pages: list[list[_TableCells]]) -> set[str]:
    """Words written whole in the document more often than they start a line after a cut."""
    whole: Counter[str] = Counter()
    after_cut: Counter[str] = Counter()
    for tables in pages:
        for table in tables:
            for row in table.rows:
                for cell in row:
                    for index, line in enumerate(cell.lines):
                        tokens = [_bare(word["text"]) for word in line.words]
                        if _may_cut(line, cell.right):
                            continue
                        if index and _may_cut(cell.lines[index - 1], cell.right):
                            after_cut[tokens[0]] += 1
                            tokens = tokens[1:]
                        whole.update(tokens)
    return {word for word, count in whole.items() if count > after_cut[word]}


def _bare(token: str) -> str:
    return token.strip(".,;:()\"'!?").casefold()


def _may_cut(line: _Line, right: float) -> bool:
    """A line holding one word that reaches the column edge: the word may have been cut."""
    return len(line.words) == 1 and line.words[0]["x1"] >= right - CUT_TOLERANCE


def _page_table(table: _TableCells, lexicon: set[str]) -> _PageTable:
    rows: list[list[tuple[str, int]]] = []
    for cells in table.rows:
        texts: list[tuple[str, int]] = []
        next_column = 0
        for cell in cells:
            while next_column < cell.column:
                texts.append(("", 1))
                next_column += 1
            texts.append((_cell_text(cell, lexicon), cell.span))
            next_column = cell.column + cell.span
        rows.append(texts)
    return _PageTable(top=table.top, rows=rows)


def _column_of(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda index: abs(edges[index] - x))


def _cell_text(cell: _Cell, lexicon: set[str]) -> str:
    """A cell's lines, with a word the column cut in two joined again."""
    text = ""
    for index, line in enumerate(cell.lines):
        if index and _cuts_word(cell.lines[index - 1], line, cell.right, lexicon):
            text += line.text
        else:
            text += ("\n" if text else "") + line.text
    return text


def _cuts_word(before: _Line, after: _Line, right: float, lexicon: set[str]) -> bool:
    if not _may_cut(before, right) or not after.words:
        return False
    head, tail = before.words[0]["text"], after.words[0]["text"]
    if tail[:1].isupper() or mentions_assignment(after.text):
        return False
    if not _bare(tail):
        return True
    if tail.startswith(("(", "[", '"', "”")):
        return False
    return _bare(head + tail) in lexicon or _bare(tail) not in lexicon
