"""Read a strategic object plan written as Markdown text with tables (tab-separated rows whose
cells may hold HTML, read by tab_tables.py as a report's are), as the object plan documents are
exported, into a ParsedObjectPlan, which vplan.objectplans.load writes.

What the reader relies on is the structure an object plan has, not the wording of one document:
- the title in bold before the first heading ("... objektet <name> för år <year>");
- a period written as two ISO dates ("2022-01-01 – 2022-12-31");
- tables recognised by their header row: "Version", "Styrande dokument", "Mål" with
  "Beskrivning", "VM/VU" with "Budget" (and "Prognos"), "Nämnd" with "VM/VU", "Nämnd" with "Budget";
- the sections "Syfte ...", "Bakgrund ..." and "Långsiktiga mål <unit>";
- bullet lists: in the background, a list introduced by a sentence about delays is last year's
  delays, one about costs or calculations the overruns; the list right after the budget table
  explains the difference to last year's forecast; a list item naming N boards and N shares
  ("... BoU och BIN ... 70/30") is an allocation key, other items of that list financing
  principles; in the governing documents, a list under a short bold heading (a unit such as
  "UF" or "KOF:") is that unit's prioritised activities.
Stated totals are checked against the lines: a mismatch is an error naming the line.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from vplan.objectplans.money import parse_amount
from vplan.objectplans.parsed import (
    ParsedActivity,
    ParsedAllocationKey,
    ParsedBudgetLine,
    ParsedGoal,
    ParsedGoalArea,
    ParsedGoverningDocument,
    ParsedObjectPlan,
    ParsedRole,
    ParsedSubgoal,
    ParsedVersion,
)
from vplan.organisation.models import canonical_board_code
from vplan.swedish.months import MONTH_NUMBERS

from .tab_tables import cell_blocks, cell_text, is_table_row, row_cells

KINDS = ("VM", "VU")
BULLETS = "●•○◦▪■–-*·"


class ObjectPlanParseError(ValueError):
    """What is wrong with the document and on which line."""

    def __init__(self, message: str, *, line: int | None = None, source: str = ""):
        self.message = message
        self.line = line
        self.source = source
        where = ""
        if source or line:
            where = f"{source}{':' if source and line else ''}{line or ''}: "
        super().__init__(f"{where}{message}")


# --- Cells (their HTML is read by tab_tables.py) ------------------------------------------------


def strip_bullet(text: str) -> str:
    return text.lstrip(BULLETS + " \u00a0").strip()


def clean_heading(text: str) -> str:
    return " ".join(text.split()).strip().rstrip(":").strip()


# --- The document: sections of paragraphs, lists and tables -----------------------------------


@dataclass
class Paragraph:
    text: str
    line: int


@dataclass
class BulletList:
    items: list[str]
    line: int


@dataclass
class Row:
    cells: list[str]
    line: int

    def text(self, index: int) -> str:
        return cell_text(self.cells[index]) if index is not None and index < len(self.cells) else ""


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    line: int

    def column(self, *words: str, exclude: tuple[str, ...] = ()) -> int | None:
        """The first column whose header contains one of `words` (case-insensitive)."""
        for index, title in enumerate(self.header):
            lowered = title.lower()
            if any(word in lowered for word in words) and not any(x in lowered for x in exclude):
                return index
        return None


@dataclass
class Section:
    heading: str
    line: int
    blocks: list = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [block for block in self.blocks if isinstance(block, Paragraph)]

    def text(self) -> str:
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs())


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•●○]|\d+[.)])\s+(.*)$")
_DASHES = re.compile(r"^[-\s|:]*$")


def _plain(text: str) -> str:
    return " ".join(cell_text(text).split())


def split_sections(text: str) -> tuple[list[str], list[Section]]:
    """The lines before the first heading, and the sections with their blocks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    preamble: list[str] = []
    sections: list[Section] = []
    index = 0
    current: Section | None = None
    paragraph: list[str] = []
    paragraph_line = 0

    def end_paragraph():
        nonlocal paragraph
        if paragraph and current is not None:
            joined = _plain(" ".join(paragraph))
            if joined:
                current.blocks.append(Paragraph(joined, paragraph_line))
        paragraph = []

    while index < len(lines):
        line = lines[index]
        number = index + 1
        heading = _HEADING.match(line)
        if heading:
            end_paragraph()
            current = Section(_plain(heading.group(2)), number)
            sections.append(current)
            index += 1
            continue
        if current is None:
            preamble.append(line)
            index += 1
            continue
        if is_table_row(line):
            end_paragraph()
            table_lines = []
            while index < len(lines):
                if is_table_row(lines[index]):
                    table_lines.append((index + 1, lines[index]))
                    index += 1
                elif not lines[index].strip():
                    ahead = index
                    while ahead < len(lines) and not lines[ahead].strip():
                        ahead += 1
                    if ahead < len(lines) and is_table_row(lines[ahead]):
                        index = ahead
                    else:
                        break
                else:
                    break
            current.blocks.append(_table(table_lines))
            continue
        item = _LIST_ITEM.match(line)
        if item:
            end_paragraph()
            last = current.blocks[-1] if current.blocks else None
            text_of_item = _plain(item.group(1))
            if isinstance(last, BulletList) and last.line + len(last.items) >= number - 1:
                last.items.append(text_of_item)
            else:
                current.blocks.append(BulletList([text_of_item], number))
            index += 1
            continue
        if not line.strip():
            end_paragraph()
        else:
            if not paragraph:
                paragraph_line = number
            paragraph.append(line.strip())
        index += 1
    end_paragraph()
    return preamble, sections


