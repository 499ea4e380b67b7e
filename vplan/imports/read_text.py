"""Read text extracted from a PDF (pdftotext) whose table columns come out interleaved.

Such text has no cell boundaries. The reader anchors on each row's *signature*, the short
cells that follow the activity text in every row: board codes, an end date and a status
('BiN och BoU December Genomfört', 'Q4 Pågående'). Between two signatures lie the previous
row's comment, the next row's text, and whatever the extraction put in between: headings, table
headers, assignment headings ('Strategiskt utvecklingsuppdrag: ...'), and the goal cells, which
come out as blocks of short lines somewhere inside the rows they span.

Goal cells are placed by structure: a goal block lies inside the run of rows it spans; a block
that starts on a row's own line (glued to its status or comment) starts with that row; otherwise
the block ends its run just before the next row. Rows under an assignment heading move as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Layout, Paragraph, Row, TableStart
from .normalise import (
    DEADLINE_PATTERN,
    DEFAULT_BOARD_CODES,
    DEFAULT_STATUSES,
    bullet_level,
    municipal_goal_of,
    normalise_space,
    perspective_of,
)

GOAL_LINE_LENGTH = 28
LONG_LINE_LENGTH = 34
HEADER_WORDS = frozenset(
    {"nämndmål", "aktivitet", "nämnd", "slutdatum", "slutfört", "status", "ev", "kommentar"}
)


def _signature_pattern() -> re.Pattern[str]:
    codes = "|".join(sorted(DEFAULT_BOARD_CODES, key=len, reverse=True))
    code = r"(?:(?i:" + codes + r")|[A-ZÅÄÖ](?:[a-zåäö]?[A-ZÅÄÖ]){1,2})(?![\wåäöÅÄÖ])"
    boards = code + r"(?:\s*(?:,|och|&|/)\s*" + code + r")*"
    statuses = sorted(DEFAULT_STATUSES, key=len, reverse=True)
    status = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in statuses)
    return re.compile(
        r"(?<![\wåäöÅÄÖ])(?:(?P<boards>" + boards + r")\s+)?"
        r"(?P<deadline>(?i:" + DEADLINE_PATTERN.pattern + r"))\s*"
        r"(?P<status>(?i:" + status + r"))(?![a-zåäö])(?!\s+från\s+\d{4})",
    )


def _glued_status_pattern() -> re.Pattern[str]:
    statuses = sorted(DEFAULT_STATUSES, key=len, reverse=True)
    status = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in statuses)
    return re.compile(r"(?<=[^\s]) (?P<status>(?i:" + status + r"))(?=[A-ZÅÄÖ])")


SIGNATURE = _signature_pattern()
GLUED_STATUS = _glued_status_pattern()


@dataclass
class _Signature:
    start: int
    end: int
    boards: str
    deadline: str
    status: str
    glued: bool


@dataclass
class _Block:
    lines: list[str]
    kind: str = "plain"
    page_start: bool = False
    glued: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def first(self) -> str:
        return self.lines[0].strip() if self.lines else ""


@dataclass
class _Label:
    text: str
    before_row: int
    glued: bool


@dataclass
class _RowData:
    text: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)
    boards: str = ""
    deadline: str = ""
    status: str = ""
    assignment: int | None = None


@dataclass
class _Table:
    """One activity table: its rows, assignment headings and goal labels in order."""

    rows: list[int] = field(default_factory=list)
    labels: list[_Label] = field(default_factory=list)


@dataclass
class _Reader:
    rows: list[_RowData] = field(default_factory=list)
    items: list[tuple[str, object]] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)
    assignments: list[str] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    in_table: bool = False

    @property
    def table(self) -> _Table | None:
        return self.tables[-1] if self.tables and self.in_table else None


def read_extracted_text(text: str) -> Layout:
    """The layout of a report's text as pdftotext extracted it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n ")
    signatures = _find_signatures(text)
    reader = _Reader()
    position = 0
    for index, signature in enumerate([*signatures, None]):
        end = signature.start if signature else len(text)
        gap = text[position:end]
        previous = signatures[index - 1] if index else None
        _read_gap(reader, gap, previous, has_next=signature is not None)
        if signature:
            row = reader.rows[-1]
            row.boards, row.deadline, row.status = (
                signature.boards,
                signature.deadline,
                signature.status,
            )
            position = signature.end
    return _layout(reader)


