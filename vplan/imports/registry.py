"""The project's registries for imports: the boards and statuses of the database plus defaults.

Reports write board codes inconsistently (BiN, BIN, Bin); the parsers normalise them through a
`BoardRegistry` and warn about codes it does not know. Here the registry is the Board table's
codes and the usual codes of `normalise.DEFAULT_BOARD_CODES`, so a board added in Vplan is known
to the next import. Status words likewise: the default vocabulary and the Status table's words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.db.models import Q

from vplan.followups.models import Status
from vplan.organisation.boards import boards_like, usual_board_name, usual_display_code
from vplan.organisation.models import Administration, Board, canonical_board_code

from .normalise import DEFAULT_BOARD_CODES, DEFAULT_STATUSES, BoardRegistry, StatusVocabulary
from .parsed import ParsedDocument


def board_registry() -> BoardRegistry:
    """The codes the database knows, and the defaults."""
    return BoardRegistry([*DEFAULT_BOARD_CODES, *Board.objects.values_list("code", flat=True)])


def status_vocabulary() -> StatusVocabulary:
    """The default status words, and those of the Status table with their categories."""
    words = dict(DEFAULT_STATUSES)
    words.update(
        {
            name.casefold(): category
            for name, category in Status.objects.values_list("name", "category")
        }
    )
    return StatusVocabulary(words)


def board_display_code(code: str) -> str:
    """How a board an import creates is written: 'BiN' for BIN, else the code itself."""
    return usual_display_code(canonical_board_code(code))


@dataclass(frozen=True)
class BoardChoices:
    """What the user chose for the board codes of a report that are not boards of Vplan yet:
    `map_to` a code to an existing board (its id), or `create` a board for it (with this name).
    Nothing is created unless chosen here."""

    map_to: Mapping[str, int] = field(default_factory=dict)
    create: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BoardInDocument:
    """A board code a report names, and the board it stands for in Vplan.

    `board` is the board with that code, or the one the user mapped it to; `create_name` is set
    when the user chose to create a board for it; `suggestions` are boards with a similar code
    (BN and BIN) for a code that is neither.
    """

    code: str
    board: Board | None
    is_default: bool
    activity_count: int
    mapped: bool = False
    create_name: str = ""
    suggestions: tuple[Board, ...] = ()

    @property
    def is_known(self) -> bool:
        return self.board is not None or self.is_default

    @property
    def is_resolved(self) -> bool:
        """The import knows which board this code is: an existing one, or one to create."""
        return self.board is not None or bool(self.create_name)

    @property
    def usual_name(self) -> str:
        return usual_board_name(self.code)

    @property
    def display_code(self) -> str:
        if self.board is not None and not self.mapped:
            return self.board.display_code
        return board_display_code(self.code)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "display_code": self.display_code,
            "name": self.board.name if self.board else None,
            "board_id": self.board.pk if self.board else None,
            "known": self.is_known,
            "exists": self.board is not None and not self.mapped,
            "activities": self.activity_count,
            "mapped": self.mapped,
            "create": bool(self.create_name),
            "create_name": self.create_name or None,
            "resolved": self.is_resolved,
            "usual_name": self.usual_name or None,
            "suggestions": [
                {"id": board.pk, "display_code": board.display_code, "name": board.name}
                for board in self.suggestions
            ],
        }


def boards_for_mapping(administration: Administration | None):
    """The boards a report's code may be mapped to: the administration's, and those of none."""
    boards = Board.objects.select_related("replaced_by")
    if administration is None:
        return boards
    return boards.filter(Q(administration=administration) | Q(administration__isnull=True))


def boards_in(
    parsed: ParsedDocument,
    *,
    administration: Administration | None = None,
    choices: BoardChoices | None = None,
) -> list[BoardInDocument]:
    """Every board code of the report, in code order, with the board it stands for: the board
    of that code (BiN, BIN and Bin are one), else the user's choice, else suggestions."""
    choices = choices or BoardChoices()
    counts = Counter(code for activity in parsed.activities for code in activity.boards)
    existing = {board.code: board for board in Board.objects.filter(code__in=list(counts))}
    candidates = list(boards_for_mapping(administration))
    by_id = {board.pk: board for board in candidates}
    entries = []
    for code in sorted(counts):
        entry = BoardInDocument(
            code=code,
            board=existing.get(code),
            is_default=code in DEFAULT_BOARD_CODES,
            activity_count=counts[code],
        )
        if entry.board is None:
            entry = _chosen(entry, choices, by_id, candidates)
        entries.append(entry)
    return entries


def _chosen(entry: BoardInDocument, choices: BoardChoices, by_id, candidates) -> BoardInDocument:
    mapped = by_id.get(_as_int(choices.map_to.get(entry.code)))
    if mapped is not None:
        return replace(entry, board=mapped, mapped=True)
    name = (choices.create.get(entry.code) or "").strip()
    if name:
        return replace(entry, create_name=name)
    return replace(entry, suggestions=tuple(boards_like(entry.code, candidates)))


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BoardChoiceError(ValueError):
    """A board choice written as text ('BIN=BiN', 'XYZ=Name') that says nothing usable."""


def board_choices_from_text(
    *, parsed: ParsedDocument, map_board: list[str], create_board: list[str], create_boards: bool
) -> BoardChoices:
    """Board choices as the command line and the API write them: `map_board` 'CODE=BOARD'
    (a board's code or id), `create_board` 'CODE=NAME', `create_boards` the usual codes of the
    report under their usual names. Raises BoardChoiceError saying which value is wrong."""
    map_to = {}
    for code, target in _pairs(map_board, "map_board", "CODE=BOARD"):
        board = Board.objects.by_code(target).first()
        if board is None and target.isdigit():
            board = Board.objects.filter(pk=int(target)).first()
        if board is None:
            raise BoardChoiceError(f"map_board {code}={target}: no board {target!r}")
        map_to[code] = board.pk
    create = dict(_pairs(create_board, "create_board", "CODE=NAME"))
    if create_boards:
        for code in {code for item in parsed.activities for code in item.boards}:
            code = canonical_board_code(code)
            if usual_board_name(code) and code not in map_to:
                create.setdefault(code, usual_board_name(code))
    return BoardChoices(map_to=map_to, create=create)


def _pairs(values: list[str], option: str, shape: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        code, equals, target = value.partition("=")
        if not equals or not code.strip() or not target.strip():
            raise BoardChoiceError(f"{option} takes {shape}, not {value!r}")
        pairs.append((canonical_board_code(code), target.strip()))
    return pairs
