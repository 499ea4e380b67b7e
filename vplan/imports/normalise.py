"""Normalisation shared by every reader: the vocabulary of follow-up reports.

Everything here is keyed to the documents' structure and domain vocabulary (perspectives, board
codes, statuses, month names, the "Kvarstår från YYYY" marker, bullets), never to the wording of
particular activities or goals.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from vplan.plans.perspectives import PERSPECTIVES
from vplan.swedish.months import MONTH_NUMBERS, MONTHS

# Column headings of the activity tables, by the role the column plays.
HEADER_ROLES = {
    "nämndmål": "goal",
    "mål": "goal",
    "aktivitet": "activity",
    "aktiviteter": "activity",
    "nämnd": "boards",
    "nämnder": "boards",
    "ansvarig nämnd": "boards",
    "slutdatum": "deadline",
    "slutfört": "deadline",
    "slutförd": "deadline",
    "klart": "deadline",
    "status": "status",
    "kommentar": "comment",
    "ev kommentar": "comment",
    "ev. kommentar": "comment",
    "kommentarer": "comment",
}

BULLETS_MAIN = "●•▪■·-–"
BULLETS_SUB = "○◦o"

CONJUNCTIONS = frozenset({"och", "eller", "samt", "respektive", "resp", "till", "som"})

_SPACE = re.compile(r"\s+")
_CARRY_OVER = re.compile(r"[\s,;]*\(?\s*kvarstår\s+från\s+(\d{4})\s*\)?\s*$", re.IGNORECASE)
_ASSIGNMENT_LABEL = re.compile(
    r"""\(?\s*
        (?:(?P<kind>kommungemensam[a-z]*|nämnds?[\s-]*specifik[a-z]*)\s+)?
        strategisk[a-z]*\s+utvecklingsuppdrag
        (?:\s+(?P<number>\d+))?
        (?:\s*\([^)]*\))?
        \s*\.?\s*\)?\s*\.?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ASSIGNMENT_PREFIX = re.compile(r"^\s*strategisk[a-z]*\s+utvecklingsuppdrag\s*:\s*", re.IGNORECASE)
_ASSIGNMENT_ANYWHERE = re.compile(r"strategisk[a-z]*\s+utvecklingsuppdrag", re.IGNORECASE)
_MUNICIPAL_GOAL = re.compile(r"^\s*kommunövergripande\s+mål\s*:\s*(.+?)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_AS_OF = re.compile(r"\bper\s+(?:den\s+)?(\d{1,2})\s+(" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
_ORGANISATION = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]*(?:- och [a-zåäö]+)?(?:förvaltning|nämnd)en)s?\b")


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


def text_key(text: str) -> str:
    """A comparison key for activity texts: case, punctuation and spacing ignored."""
    return re.sub(r"[\W_]+", "", text.casefold())


