"""The project's registries for imports: the boards and statuses of the database plus defaults.

Reports write board codes inconsistently (BiN, BIN, Bin); the parsers normalise them through a
`BoardRegistry` and warn about codes it does not know. Here the registry is the Board table's
codes and the usual codes of `normalise.DEFAULT_BOARD_CODES`, so a board added in Vplan is known
to the next import. Status words likewise: the default vocabulary and the Status table's words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vplan.followups.models import Status
from vplan.organisation.models import Board, canonical_board_code

from .normalise import DEFAULT_BOARD_CODES, DEFAULT_STATUSES, BoardRegistry, StatusVocabulary
from .parsed import ParsedDocument

# How the reports write the default codes, for boards an import creates.
DEFAULT_DISPLAY_CODES = {"BOU": "BoU", "BIN": "BiN", "KOF": "KoF"}


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
    return DEFAULT_DISPLAY_CODES.get(canonical_board_code(code), code)


@dataclass(frozen=True)
class BoardInDocument:
    """A board code a report names, and what Vplan knows of it."""

    code: str
    board: Board | None
    is_default: bool
    activity_count: int

    @property
    def is_known(self) -> bool:
        return self.board is not None or self.is_default

    @property
    def display_code(self) -> str:
        return self.board.display_code if self.board else board_display_code(self.code)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "display_code": self.display_code,
            "name": self.board.name if self.board else None,
            "board_id": self.board.pk if self.board else None,
            "known": self.is_known,
            "exists": self.board is not None,
            "activities": self.activity_count,
        }


def boards_in(parsed: ParsedDocument) -> list[BoardInDocument]:
    """Every board code of the report, in code order: the database's board, or none yet."""
    counts = Counter(code for activity in parsed.activities for code in activity.boards)
    existing = {board.code: board for board in Board.objects.filter(code__in=list(counts))}
    return [
        BoardInDocument(
            code=code,
            board=existing.get(code),
            is_default=code in DEFAULT_BOARD_CODES,
            activity_count=counts[code],
        )
        for code in sorted(counts)
    ]