def _find_signatures(text: str) -> list[_Signature]:
    found = []
    for match in SIGNATURE.finditer(text):
        glued = match.end() < len(text) and text[match.end()].isupper()
        found.append(
            _Signature(
                start=match.start(),
                end=match.end(),
                boards=normalise_space(match.group("boards") or ""),
                deadline=normalise_space(match.group("deadline")),
                status=normalise_space(match.group("status")),
                glued=glued,
            )
        )
    for match in GLUED_STATUS.finditer(text):
        start = match.start("status")
        if any(sig.start <= start < sig.end for sig in found):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip():
            continue
        found.append(
            _Signature(
                start=start,
                end=match.end(),
                boards="",
                deadline="",
                status=normalise_space(match.group("status")),
                glued=True,
            )
        )
    return sorted(found, key=lambda sig: sig.start)


# --- one gap between two signatures ---------------------------------------------------------


def _read_gap(reader: _Reader, gap: str, previous: _Signature | None, *, has_next: bool) -> None:
    lines = gap.split("\n")
    blocks = _blocks(lines, glued_start=bool(previous and previous.glued), opened=bool(previous))
    ends_with_prefix = has_next and bool(lines[-1].strip())
    last_row = reader.rows[-1] if previous and reader.rows else None
    text_start = _text_start(blocks, ends_with_prefix) if has_next else len(blocks)
    carried: list[_Block] = []
    for index, block in enumerate(blocks):
        if index >= text_start:
            break
        if block.kind in ("perspective", "municipal", "header", "assignment", "paragraph"):
            if last_row is not None:
                _attach_to_previous_row(last_row, carried)
                carried = []
            _structure(reader, block)
            last_row = None
            continue
        if block.kind == "label":
            _add_label(reader, block.text, glued=block.glued)
            continue
        if block.kind == "label-continuation" and _extend_label(reader, block.text):
            continue
        if last_row is not None:
            carried.append(block)
        elif reader.table is None:
            _structure(reader, _Block(block.lines, kind="paragraph"))
    if last_row is not None:
        _attach_to_previous_row(last_row, carried)
    if has_next:
        text_lines = [line for block in blocks[text_start:] for line in block.lines]
        row = _RowData(text=text_lines)
        reader.rows.append(row)
        reader.items.append(("row", len(reader.rows) - 1))
        if reader.table is not None:
            reader.table.rows.append(len(reader.rows) - 1)