def _table(numbered_lines: list[tuple[int, str]]) -> Table:
    rows: list[Row] = []
    for number, line in numbered_lines:
        cells = row_cells(line)
        if all(_DASHES.match(cell) for cell in cells):
            continue  # a rule under the table
        if rows and not cells[0] and len(rows) > 1 and any(cells):
            # A row continued (e.g. over a page break): its cells belong to the row above.
            previous = rows[-1]
            for position, cell in enumerate(cells):
                if not cell:
                    continue
                while len(previous.cells) <= position:
                    previous.cells.append("")
                previous.cells[position] = f"{previous.cells[position]} {cell}".strip()
            continue
        rows.append(Row(cells, number))
    header = [_plain(cell) for cell in rows[0].cells] if rows else []
    return Table(header, rows[1:], numbered_lines[0][0])


# --- Values -------------------------------------------------------------------------------------


def parse_date(text: str, *, line: int | None = None) -> datetime.date | None:
    """'2021-09-29', '29/9 2021', '29/9/2021', '29.9.2021', '29 september 2021'; '' is None."""
    text = " ".join(text.split())
    if not text:
        return None
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            year, month, day = (int(group) for group in match.groups())
        elif match := re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{1,2})(?:\s+|\s*[/.]\s*)(\d{4})", text):
            day, month, year = (int(group) for group in match.groups())
        elif match := re.fullmatch(r"(\d{1,2})\s+([a-zåäö]+)\s+(\d{4})", text.lower()):
            day, year = int(match.group(1)), int(match.group(3))
            month = MONTH_NUMBERS[match.group(2)]
        else:
            raise ValueError(text)
        return datetime.date(year, month, day)
    except (ValueError, KeyError) as error:
        raise ObjectPlanParseError(f"Cannot read the date {text!r}", line=line) from error


def _amount(text: str, *, line: int) -> Decimal:
    try:
        return parse_amount(_plain(text))
    except ValueError as error:
        raise ObjectPlanParseError(str(error), line=line) from error


def _initials(name: str) -> str:
    words = re.findall(r"[A-ZÅÄÖ][\wåäöÅÄÖ-]*", name)
    return "".join(word[0] for word in words)


def _unit_of_heading(rest: str) -> str:
    for group in reversed(re.findall(r"\(([^)]*)\)", rest)):
        codes = re.findall(r"\b[A-ZÅÄÖ]{2,}\b", group)
        if codes:
            return codes[-1]
    codes = re.findall(r"\b[A-ZÅÄÖ]{2,}\b", rest)
    return codes[-1] if codes else rest.strip()


