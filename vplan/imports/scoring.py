"""Measure a parse against a hand-checked ground-truth file (shared/groundtruth/SCHEMA.md).

Activities are paired in document order by text similarity (an alignment, so an activity listed
twice pairs with the right copy); detection precision, recall and F1 count the pairs, and each
field's accuracy is the share of pairs on which the field agrees. Text and comment agree at a
similarity of at least 0.9 (difflib ratio after whitespace normalisation); for rows the truth
marks `uncertain`, any goal reading is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from .normalise import normalise_space

FIELDS = (
    "status",
    "boards",
    "deadline",
    "postponed",
    "carried_over_from",
    "comment",
    "text",
    "goals",
    "assignment_number",
)
TEXT_SIMILARITY = 0.9
PAIRING_SIMILARITY = 0.6


def similarity(first: str | None, second: str | None) -> float:
    """difflib's ratio of two texts after whitespace normalisation (1.0 for two empty texts)."""
    a = normalise_space(first or "")
    b = normalise_space(second or "")
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=1 << 16)
def _pair_similarity(a: str, b: str) -> float:
    """The similarity pairing uses; cached, as the three forms of one report (text, Word, PDF)
    are scored against the same truth and mostly repeat its texts' pairs."""
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIRING_SIMILARITY:
        return 0.0
    if matcher.quick_ratio() < PAIRING_SIMILARITY:
        return 0.0
    return matcher.ratio()


def pair_activities(predicted: list[dict], truth: list[dict]) -> list[tuple[int, int]]:
    """Pairs (predicted index, truth index) of one in-order alignment maximising similarity."""
    texts_p = [normalise_space(a.get("text") or "") for a in predicted]
    texts_t = [normalise_space(a.get("text") or "") for a in truth]
    rows, cols = len(texts_p), len(texts_t)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            value = max(best[i - 1][j], best[i][j - 1])
            sim = _pair_similarity(texts_p[i - 1], texts_t[j - 1])
            if sim >= PAIRING_SIMILARITY:
                value = max(value, best[i - 1][j - 1] + sim)
            best[i][j] = value
    pairs = []
    i, j = rows, cols
    while i > 0 and j > 0:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
    return list(reversed(pairs))


def field_agrees(name: str, predicted: dict, truth: dict) -> bool:
    """Whether one field of a paired activity agrees with the truth."""
    if name in ("text", "comment"):
        return similarity(predicted.get(name), truth.get(name)) >= TEXT_SIMILARITY
    if name == "goals":
        if truth.get("uncertain"):
            return True
        return all(
            normalise_space(predicted.get(key) or "") == normalise_space(truth.get(key) or "")
            for key in ("municipal_goal", "board_goal")
        )
    if name == "boards":
        return sorted(predicted.get("boards") or []) == sorted(truth.get("boards") or [])
    if name in ("status", "deadline"):
        return normalise_space(predicted.get(name) or "") == normalise_space(truth.get(name) or "")
    return predicted.get(name) == truth.get(name)


@dataclass
class DocumentScore:
    """How one parse compares with its ground truth."""

    name: str
    predicted: int
    truth: int
    paired: int
    field_accuracy: dict[str, float] = field(default_factory=dict)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.paired / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.paired / self.truth if self.truth else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def worst(self) -> float:
        """The lowest of F1 and every field's accuracy: what a threshold is checked against."""
        return min([self.f1, *self.field_accuracy.values()])


def score_document(predicted: dict, truth: dict, name: str | None = None) -> DocumentScore:
    """Score a parse (schema dict, e.g. `--dry-run --json` output) against a truth file."""
    predicted_rows = predicted.get("activities") or []
    truth_rows = truth.get("activities") or []
    pairs = pair_activities(predicted_rows, truth_rows)
    score = DocumentScore(
        name=name or str(truth.get("source")),
        predicted=len(predicted_rows),
        truth=len(truth_rows),
        paired=len(pairs),
    )
    for field_name in FIELDS:
        agreeing = 0
        for p_index, t_index in pairs:
            p_row, t_row = predicted_rows[p_index], truth_rows[t_index]
            if field_agrees(field_name, p_row, t_row):
                agreeing += 1
            else:
                score.disagreements.append(
                    {
                        "field": field_name,
                        "truth_index": t_index,
                        "text": t_row.get("text"),
                        "predicted": _field_value(field_name, p_row),
                        "truth": _field_value(field_name, t_row),
                    }
                )
        score.field_accuracy[field_name] = agreeing / len(pairs) if pairs else 0.0
    paired_p = {p for p, _ in pairs}
    paired_t = {t for _, t in pairs}
    score.missed = [row.get("text", "") for i, row in enumerate(truth_rows) if i not in paired_t]
    score.spurious = [
        row.get("text", "") for i, row in enumerate(predicted_rows) if i not in paired_p
    ]
    return score


def _field_value(name: str, row: dict) -> Any:
    if name == "goals":
        return [row.get("municipal_goal"), row.get("board_goal")]
    return row.get(name)


def markdown_table(scores: list[DocumentScore]) -> str:
    """The scores as a Markdown table: one row per document."""
    header = ["document", "activities", "precision", "recall", "F1", *FIELDS]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    for score in scores:
        cells = [
            score.name,
            f"{score.predicted}/{score.truth}",
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            *[f"{score.field_accuracy.get(name, 0.0):.3f}" for name in FIELDS],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def default_shared_dir() -> Path:
    """The shared folder beside the repository (`../shared` from the repository root)."""
    return (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()