def _blocks(lines: list[str], *, glued_start: bool, opened: bool) -> list[_Block]:
    """Split a gap's lines into blocks: by blank lines, bullets, headings and page starts."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(lines):
        line = raw.rstrip()
        stripped = line.strip()
        if len(stripped) <= 1:
            current = None
            continue
        kind = _structural_kind(stripped)
        first_of_gap = number == 0 and opened
        starts_new = (
            current is None
            or kind is not None
            or current.kind in ("perspective", "municipal", "header")
            or _bulleted(stripped)
            or (line.startswith(" ") and not first_of_gap)
        )
        if current is not None and current.kind == "assignment" and kind is None:
            starts_new = starts_new and _bulleted(stripped)
        if starts_new:
            current = _Block([stripped], kind=kind or "plain", page_start=line.startswith(" "))
            if first_of_gap:
                current.kind = "label" if glued_start else "comment"
                current.page_start = False
                current.glued = glued_start
            blocks.append(current)
        else:
            current.lines.append(stripped)
    blocks = [piece for block in blocks for piece in _split_embedded_label(block)]
    for block in blocks:
        if block.kind == "plain" and _looks_like_goal(block):
            block.kind = "label" if block.first[:1].isupper() else "label-continuation"
    merged: list[_Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == "label"
            and block.kind in ("plain", "label-continuation")
            and block.first.startswith(("-", "–"))
            and all(len(line) <= GOAL_LINE_LENGTH for line in block.lines)
        ):
            previous.lines.extend(block.lines)
            continue
        merged.append(block)
    return merged


def _bulleted(line: str) -> bool:
    return line[:1] in "●•○◦▪■"


def _structural_kind(line: str) -> str | None:
    if perspective_of(line):
        return "perspective"
    if municipal_goal_of(line):
        return "municipal"
    words = [word.strip(".:").lower() for word in line.split()]
    if words and all(word in HEADER_WORDS for word in words):
        return "header"
    if re.match(r"strategisk\w*\s+utvecklingsuppdrag\s*:", line, re.IGNORECASE):
        return "assignment"
    return None


def _looks_like_goal(block: _Block) -> bool:
    """A block of three or more short lines, as a narrow goal column wraps."""
    if len(block.lines) < 3 or _bulleted(block.first):
        return False
    return all(len(line) <= GOAL_LINE_LENGTH for line in block.lines)


def _split_embedded_label(block: _Block) -> list[_Block]:
    """Cut a goal label out of a block where the extraction joined it to a long-lined column.

    The label is a run of short lines between long ones; it starts after the last sentence end
    of the long line before it and ends before the first capitalised word after a sentence end
    (or a word short enough for the goal column) in the long line after it.
    """
    lines = block.lines
    if block.kind not in ("plain", "comment", "label") or len(lines) < 3 or _bulleted(block.first):
        return [block]
    start = None
    for index in range(1, len(lines)):
        short_run = lines[index : index + 3]
        if (
            len(short_run) == 3
            and all(len(line) <= GOAL_LINE_LENGTH for line in short_run)
            and len(lines[index - 1]) >= LONG_LINE_LENGTH
            and block.kind != "label"
            and _cut_before_label(lines[index - 1])[0]
        ):
            start = index
            break
    pieces: list[_Block] = []
    label_lines: list[str]
    if start is not None:
        head, label_head = _cut_before_label(lines[start - 1])
        if head:
            pieces.append(_Block([*lines[: start - 1], head], kind=block.kind))
        label_lines = ([label_head] if label_head else []) + lines[start:]
        glued = True
    elif block.kind == "label":
        label_lines = list(lines)
        glued = block.glued
    else:
        return [block]
    for index, line in enumerate(label_lines):
        if len(line) >= LONG_LINE_LENGTH:
            tail_of_label, rest = _cut_after_label(line)
            label = _Block([*label_lines[:index], tail_of_label], kind="label", glued=glued)
            pieces.append(label)
            pieces.append(_Block([rest, *label_lines[index + 1 :]], kind="plain"))
            return pieces
    pieces.append(_Block(label_lines, kind="label", glued=glued))
    return pieces


def _cut_before_label(line: str) -> tuple[str, str]:
    matches = list(re.finditer(r"[.!?]\s+(?=[A-ZÅÄÖ])", line))
    match = matches[-1] if matches else None
    if match is None:
        return "", line
    return line[: match.start() + 1].strip(), line[match.end() :].strip()


def _cut_after_label(line: str) -> tuple[str, str]:
    words = line.split(" ")
    for index in range(1, len(words)):
        if not words[index][:1].isupper():
            continue
        head = " ".join(words[:index]).strip()
        if len(head) <= GOAL_LINE_LENGTH:
            return head, " ".join(words[index:]).strip()
    return line, ""


def _text_start(blocks: list[_Block], ends_with_prefix: bool) -> int:
    """Index of the first block of the next row's text."""
    candidates = [
        index
        for index, block in enumerate(blocks)
        if block.kind in ("plain", "comment") and not (block.kind == "comment" and index == 0)
    ]
    if not candidates:
        return len(blocks)
    start = candidates[-1]
    if not ends_with_prefix and start != len(blocks) - 1:
        trailing = blocks[start + 1 :]
        if any(block.kind not in ("label", "label-continuation") for block in trailing):
            return len(blocks)
    block = blocks[start]
    lowercase_lead = [line for line in block.lines if line[:1].islower()]
    if block.lines[0][:1].islower() and len(lowercase_lead) < len(block.lines):
        first_upper = next(i for i, line in enumerate(block.lines) if not line[:1].islower())
        blocks.insert(start, _Block(block.lines[:first_upper], kind="plain", page_start=True))
        block.lines = block.lines[first_upper:]
        return start + 1
    while start > 0:
        previous = blocks[start - 1]
        first = blocks[start].first
        joins_lowercase = first[:1].islower() and previous.kind == "plain"
        joins_parent = bullet_level(first)[0] == 1 and bullet_level(previous.first)[0] == 0
        if (joins_lowercase or joins_parent) and not previous.page_start:
            start -= 1
        else:
            break
    return start


