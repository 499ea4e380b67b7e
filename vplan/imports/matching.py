"""How the rows of a report are matched to what Vplan already holds, whatever the format.

The same report comes as extracted text, Word or PDF, and the renderings lose details: a Word or
PDF rendering cuts an assignment to its first words ('... kommunens totalförsvarsplanering och
...'), drops the assignment's kind ('Strategiskt utvecklingsuppdrag 1' instead of
'Kommungemensamt strategiskt utvecklingsuppdrag 1') and sometimes its number, and a PDF splits
a word of a comment ('Omvärldsbevakni ng') or cuts the comment short. So:

- an activity is its text, with case, punctuation and spacing ignored (`text_key`);
- an assignment is its number within the plan, and its text where one text begins the other;
- an activity's place is its perspective and goals, and its assignment's number where both
  the report and Vplan give one;
- a comment is the same when the texts agree, or one is the other cut short;
- a status is the same word in any case.
"""

from __future__ import annotations

import re

from vplan.plans.models import Assignment, Placement

from .normalise import normalise_space, text_key
from .parsed import ParsedActivity, ParsedDocument

# A shorter text is taken as a cut of a longer one only when it has this many letters at least.
SHORTEST_CUT = 20
# How the reports open an assignment given to every board ("Samtliga nämnder ska ...").
_COMMON_ASSIGNMENT = re.compile(r"^\s*samtliga\s+nämnder\b", re.IGNORECASE)


def is_cut_of(one: str, other: str) -> bool:
    """The two texts are the same, or the shorter is the start of the longer (a cut copy)."""
    ours, theirs = text_key(one), text_key(other)
    if ours == theirs:
        return True
    shorter, longer = sorted((ours, theirs), key=len)
    return len(shorter) >= SHORTEST_CUT and longer.startswith(shorter)


def same_status(one: str, other: str) -> bool:
    return normalise_space(one).casefold() == normalise_space(other).casefold()


def same_comment(one: str, other: str) -> bool:
    return is_cut_of(one, other)


def assignment_matches(assignment: Assignment, *, number: int | None, text: str) -> bool:
    """Whether a report's assignment (number and text as read) is this assignment of the plan."""
    if number is not None and assignment.number is not None and number != assignment.number:
        return False
    return is_cut_of(assignment.text, text)


def find_assignment(assignments, *, number: int | None, text: str) -> Assignment | None:
    """The plan's assignment a report row is listed under; a numbered match first."""
    matches = [a for a in assignments if assignment_matches(a, number=number, text=text)]
    matches.sort(key=lambda a: (a.number != number, -len(a.text)))
    return matches[0] if matches else None


def assignment_scope(item: ParsedActivity) -> str:
    """Common or board-specific: as the report says, else from its wording ('Samtliga
    nämnder ska' is common to all boards); a rendering that drops the kind does not make an
    assignment board-specific."""
    if item.assignment_kind == "municipal":
        return Assignment.Scope.COMMON
    if item.assignment_kind == "board":
        return Assignment.Scope.BOARD_SPECIFIC
    if _COMMON_ASSIGNMENT.match(item.assignment_text or ""):
        return Assignment.Scope.COMMON
    return Assignment.Scope.BOARD_SPECIFIC


def placement_matches(placement: Placement, item: ParsedActivity) -> bool:
    """Whether an activity's placement is the place a report row lists it in: the same
    perspective and goals, and the same assignment number where both give one (a rendering
    drops numbers, and makes an assignment heading of a line that was none)."""
    if placement.perspective.name != item.perspective:
        return False
    if _title(placement.municipal_goal) != item.municipal_goal:
        return False
    if _title(placement.board_goal) != item.board_goal:
        return False
    ours = placement.assignment.number if placement.assignment else None
    theirs = item.assignment_number if item.assignment_text else None
    return ours is None or theirs is None or ours == theirs


def _title(goal) -> str | None:
    return goal.title if goal is not None else None


def same_document(one: ParsedDocument, other: ParsedDocument) -> bool:
    """Two readings of one report: the same activities with the same end dates, boards,
    origins, statuses and comments (a comment may be cut short in one of them)."""
    if (one.plan_year, one.as_of) != (other.plan_year, other.as_of):
        return False
    ours, theirs = _first_rows(one), _first_rows(other)
    if ours.keys() != theirs.keys():
        return False
    return all(_same_row(ours[key], theirs[key]) for key in ours)


def _first_rows(document: ParsedDocument) -> dict[str, ParsedActivity]:
    rows: dict[str, ParsedActivity] = {}
    for item in document.activities:
        rows.setdefault(text_key(item.text), item)
    return rows


def _same_row(one: ParsedActivity, other: ParsedActivity) -> bool:
    return (
        text_key(one.deadline) == text_key(other.deadline)
        and one.postponed == other.postponed
        and sorted(one.boards) == sorted(other.boards)
        and one.carried_over_from == other.carried_over_from
        and same_status(one.status, other.status)
        and same_comment(one.comment, other.comment)
    )