# --- The reader ----------------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:–|-|—|till|to)\s*(\d{4}-\d{2}-\d{2})")
_SHARES = re.compile(r"\b(\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?)+)\b")
_KIND_DEFINITION = re.compile(r"^(VM|VU)\s*[=:]\s*(.+)$")
_ROLE = re.compile(r"^(objektägare|objektledare|OÄ|OL)\s*[:–-]\s*(.+)$", re.IGNORECASE)
_SUBGOAL = re.compile(r"^(\d+:\d+)\s*[,.:–-]?\s*(.*)$")
_DELAY_WORDS = re.compile(r"försen|förskjut|tidsplan|fördröj|flyttats fram|försenad", re.I)
_OVERRUN_WORDS = re.compile(r"ekonomisk|kalkyl|budget|kostnad|överskrid|dyrare", re.I)


def looks_like_object_plan(text: str) -> bool:
    """A strategic object plan: says so near the top and budgets in VM and VU."""
    head = text[:3000].lower()
    return (
        "objektplan" in head
        and bool(re.search(r"\bVM\b", text))
        and bool(re.search(r"\bVU\b", text))
    )


def parse_object_plan(path) -> ParsedObjectPlan:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ObjectPlanParseError("The file is not UTF-8 text.", source=path.name) from error
    return parse_object_plan_text(text, source=path.name)


def parse_object_plan_text(text: str, *, source: str = "") -> ParsedObjectPlan:
    try:
        return _Reader(text, source).read()
    except ObjectPlanParseError as error:
        if not error.source:
            raise ObjectPlanParseError(error.message, line=error.line, source=source) from error
        raise


