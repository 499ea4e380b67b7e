"""Interpret a report's layout (see layout.py) as a parsed follow-up document.

Walks the blocks in reading order keeping the context an activity is listed under (perspective,
municipal goal, board goal, assignment), decides which rows are activities, and normalises their
cells. Warnings are collected on the document, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext

from .layout import Layout, Paragraph, Row, TableStart
from .normalise import (
    DEFAULT_BOARD_REGISTRY,
    DEFAULT_STATUS_VOCABULARY,
    AssignmentHeading,
    BoardRegistry,
    StatusVocabulary,
    bullet_level,
    compose_activity_text,
    find_as_of,
    find_organisation,
    find_plan_year,
    is_deadline,
    join_lines,
    municipal_goal_of,
    normalise_space,
    parse_assignment,
    parse_deadline,
    perspective_of,
    split_board_goal,
    split_carry_over,
    text_key,
)
from .parsed import ParsedActivity, ParsedDocument

SHORT_ROLES = ("boards", "deadline", "status")


@dataclass
class _Context:
    perspective: str | None = None
    municipal_goal: str | None = None
    board_goal: str | None = None
    board_goal_description: str = ""
    assignment: AssignmentHeading | None = None
    assignment_is_fresh: bool = False


@dataclass
class _Entry:
    context: _Context
    row: Row
    text: str | None = None
    parent_text: str | None = None


@dataclass
class _Assembler:
    registry: BoardRegistry
    statuses: StatusVocabulary
    context: _Context = field(default_factory=_Context)
    entries: list[_Entry] = field(default_factory=list)
    last_row_was_activity: bool = False
    parent_text: str | None = None

    def feed(self, block: Paragraph | TableStart | Row) -> None:
        if isinstance(block, Paragraph):
            self._paragraph(block.text)
        elif isinstance(block, TableStart):
            self._new_table()
        else:
            self._row(self._reslot(block))

    # -- blocks --------------------------------------------------------------------------

    def _paragraph(self, text: str) -> None:
        if perspective := perspective_of(text):
            self.context = _Context(perspective=perspective)
        elif goal := municipal_goal_of(text):
            self.context = _Context(perspective=self.context.perspective, municipal_goal=goal)
        else:
            return
        self.last_row_was_activity = False
        self.parent_text = None

    def _new_table(self) -> None:
        self.context = _Context(
            perspective=self.context.perspective, municipal_goal=self.context.municipal_goal
        )
        self.last_row_was_activity = False
        self.parent_text = None

    def _row(self, row: Row) -> None:
        if row.continues_previous and self.entries and self.last_row_was_activity:
            self._continue_entry(row)
            return
        has_short = any(row.cell(role).strip() for role in SHORT_ROLES)
        goal_heading = assignment_heading_of(row.goal)
        if goal_heading and not row.activity.strip():
            row = replace(row, activity=row.goal, goal="")
        elif row.goal.strip():
            self._goal(row.goal, row.goal_is_title)
        if not row.activity.strip() and not has_short:
            if row.comment.strip() and self.entries and self.last_row_was_activity:
                entry = self.entries[-1]
                entry.row = replace(entry.row, comment=f"{entry.row.comment}\n{row.comment}")
            return
        heading = assignment_heading_of(row.activity)
        if heading:
            self.context = replace(self.context, assignment=heading, assignment_is_fresh=True)
            self.parent_text = None
            if row.deadline.strip() or row.status.strip():
                self._add_entry(row, text=heading.text)
            else:
                self.last_row_was_activity = False
            return
        if not (row.deadline.strip() or row.status.strip()):
            self.parent_text = compose_activity_text(row.activity) or None
            self.last_row_was_activity = False
            return
        self._add_entry(row)

    def _add_entry(self, row: Row, text: str | None = None) -> None:
        parent = None
        first_line = next((line for line in row.activity.splitlines() if line.strip()), "")
        if text is None and bullet_level(first_line)[0] == 1:
            parent = self.parent_text
        else:
            self.parent_text = None
        self.entries.append(_Entry(context=self.context, row=row, text=text, parent_text=parent))
        self.context = replace(self.context, assignment_is_fresh=False)
        self.last_row_was_activity = True

    def _continue_entry(self, row: Row) -> None:
        entry = self.entries[-1]
        merged = {}
        for role in ("activity", "boards", "deadline", "status", "comment"):
            before, more = entry.row.cell(role), row.cell(role)
            merged[role] = f"{before}\n{more}" if before.strip() and more.strip() else before + more
        entry.row = replace(entry.row, **merged)
        if row.goal.strip():
            self._goal(row.goal, False)

    def _goal(self, cell: str, is_title: bool | None) -> None:
        if is_title is None:
            first = normalise_space(cell)[:1]
            is_title = not first.islower()
        if not is_title and self.context.board_goal:
            description = join_lines([self.context.board_goal_description, cell])
            self.context = replace(self.context, board_goal_description=description)
            return
        title, description = split_board_goal(cell)
        if not title:
            return
        keep_assignment = self.context.assignment_is_fresh
        self.context = replace(
            self.context,
            board_goal=title,
            board_goal_description=description,
            assignment=self.context.assignment if keep_assignment else None,
        )
        if not keep_assignment:
            self.parent_text = None

    def _reslot(self, row: Row) -> Row:
        """Move short values to the cell they read as (a status written in the boards column)."""
        values = {role: normalise_space(row.cell(role)) for role in SHORT_ROLES}
        placed = dict.fromkeys(SHORT_ROLES, "")
        leftovers = []
        for role in SHORT_ROLES:
            value = values[role]
            if not value:
                continue
            kind = self._kind_of(value)
            target = kind if kind and not placed[kind] else role
            if placed[target]:
                leftovers.append(value)
            else:
                placed[target] = row.cell(role) if target == role else value
        if leftovers:
            placed["status"] = " ".join([placed["status"], *leftovers]).strip()
        return replace(row, **placed)

    def _kind_of(self, value: str) -> str | None:
        if self.registry.read(value):
            return "boards"
        if is_deadline(value):
            return "deadline"
        if self.statuses.is_status(value):
            return "status"
        return None


def assignment_heading_of(cell: str) -> AssignmentHeading | None:
    """The assignment a cell heads, or None when the cell is not an assignment heading.

    An assignment heading names itself: it starts 'Strategiskt utvecklingsuppdrag:' or ends with
    a '(... strategiskt utvecklingsuppdrag N)' label. A bulleted item is never one.
    """
    stripped = cell.strip()
    if not stripped or bullet_level(stripped.splitlines()[0])[0] is not None:
        return None
    heading = parse_assignment(stripped)
    return heading if heading.labelled and heading.text else None


def assemble(
    layout: Layout,
    *,
    source: str,
    format: str,
    board_registry: BoardRegistry = DEFAULT_BOARD_REGISTRY,
    statuses: StatusVocabulary = DEFAULT_STATUS_VOCABULARY,
) -> ParsedDocument:
    """Interpret a reader's layout as a `ParsedDocument`, with warnings."""
    title = normalise_space(" ".join(layout.title_lines)) or None
    document = ParsedDocument(source=source, format=format, title=title)
    document.organisation = find_organisation([title or "", layout.subtitle or ""])
    body = layout.body_text
    document.plan_year = find_plan_year(title, body)
    document.as_of = find_as_of(body)
    for code, message in layout.warnings:
        document.warn(code, message)
    assembler = _Assembler(registry=board_registry, statuses=statuses)
    for block in layout.blocks:
        assembler.feed(block)
    spellings: dict[str, set[str]] = defaultdict(set)
    for entry in assembler.entries:
        activity = _activity_from_entry(entry, document, board_registry, statuses, spellings)
        document.activities.append(activity)
    _warn_inconsistent_spellings(document, spellings)
    _warn_conflicting_duplicates(document)
    return document