def _structure(reader: _Reader, block: _Block) -> None:
    text = normalise_space(" ".join(block.lines))
    if block.kind == "header":
        if not reader.in_table or not reader.items or reader.items[-1][0] != "table":
            reader.tables.append(_Table())
            reader.items.append(("table", None))
        reader.in_table = True
        return
    if block.kind == "assignment":
        reader.assignments.append("\n".join(block.lines))
        reader.items.append(("assignment", len(reader.assignments) - 1))
        return
    if block.kind in ("perspective", "municipal"):
        reader.in_table = False
    if not reader.title_lines and not reader.items:
        count = 1
        while count < len(block.lines) and block.lines[count][:1].islower():
            count += 1
        reader.title_lines.append(normalise_space(" ".join(block.lines[:count])))
        if count < len(block.lines):
            reader.items.append(("paragraph", normalise_space(" ".join(block.lines[count:]))))
        return
    reader.items.append(("paragraph", text))


def _add_label(reader: _Reader, text: str, *, glued: bool) -> None:
    table = reader.table
    if table is None:
        return
    table.labels.append(_Label(text=text, before_row=len(reader.rows), glued=glued))
    reader.items.append(("label", len(table.labels) - 1))


def _extend_label(reader: _Reader, text: str) -> bool:
    table = reader.table
    if table is None or not table.labels:
        return False
    label = table.labels[-1]
    if label.text.rstrip().endswith("."):
        return False
    label.text += "\n" + text
    label.before_row = len(reader.rows)
    return True


def _attach_to_previous_row(row: _RowData, blocks: list[_Block]) -> None:
    """Blocks after a row's signature: its comment, and what a page break cut from it."""
    continuation_seen = 0
    for block in blocks:
        if block.kind == "comment":
            row.comment.extend(block.lines)
        elif block.page_start or block.first[:1].islower():
            if continuation_seen == 0 and _text_continues(row):
                row.text.extend(block.lines)
            else:
                row.comment.extend(block.lines)
            continuation_seen += 1
        else:
            row.comment.extend(block.lines)


def _text_continues(row: _RowData) -> bool:
    """Whether a page break more likely cut the row's text than its comment."""
    if not row.comment:
        return True
    comment = " ".join(row.comment).rstrip()
    if not comment.endswith((".", "!", "?")):
        text = " ".join(row.text).rstrip()
        last_word = text.split(" ")[-1].lower() if text else ""
        return text.endswith("-") or last_word in {"och", "i", "för", "med", "att", "av", "till"}
    return True


# --- goals and output -----------------------------------------------------------------------