class _Reader:
    def __init__(self, text: str, source: str):
        self.text = text
        self.source = source
        self.preamble, self.sections = split_sections(text)

    def tables(self):
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    yield section, block

    def lists(self):
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, BulletList):
                    yield section, block

    def read(self) -> ParsedObjectPlan:
        title, object_name, year = self.title()
        period_start, period_end = self.period(year)
        lines, forecast, explanation = self.budget()
        known_boards = {line.board for line in lines}
        keys, principles = self.financing(known_boards)
        delays, overruns, background, reasons = self.follow_up()
        documents, activities = self.governing_documents()
        return ParsedObjectPlan(
            source=self.source,
            title=title,
            object=object_name,
            object_short=self.short_name(object_name),
            year=year,
            period_start=period_start,
            period_end=period_end,
            versions=self.versions(),
            roles=self.roles(),
            purpose=self.section_text("syfte"),
            background=background,
            delays=delays,
            over_budget=overruns,
            follow_up_reasons=reasons,
            direction=self.direction(),
            governing_documents=documents,
            goal_areas=self.goal_areas(),
            activities=activities,
            kind_definitions=self.kind_definitions(),
            budget_lines=lines,
            previous_year_forecast=forecast,
            forecast_explanation=explanation,
            financing_principles=principles,
            allocation_keys=keys,
        )

    # The title, the object and the year.
    def title(self) -> tuple[str, str, int]:
        preamble = "\n".join(self.preamble)
        match = re.search(r"\*\*(.+?)\*\*", preamble, re.S)
        if match:
            title = " ".join(match.group(1).split())
        else:
            heading = next((s for s in self.sections if "objektplan" in s.heading.lower()), None)
            if heading is None:
                raise ObjectPlanParseError(
                    "No title: expected the plan's title in bold at the top."
                )
            title = heading.heading
        years = re.findall(r"\b(\d{4})\b", title)
        if not years:
            raise ObjectPlanParseError(f"The title {title!r} names no year.", line=1)
        year = int(years[-1])
        named = re.search(r"objekt(?:et)?\s+(.+?)\s+(?:för\s+)?(?:år\s+)?\d{4}", title, re.I)
        if not named:
            raise ObjectPlanParseError(
                f"The title {title!r} does not name the object ('... objektet <name> för år ...').",
                line=1,
            )
        return title, named.group(1).strip(" ,"), year

    def short_name(self, object_name: str) -> str:
        """The acronym the document uses in parentheses for the object, else its initials."""
        initials = _initials(object_name)
        acronyms = re.findall(r"\(([A-ZÅÄÖ]{2,10})\)", self.text)
        for acronym in acronyms:
            if acronym == initials:
                return acronym
        return initials

    def period(self, year: int) -> tuple[datetime.date, datetime.date]:
        match = _PERIOD.search(self.text)
        if match is None:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        line = self.text[: match.start()].count("\n") + 1
        start, end = (parse_date(group, line=line) for group in match.groups())
        if end < start:
            raise ObjectPlanParseError(
                f"The period ends before it starts: {match.group(0)}", line=line
            )
        return start, end

    def section_text(self, starts_with: str) -> str:
        return "\n\n".join(
            section.text()
            for section in self.sections
            if section.heading.lower().startswith(starts_with)
        )

    def versions(self) -> list[ParsedVersion]:
        from vplan.objectplans.models import state_for_version_number

        versions = []
        for _section, table in self.tables():
            number_column = table.column("version")
            if number_column is None:
                continue
            date_column = table.column("datum", "date")
            comment_column = table.column("kommentar", "comment", "beskrivning")
            for row in table.rows:
                number = _plain(row.cells[number_column]) if row.cells else ""
                if not re.fullmatch(r"\d+\.\d+", number):
                    continue
                versions.append(
                    ParsedVersion(
                        version=number,
                        date=parse_date(row.text(date_column), line=row.line),
                        comment=" ".join(row.text(comment_column).split()),
                        state=state_for_version_number(number),
                    )
                )
        return versions

    def roles(self) -> list[ParsedRole]:
        roles = []
        for section in self.sections:
            for paragraph in section.paragraphs():
                match = _ROLE.match(paragraph.text)
                if not match:
                    continue
                kind = "owner" if match.group(1).lower() in {"objektägare", "oä"} else "leader"
                for name in re.split(r",|\boch\b", match.group(2)):
                    if name.strip():
                        roles.append(ParsedRole(kind=kind, name=name.strip()))
        return roles

    def direction(self) -> str:
        texts = []
        for section, table in self.tables():
            if table.column("styrande") is not None and section.text():
                texts.append(section.text())
        for section in self.sections:
            if section.heading.lower().strip() == "långsiktiga mål" and section.text():
                texts.append(section.text())
        return "\n\n".join(texts)

    # Last year's follow-up, in the background section.
    def follow_up(self) -> tuple[list[str], list[str], str, str]:
        delays: list[str] = []
        overruns: list[str] = []
        background: list[str] = []
        reasons: list[str] = []
        for section in self.sections:
            if not section.heading.lower().startswith("bakgrund"):
                continue
            lead_in = ""
            seen_list = False
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    (reasons if seen_list else background).append(block.text)
                    lead_in = block.text
                elif isinstance(block, BulletList):
                    if _OVERRUN_WORDS.search(lead_in):
                        overruns.extend(block.items)
                    elif _DELAY_WORDS.search(lead_in):
                        delays.extend(block.items)
                    else:
                        (reasons if seen_list else background).extend(block.items)
                        continue
                    seen_list = True
                    if reasons == [] and background and background[-1] == lead_in:
                        background.pop()  # the lead-in belongs to the list
                    elif reasons and reasons[-1] == lead_in:
                        reasons.pop()
        return delays, overruns, "\n\n".join(background), "\n\n".join(reasons)

    # Governing documents, and the prioritised activities listed in them per unit.
    def governing_documents(self) -> tuple[list[ParsedGoverningDocument], list[ParsedActivity]]:
        documents: list[ParsedGoverningDocument] = []
        activities: list[ParsedActivity] = []
        for _section, table in self.tables():
            title_column = table.column("styrande", "dokument")
            if title_column is None:
                continue
            id_column = table.column("id", "nr") if table.column("id", "nr") != title_column else 0
            goal_column = table.column("mål", "inriktning")
            impact_column = table.column("påverkan", "effekt")
            for row in table.rows:
                number = _plain(row.cells[id_column]) if id_column is not None else ""
                if not number.isdigit():
                    continue
                documents.append(
                    ParsedGoverningDocument(
                        id=int(number),
                        document=_plain(row.cells[title_column])
                        if title_column < len(row.cells)
                        else "",
                        goal=row.text(goal_column),
                        impact=row.text(impact_column),
                    )
                )
                if goal_column is not None and goal_column < len(row.cells):
                    activities.extend(_unit_activities(row.cells[goal_column]))
        return documents, activities

    def goal_areas(self) -> list[ParsedGoalArea]:
        areas = []
        for section in self.sections:
            heading = section.heading
            if not heading.lower().startswith("långsiktiga mål"):
                continue
            rest = heading[len("långsiktiga mål") :].strip()
            if not rest:
                continue
            area = ParsedGoalArea(unit=_unit_of_heading(rest), heading=heading, text=section.text())
            for block in section.blocks:
                if isinstance(block, Table):
                    area.goals.extend(_goals(block))
            areas.append(area)
        return areas

    def kind_definitions(self) -> dict[str, str]:
        definitions = {}
        for section in self.sections:
            for paragraph in section.paragraphs():
                match = _KIND_DEFINITION.match(paragraph.text)
                if match:
                    definitions[match.group(1)] = match.group(2).strip()
        return definitions

    # The budget: lines per board and kind, checked against every total the document states.
    def budget(self) -> tuple[list[ParsedBudgetLine], Decimal | None, list[str]]:
        lines: list[ParsedBudgetLine] = []
        stated: list[tuple[str, Decimal, int]] = []  # (what, amount, line)
        forecast = None
        explanation: list[str] = []
        for section, table in self.tables():
            kind_column = table.column("vm/vu", "vm / vu", "typ")
            board_column = table.column("nämnd", "board")
            amount_column = table.column("budget")
            if amount_column is None:
                continue
            if kind_column is not None and board_column is None:
                forecast_column = table.column("prognos", "forecast")
                for row in table.rows:
                    label = _plain(row.cells[kind_column]).upper()
                    if label in KINDS:
                        stated.append(
                            (
                                f"kind {label}",
                                _amount(row.cells[amount_column], line=row.line),
                                row.line,
                            )
                        )
                    elif label.startswith("TOTAL"):
                        stated.append(
                            ("total", _amount(row.cells[amount_column], line=row.line), row.line)
                        )
                        if forecast_column is not None and row.text(forecast_column):
                            forecast = _amount(row.cells[forecast_column], line=row.line)
                explanation = self._list_after(section, table)
            elif kind_column is not None and board_column is not None:
                lines.extend(self._board_lines(table, stated))
            elif board_column is not None:
                for row in table.rows:
                    label = _plain(row.cells[board_column])
                    if not label:
                        continue
                    what = (
                        "total"
                        if "total" in label.lower()
                        else f"board {canonical_board_code(label)}"
                    )
                    stated.append(
                        (what, _amount(row.cells[amount_column], line=row.line), row.line)
                    )
        if stated and not lines:
            raise ObjectPlanParseError(
                "The budget states totals but has no table per board and kind (Nämnd, VM/VU, Budget).",
                line=stated[0][2],
            )
        self._check_totals(lines, stated)
        return lines, forecast, explanation

    def _board_lines(self, table: Table, stated: list) -> list[ParsedBudgetLine]:
        lines = []
        board_column = table.column("nämnd", "board")
        kind_column = table.column("vm/vu", "vm / vu", "typ")
        amount_column = table.column("budget")
        system_column = table.column("system")
        for row in table.rows:
            board_label = _plain(row.cells[board_column]) if row.cells else ""
            kind = _plain(row.cells[kind_column]).upper() if kind_column < len(row.cells) else ""
            if not board_label:
                continue
            amount = _amount(row.cells[amount_column], line=row.line)
            if "total" in board_label.lower():
                board = board_label[: board_label.lower().index("total")].strip()
                what = f"board {canonical_board_code(board)}" if board else "total"
                stated.append((what, amount, row.line))
                continue
            if kind not in KINDS:
                raise ObjectPlanParseError(
                    f"Budget line for {board_label}: the kind is {kind!r}, expected VM or VU.",
                    line=row.line,
                )
            lines.append(
                ParsedBudgetLine(
                    board=canonical_board_code(board_label),
                    kind=kind,
                    amount=amount,
                    system=row.text(system_column) if system_column is not None else "",
                )
            )
        return lines

    def _check_totals(self, lines: list[ParsedBudgetLine], stated) -> None:
        by_kind: dict[str, Decimal] = {}
        by_board: dict[str, Decimal] = {}
        for line in lines:
            by_kind[line.kind] = by_kind.get(line.kind, Decimal(0)) + line.amount
            by_board[line.board] = by_board.get(line.board, Decimal(0)) + line.amount
        total = sum(by_kind.values(), Decimal(0))
        for what, amount, line in stated:
            if what == "total":
                expected = total
            elif what.startswith("kind "):
                expected = by_kind.get(what[5:], Decimal(0))
            else:
                expected = by_board.get(what[6:], Decimal(0))
            if expected != amount:
                raise ObjectPlanParseError(
                    f"The document states {what} = {amount}, but its budget lines add up to "
                    f"{expected}.",
                    line=line,
                )

    def _list_after(self, section: Section, table: Table) -> list[str]:
        """The bullet list that follows a table, after at most one lead-in paragraph."""
        blocks = section.blocks
        position = blocks.index(table) + 1
        if position < len(blocks) and isinstance(blocks[position], Paragraph):
            position += 1
        if position < len(blocks) and isinstance(blocks[position], BulletList):
            return list(blocks[position].items)
        return []

    def financing(self, known_boards: set[str]) -> tuple[list[ParsedAllocationKey], list[str]]:
        keys: list[ParsedAllocationKey] = []
        principles: list[str] = []
        for _section, bullet_list in self.lists():
            found = [
                _allocation_key(item, known_boards, bullet_list.line) for item in bullet_list.items
            ]
            if not any(found):
                continue
            for item, key in zip(bullet_list.items, found, strict=True):
                if key:
                    keys.append(key)
                else:
                    principles.append(item)
        return keys, principles


