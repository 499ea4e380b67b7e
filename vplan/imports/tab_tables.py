"""Tables in text documents, as PDF converters write them: one row a line, its cells separated by
tabs (or written as a Markdown pipe row), each cell holding a little HTML (<p>, <b>, <ul><li>,
<br>, <sup>). The one reader of such rows and cells, for follow-up reports and object plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


def is_table_row(line: str) -> bool:
    """A row of a table: cells separated by tabs, or a Markdown pipe row ('| a | b |')."""
    stripped = line.strip()
    return bool(stripped) and (
        "\t" in line or (stripped.startswith("|") and stripped.count("|") >= 2)
    )


def row_cells(line: str) -> list[str]:
    """The cells of a table row, each without the white space around it."""
    stripped = line.strip()
    if "\t" not in line and stripped.startswith("|"):
        return [cell.strip() for cell in stripped.strip("|").split("|")]
    return [cell.strip() for cell in line.split("\t")]


@dataclass
class Block:
    """A paragraph or list item of a cell."""

    kind: str  # "p" or "li"
    text: str
    bold: bool  # all of its text is bold: a heading inside a cell


class _CellReader(HTMLParser):
    BREAKS = {"p", "li", "ul", "ol", "br", "div", "tr", "td", "h1", "h2", "h3", "h4"}
    BOLD = {"b", "strong"}

    def __init__(self, *, title_break: bool):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.kind = "p"
        self.parts: list[str] = []
        self.bold_depth = 0
        self.all_bold = True
        self.footnote_depth = 0
        self.title_break = title_break

    def parse_html_declaration(self, i):
        if self.rawdata.startswith("<![", i):  # no marked sections in a cell: a stray mark
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)

    def flush(self):
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append(Block(self.kind, text, self.all_bold))
        self.parts, self.all_bold, self.kind = [], True, "p"

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.flush()
            if tag == "li":
                self.kind = "li"
        elif tag in self.BOLD:
            self.bold_depth += 1
        elif tag == "sup":
            self.footnote_depth += 1

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.flush()
        elif tag in self.BOLD:
            self.bold_depth = max(0, self.bold_depth - 1)
            if self.title_break:  # the bold title ends its line
                self.flush()
                self.title_break = False
        elif tag == "sup":
            self.footnote_depth = max(0, self.footnote_depth - 1)

    def handle_data(self, data):
        if self.footnote_depth:
            return  # a footnote mark, not text of the cell
        if data.strip() and not self.bold_depth:
            self.all_bold = False
        self.parts.append(data)


def cell_blocks(html: str, *, title_break: bool = False) -> list[Block]:
    """The paragraphs and list items of a cell, footnote marks (<sup>) left out.

    With `title_break`, the cell's first bold text ends a line ('<b>Title</b> description')."""
    reader = _CellReader(title_break=title_break)
    reader.feed(html)
    reader.close()
    reader.flush()
    return reader.blocks


def cell_text(html: str, *, bullets: bool = False, title_break: bool = False) -> str:
    """The text of a cell, one line per paragraph or list item ('• ' before an item with
    `bullets`)."""
    return "\n".join(
        f"• {block.text}" if bullets and block.kind == "li" else block.text
        for block in cell_blocks(html, title_break=title_break)
    )
