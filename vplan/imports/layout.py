"""The layout every reader reduces a report to before it is interpreted.

A report is a sequence of blocks in reading order: paragraphs outside tables (title, perspective
headings, 'Kommunövergripande mål: ...'), the start of an activity table, and the table's rows
with their cells already sorted into roles (goal, activity, boards, deadline, status, comment).
`assemble.py` turns this sequence into a `ParsedDocument`; the readers only find the layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("goal", "activity", "boards", "deadline", "status", "comment")


@dataclass
class Paragraph:
    """Text outside the activity tables, one paragraph or heading."""

    text: str


@dataclass
class TableStart:
    """The header row of a new activity table."""

    roles: list[str | None] = field(default_factory=list)


@dataclass
class Row:
    """One table row with its cells by role; cell text keeps line breaks and bullets.

    `goal_is_title` says whether the goal cell starts a new goal (True), continues the previous
    goal's description (False), or is for the interpreter to decide (None).
    `continues_previous` marks the rest of a row split across a page.
    """

    goal: str = ""
    activity: str = ""
    boards: str = ""
    deadline: str = ""
    status: str = ""
    comment: str = ""
    goal_is_title: bool | None = None
    continues_previous: bool = False

    def cell(self, role: str) -> str:
        return getattr(self, role)

    def is_empty(self) -> bool:
        return not any(self.cell(role).strip() for role in ROLES)


Block = Paragraph | TableStart | Row


@dataclass
class Layout:
    """What a reader found: the blocks, and the text lines that open the document."""

    blocks: list[Block] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    subtitle: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def add_paragraph(self, text: str) -> None:
        """A paragraph in reading order: the first is the title, the one after it the subtitle."""
        if not self.title_lines:
            self.title_lines.append(text)
        elif self.subtitle is None and len(self.blocks) == 1:
            self.subtitle = text
        self.blocks.append(Paragraph(text))

    @property
    def table_count(self) -> int:
        return sum(1 for block in self.blocks if isinstance(block, TableStart))

    @property
    def body_text(self) -> str:
        return "\n".join(block.text for block in self.blocks if isinstance(block, Paragraph))


def row_from_cells(cells: list[str], roles: list[str | None]) -> Row:
    """Place cells into a row by the header's roles; cells of unknown columns join the comment."""
    row = Row()
    for cell, role in zip(cells, roles, strict=False):
        target = role or "comment"
        current = row.cell(target)
        setattr(row, target, f"{current}\n{cell}" if current.strip() else cell)
    return row