def _activity_from_entry(
    entry: _Entry,
    document: ParsedDocument,
    registry: BoardRegistry,
    statuses: StatusVocabulary,
    spellings: dict[str, set[str]],
) -> ParsedActivity:
    row, context = entry.row, entry.context
    text = entry.text if entry.text is not None else compose_activity_text(row.activity)
    if entry.parent_text:
        text = f"{entry.parent_text}: {text}"
    text, carried_over_from = split_carry_over(text)
    deadline, postponed = parse_deadline(row.deadline)
    status = normalise_space(row.status)
    activity = ParsedActivity(
        text=text,
        perspective=context.perspective,
        municipal_goal=context.municipal_goal,
        board_goal=context.board_goal,
        board_goal_description=context.board_goal_description,
        assignment_text=context.assignment.text if context.assignment else None,
        assignment_number=context.assignment.number if context.assignment else None,
        assignment_kind=context.assignment.kind if context.assignment else None,
        deadline=deadline,
        postponed=postponed,
        carried_over_from=carried_over_from,
        status=status,
        status_category=statuses.category(status),
        comment=join_lines(row.comment.splitlines()),
    )
    label = _short(text)
    if row.boards.strip():
        reading = registry.read(row.boards)
        if reading is None:
            document.warn(
                "unreadable_boards",
                gettext("'%(activity)s': boards '%(boards)s' not understood")
                % {"activity": label, "boards": row.boards},
            )
        else:
            activity.boards = reading.codes
            for code in reading.unknown:
                document.warn(
                    "unknown_board",
                    gettext("'%(activity)s': unknown board code '%(code)s'")
                    % {"activity": label, "code": code},
                )
            for spelling, code in reading.spellings.items():
                spellings[code].add(spelling)
    if not status:
        document.warn(
            "missing_status", gettext("'%(activity)s' has no status") % {"activity": label}
        )
    elif activity.status_category is None:
        document.warn(
            "unknown_status",
            gettext("'%(activity)s': unknown status '%(status)s'")
            % {"activity": label, "status": status},
        )
    return activity


def _warn_inconsistent_spellings(document: ParsedDocument, spellings: dict[str, set[str]]) -> None:
    for code, written in sorted(spellings.items()):
        if len(written) > 1:
            forms = ", ".join(sorted(written))
            document.warn(
                "inconsistent_boards",
                gettext("board %(code)s is written as %(spellings)s")
                % {"code": code, "spellings": forms},
            )


def _warn_conflicting_duplicates(document: ParsedDocument) -> None:
    groups: dict[str, list[ParsedActivity]] = defaultdict(list)
    for activity in document.activities:
        groups[text_key(activity.text)].append(activity)
    for copies in groups.values():
        if len(copies) < 2:
            continue
        label = _short(copies[0].text)
        deadlines = sorted({copy.deadline for copy in copies})
        statuses = sorted({copy.status for copy in copies})
        if len(deadlines) > 1:
            document.warn(
                "conflicting_deadlines",
                gettext("'%(activity)s' is listed %(count)s times with end dates %(values)s")
                % {"activity": label, "count": len(copies), "values": ", ".join(deadlines)},
            )
        if len(statuses) > 1:
            document.warn(
                "conflicting_statuses",
                gettext("'%(activity)s' is listed %(count)s times with statuses %(values)s")
                % {"activity": label, "count": len(copies), "values": ", ".join(statuses)},
            )


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