def _unit_activities(html: str) -> list[ParsedActivity]:
    activities = []
    unit = ""
    for block in cell_blocks(html):
        if block.kind == "p" and block.bold and len(block.text) <= 40:
            unit = clean_heading(block.text)
        elif block.kind == "li" and unit:
            text = strip_bullet(block.text)
            if text:
                activities.append(ParsedActivity(unit=unit, text=text))
    return activities


def _goals(table: Table) -> list[ParsedGoal]:
    description_column = table.column("beskrivning", "description")
    title_column = table.column("mål", "goal", exclude=("beskrivning", "description"))
    if title_column is None:
        return []
    id_column = 0 if title_column != 0 else None
    goals = []
    for row in table.rows:
        number = _plain(row.cells[id_column]) if id_column is not None else ""
        if not number.isdigit():
            continue
        title = " ".join(row.text(title_column).split()).rstrip(" .;:").strip()
        description = []
        subgoals = []
        if description_column is not None and description_column < len(row.cells):
            for block in cell_blocks(row.cells[description_column]):
                text = strip_bullet(block.text)
                match = _SUBGOAL.match(text) if block.kind == "li" else None
                if match:
                    subgoals.append(
                        ParsedSubgoal(match.group(1), match.group(2).rstrip(" ;").strip())
                    )
                else:
                    description.append(block.text)
        goals.append(
            ParsedGoal(
                id=int(number), title=title, description="\n".join(description), subgoals=subgoals
            )
        )
    return goals


def _allocation_key(text: str, known_boards: set[str], line: int) -> ParsedAllocationKey | None:
    match = _SHARES.search(text)
    if not match:
        return None
    shares = [Decimal(part.strip().replace(",", ".")) for part in match.group(1).split("/")]
    words = re.findall(r"[A-Za-zÅÄÖåäö]+", text[: match.start()])
    if known_boards:
        boards = [canonical_board_code(w) for w in words if canonical_board_code(w) in known_boards]
    else:
        boards = [
            canonical_board_code(w)
            for w in words
            if re.fullmatch(r"[A-ZÅÄÖ][A-Za-zåäö]{0,3}[A-ZÅÄÖ]", w)
        ]
    if len(boards) < 2:
        return None  # a date like 29/9, or a ratio that names no boards
    if len(boards) != len(shares):
        raise ObjectPlanParseError(
            f"The allocation key {text!r} names {len(boards)} boards ({', '.join(boards)}) "
            f"but {len(shares)} shares.",
            line=line,
        )
    if sum(shares) <= 0:
        raise ObjectPlanParseError(f"The allocation key {text!r} has no positive share.", line=line)
    return ParsedAllocationKey(boards=boards, shares=shares, text=text)