# --- lines, hyphenation and bullets -------------------------------------------------------


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines into one text, rejoining words split by a hyphen at a line end.

    'åtgärds-' + 'plan' becomes 'åtgärdsplan'; 'barn-' + 'och unga' stays 'barn- och unga'.
    """
    text = ""
    for raw in lines:
        line = normalise_space(raw)
        if not line:
            continue
        if not text:
            text = line
        elif _splits_word(text, line):
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


def _splits_word(before: str, after: str) -> bool:
    if not before.endswith("-") or len(before) < 3 or not before[-2].isalpha():
        return False
    first_word = after.split(" ", 1)[0]
    bare = first_word.rstrip(".,;:)")
    return bool(bare) and bare[0].islower() and bare.lower() not in CONJUNCTIONS


def bullet_level(line: str) -> tuple[int | None, str]:
    """The bullet level of a line (0 main, 1 sub, None for no bullet) and the text after it."""
    stripped = line.strip()
    if not stripped:
        return None, ""
    first = stripped[0]
    rest = stripped[1:]
    if first in BULLETS_SUB and (first != "o" or rest.startswith((" ", "\t"))):
        return 1, rest.strip()
    if first in BULLETS_MAIN and (first not in "-–" or rest.startswith((" ", "\t"))):
        return 0, rest.strip()
    return None, stripped


def compose_activity_text(cell: str) -> str:
    """Turn an activity cell (lines, bullets, sub-bullets) into the activity's one-line text.

    Main items are joined with '; ', sub-bullets (○) are appended to their parent after ': '.
    """
    items: list[tuple[list[str], list[list[str]]]] = []
    for line in cell.splitlines():
        if not line.strip():
            continue
        level, text = bullet_level(line)
        if level == 1 and items:
            items[-1][1].append([text])
        elif level is not None or not items:
            items.append(([text], []))
        elif items[-1][1]:
            items[-1][1][-1].append(text)
        else:
            items[-1][0].append(text)
    parts = []
    for main, subs in items:
        text = join_lines(main)
        sub_texts = [join_lines(sub) for sub in subs if join_lines(sub)]
        if sub_texts:
            text = f"{text}: {'; '.join(sub_texts)}" if text else "; ".join(sub_texts)
        if text:
            parts.append(text)
    return "; ".join(parts)


def split_carry_over(text: str) -> tuple[str, int | None]:
    """Remove a trailing 'Kvarstår från YYYY' marker; return the text and the year."""
    match = _CARRY_OVER.search(text)
    if not match:
        return text, None
    return text[: match.start()].rstrip(), int(match.group(1))


# --- deadlines ------------------------------------------------------------------------------

_MONTH_WORD = r"(?:" + "|".join(MONTHS) + r")"
_DEADLINE_UNIT = (
    r"(?:" + _MONTH_WORD + r"|q[1-4]|t[1-3]|tertial\s*[1-3]|delrapport\s*[1-3]"
    r"|delårsrapport(?:\s*[1-3])?|verksamhetsberättelse[n]?|årsskifte[t]?|löpande"
    r"|förskjuts\s+till\s+(?:" + _MONTH_WORD + r"\s+)?\d{4})"
)
DEADLINE_PATTERN = re.compile(
    r"(?:vecka\s+\d+\s*,?\s*)?"
    + _DEADLINE_UNIT
    + r"(?:\s*[/-]\s*"
    + _DEADLINE_UNIT
    + r")*(?:\s+\d{4})?\s*\**",
    re.IGNORECASE,
)


def is_deadline(text: str) -> bool:
    """Whether a whole cell reads as an end date ('December', 'Q4', 'Förskjuts till 2023*')."""
    cleaned = normalise_space(text)
    return bool(cleaned) and DEADLINE_PATTERN.fullmatch(cleaned) is not None


def parse_deadline(text: str) -> tuple[str, bool]:
    """The end date as written without its asterisk, and whether it carried one (postponed)."""
    cleaned = normalise_space(text)
    postponed = "*" in cleaned
    return normalise_space(cleaned.replace("*", "")), postponed


# --- statuses -------------------------------------------------------------------------------

DEFAULT_STATUSES: dict[str, str] = {
    "genomfört": "done",
    "genomförd": "done",
    "genomförda": "done",
    "klart": "done",
    "klar": "done",
    "slutfört": "done",
    "slutförd": "done",
    "avklarat": "done",
    "pågående": "ongoing",
    "pågår": "ongoing",
    "påbörjad": "ongoing",
    "påbörjat": "ongoing",
    "delvis genomfört": "ongoing",
    "delvis genomförd": "ongoing",
    "genomfört/pågående": "ongoing",
    "försenad": "ongoing",
    "försenat": "ongoing",
    "kvarstår": "not_started",
    "ej påbörjad": "not_started",
    "ej påbörjat": "not_started",
    "ej startad": "not_started",
    "ej startat": "not_started",
    "inte påbörjad": "not_started",
    "ej genomfört": "stopped",
    "ej genomförd": "stopped",
    "avslutad": "stopped",
    "avslutat": "stopped",
    "pausad": "stopped",
    "pausat": "stopped",
    "ej aktuellt": "stopped",
    "ej aktuell": "stopped",
    "struket i ib": "stopped",
    "struket": "stopped",
    "struken": "stopped",
}


class StatusVocabulary:
    """The status words a report may use, each mapped to an overview category."""

    def __init__(self, statuses: dict[str, str] | None = None) -> None:
        words = statuses if statuses is not None else DEFAULT_STATUSES
        self.categories = {normalise_space(k).casefold(): v for k, v in words.items()}
        alternatives = sorted(self.categories, key=len, reverse=True)
        body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in alternatives)
        self._prefix = re.compile(r"(?:" + body + r")(?![a-zåäö])", re.IGNORECASE)

    def category(self, status: str) -> str | None:
        """The category of a status as written, or None for an unknown status word.

        A composite status ('Grundskola - genomfört; Förskola - pågående') is done only when
        every part is done, otherwise ongoing.
        """
        cleaned = normalise_space(status)
        if not cleaned:
            return None
        if ";" in cleaned or " - " in cleaned:
            parts = [part.split(" - ")[-1] for part in re.split(r"[;\n]", cleaned) if part.strip()]
            categories = {self.category(part) for part in parts}
            if None in categories or not categories:
                return self._leading_category(cleaned)
            return "done" if categories == {"done"} else "ongoing"
        return self._leading_category(cleaned)

    def _leading_category(self, text: str) -> str | None:
        match = self._prefix.match(text)
        if not match:
            return None
        return self.categories.get(normalise_space(match.group(0)).casefold())

    def match_prefix(self, text: str) -> str | None:
        """The status word(s) the text starts with, as written, or None."""
        match = self._prefix.match(text)
        return match.group(0) if match else None

    def is_status(self, text: str) -> bool:
        """Whether a whole short cell is a status (possibly with a short reason after it)."""
        return self.category(text) is not None


DEFAULT_STATUS_VOCABULARY = StatusVocabulary()


# --- boards ---------------------------------------------------------------------------------

DEFAULT_BOARD_CODES = ("BOU", "BIN", "AN", "KOF", "SON", "ÄVN", "AMI", "SBN", "BMN", "KS")

_BOARD_SEPARATORS = re.compile(r"\s*(?:,|/|&|\+|\boch\b|\bsamt\b|\s)\s*", re.IGNORECASE)
_CODE_SHAPE = re.compile(r"^[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,4}$")


@dataclass(frozen=True)
class BoardReading:
    codes: list[str]
    unknown: list[str]
    spellings: dict[str, str]


class BoardRegistry:
    """The board codes a report may name; spellings (BiN, BIN, Bin) normalise to upper case."""

    def __init__(self, codes: Iterable[str] = DEFAULT_BOARD_CODES) -> None:
        self.codes = frozenset(code.upper() for code in codes)

    def is_code(self, token: str) -> bool:
        """A known code in any case, or an unknown token shaped like one (two capitals)."""
        bare = token.strip(".,;:()")
        if bare.upper() in self.codes:
            return True
        capitals = sum(1 for char in bare if char.isupper())
        return bool(_CODE_SHAPE.match(bare)) and capitals >= 2 and len(bare) <= 4

    def read(self, text: str) -> BoardReading | None:
        """Read a boards cell ('BiN och BoU'), or None when it is not a list of board codes."""
        tokens = [token for token in _BOARD_SEPARATORS.split(normalise_space(text)) if token]
        if not tokens or not all(self.is_code(token) for token in tokens):
            return None
        codes: list[str] = []
        unknown: list[str] = []
        spellings: dict[str, str] = {}
        for token in tokens:
            bare = token.strip(".,;:()")
            code = bare.upper()
            spellings[bare] = code
            if code not in self.codes and code not in unknown:
                unknown.append(code)
            if code not in codes:
                codes.append(code)
        return BoardReading(codes=sorted(codes), unknown=unknown, spellings=spellings)


DEFAULT_BOARD_REGISTRY = BoardRegistry()


# --- headings, goals and assignments -----------------------------------------------------------


def perspective_of(line: str) -> str | None:
    """The perspective a heading line names ('## Samhälle', 'Ekonomi '), or None."""
    cleaned = normalise_space(line.lstrip("#").strip()).rstrip(":")
    for name in PERSPECTIVES:
        if cleaned in (name, name.upper()):
            return name
    return None


def municipal_goal_of(line: str) -> str | None:
    """The goal in a 'Kommunövergripande mål: ...' line, or None."""
    match = _MUNICIPAL_GOAL.match(normalise_space(line.lstrip("#")))
    return match.group(1) if match else None


def header_role(cell: str) -> str | None:
    """The role of a table column from its heading ('Slutdatum 2020' is the deadline)."""
    cleaned = normalise_space(re.sub(r"\b\d{4}\b", "", cell)).casefold().rstrip(":")
    return HEADER_ROLES.get(cleaned)


def header_roles(cells: list[str]) -> list[str | None] | None:
    """The column roles of a header row, or None when the row is not an activity-table header."""
    roles = [header_role(cell) for cell in cells]
    if roles and not cells[0].strip() and "activity" not in roles:
        roles[0] = "activity"
    known = {role for role in roles if role}
    if "status" in known and len(known) >= 3 and ("activity" in known or "deadline" in known):
        return roles
    return None


@dataclass(frozen=True)
class AssignmentHeading:
    text: str
    number: int | None
    kind: str | None
    labelled: bool = False


def mentions_assignment(text: str) -> bool:
    """Whether a cell names a strategic development assignment ('strategiskt utvecklingsuppdrag')."""
    return _ASSIGNMENT_ANYWHERE.search(text) is not None


def parse_assignment(text: str) -> AssignmentHeading:
    """Split an assignment cell into its text, number and kind.

    Handles 'Strategiskt utvecklingsuppdrag: <text>' and '<text> (Kommungemensamt strategiskt
    utvecklingsuppdrag 4)' as well as a trailing paragraph 'Strategiskt utvecklingsuppdrag
    (budget 2020 ...)'.
    """
    cleaned = normalise_space(text)
    labelled = _ASSIGNMENT_PREFIX.match(cleaned) is not None
    cleaned = _ASSIGNMENT_PREFIX.sub("", cleaned)
    number = None
    kind = None
    match = _ASSIGNMENT_LABEL.search(cleaned)
    if match and match.start() > 0:
        labelled = True
        if match.group("number"):
            number = int(match.group("number"))
        if match.group("kind"):
            kind = "municipal" if match.group("kind").lower().startswith("kommun") else "board"
        cleaned = cleaned[: match.start()].rstrip()
    if cleaned.endswith("..."):
        cleaned = cleaned[:-3]
    return AssignmentHeading(text=cleaned.strip(), number=number, kind=kind, labelled=labelled)


def split_board_goal(text: str) -> tuple[str, str]:
    """Split a goal cell into its short title and its description sentence.

    The cell's lines are used where the source kept them ('Maximalt lärande' / 'Alla barn ...');
    a ' - ' separates them in some reports; in a single unmarked line the description starts at
    the first capitalised word after the title.
    """
    lines = [normalise_space(line) for line in text.splitlines() if normalise_space(line)]
    if not lines:
        return "", ""
    joined = join_lines(lines)
    dash = re.search(r"\s[-–]\s", joined)
    if dash and dash.start() > 0:
        return joined[: dash.start()].strip(), joined[dash.end() :].strip()
    if len(lines) > 1:
        for index in range(1, len(lines)):
            if lines[index][0].isupper():
                return join_lines(lines[:index]), join_lines(lines[index:])
        return joined, ""
    words = joined.split(" ")
    for index in range(1, len(words) - 2):
        if words[index][:1].isupper() and not words[index - 1].endswith(":"):
            return " ".join(words[:index]), " ".join(words[index:])
    return joined, ""


# --- document metadata ----------------------------------------------------------------------


def find_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def find_as_of(text: str) -> str | None:
    """The follow-up date ('31 december') from 'per den 31 december 2022'."""
    match = _AS_OF.search(normalise_space(text))
    if not match:
        return None
    return f"{int(match.group(1))} {match.group(2).lower()}"


def find_plan_year(title: str | None, body: str) -> int | None:
    """The plan's year: from the title, else 'verksamhetsplan YYYY', else the follow-up date."""
    if title and (year := find_year(title)):
        return year
    flat = normalise_space(body)
    match = re.search(r"verksamhetsplan\w*\s+(\d{4})\b", flat, re.IGNORECASE)
    if match:
        return int(match.group(1))
    match = re.search(
        r"\bper\s+(?:den\s+)?\d{1,2}\s+" + _MONTH_WORD + r"\s+(\d{4})\b", flat, re.IGNORECASE
    )
    if match:
        return int(match.group(1))
    return None


def find_organisation(lines: Iterable[str]) -> str | None:
    """The administration or board a title names ('Utbildningsförvaltningens ...')."""
    for line in lines:
        match = _ORGANISATION.search(line)
        if match:
            return match.group(1)
    return None


def as_of_date(as_of: str | None, year: int) -> datetime.date:
    """The date of a follow-up ('31 mars') in the plan's year; the year's end when not stated."""
    if as_of:
        day, _, month = as_of.partition(" ")
        if month in MONTH_NUMBERS and day.isdigit():
            return datetime.date(year, MONTH_NUMBERS[month], int(day))
    return datetime.date(year, 12, 31)