def _goal_groups(reader: _Reader) -> dict[int, str]:
    """The goal label each row is listed under, as {row index: label text} for group starts."""
    starts: dict[int, str] = {}
    for table in reader.tables:
        if not table.rows or not table.labels:
            continue
        units = _units(reader, table)
        unit_of = {row: number for number, unit in enumerate(units) for row in unit}
        owner: list[int | None] = [None] * len(units)
        cores: list[tuple[int, int]] = []
        for number, label in enumerate(table.labels):
            after = _unit_at_or_after(units, unit_of, label.before_row)
            first = after
            if label.glued:
                glued_row = label_row_before(label)
                first = unit_of.get(glued_row, after)
            first, after = min(first, after), max(first, after)
            for unit in range(first, min(after, len(units) - 1) + 1):
                owner[unit] = number
            cores.append((first, min(after, len(units) - 1)))
        for number in range(len(cores)):
            core_start, _ = cores[number]
            previous_end = cores[number - 1][1] if number else -1
            between = range(previous_end + 1, core_start)
            if number == 0:
                for unit in between:
                    owner[unit] = 0
                continue
            claimed = []
            if not table.labels[number].glued:
                for unit in reversed(between):
                    if len(units[unit]) > 1 or reader.rows[units[unit][0]].assignment is not None:
                        break
                    claimed.append(unit)
            for unit in between:
                owner[unit] = number if unit in claimed else number - 1
        last = len(cores) - 1
        for unit in range(cores[-1][1] + 1, len(units)):
            owner[unit] = last
        current = None
        for unit, label_number in zip(units, owner, strict=True):
            if label_number is not None and label_number != current:
                starts[unit[0]] = table.labels[label_number].text
                current = label_number
    return starts


def label_row_before(label: _Label) -> int:
    return label.before_row - 1


def _unit_at_or_after(units: list[list[int]], unit_of: dict[int, int], row: int) -> int:
    for candidate in range(row, row + len(units) + 1):
        if candidate in unit_of:
            return unit_of[candidate]
    return len(units) - 1


def _units(reader: _Reader, table: _Table) -> list[list[int]]:
    """The table's rows grouped: an assignment's bulleted rows move together."""
    units: list[list[int]] = []
    previous_assignment = None
    for row_index in table.rows:
        row = reader.rows[row_index]
        bulleted = bool(row.text) and bullet_level(row.text[0])[0] is not None
        if row.assignment is not None and row.assignment == previous_assignment and bulleted:
            units[-1].append(row_index)
        else:
            units.append([row_index])
        previous_assignment = row.assignment if bulleted else None
    return units


def _layout(reader: _Reader) -> Layout:
    _link_assignments(reader)
    goal_starts = _goal_groups(reader)
    layout = Layout(title_lines=list(reader.title_lines))
    for kind, value in reader.items:
        if kind == "paragraph":
            layout.blocks.append(Paragraph(str(value)))
        elif kind == "table":
            layout.blocks.append(TableStart(roles=[]))
        elif kind == "assignment":
            index = int(value)  # type: ignore[arg-type]
            first_row = _first_row_of_assignment(reader, index)
            goal = goal_starts.pop(first_row, "") if first_row is not None else ""
            layout.blocks.append(
                Row(goal=goal, activity=reader.assignments[index], goal_is_title=bool(goal))
            )
        elif kind == "row":
            index = int(value)  # type: ignore[arg-type]
            row = reader.rows[index]
            goal = goal_starts.get(index, "")
            layout.blocks.append(
                Row(
                    goal=goal,
                    activity="\n".join(row.text),
                    boards=row.boards,
                    deadline=row.deadline,
                    status=row.status,
                    comment="\n".join(row.comment),
                    goal_is_title=bool(goal) or None,
                )
            )
    return layout


def _link_assignments(reader: _Reader) -> None:
    """Mark the bulleted rows that follow each assignment heading."""
    current = None
    for kind, value in reader.items:
        if kind == "assignment":
            current = int(value)  # type: ignore[arg-type]
        elif kind in ("table", "paragraph"):
            current = None
        elif kind == "row":
            row = reader.rows[int(value)]  # type: ignore[arg-type]
            bulleted = bool(row.text) and bullet_level(row.text[0])[0] is not None
            if current is not None and bulleted:
                row.assignment = current
            else:
                current = None


def _first_row_of_assignment(reader: _Reader, assignment: int) -> int | None:
    for index, row in enumerate(reader.rows):
        if row.assignment == assignment:
            return index
    return None
