"""Which activity of last year's plan is this one? Scores and a one-to-one matching, no database.

The confidence of a pair (predecessor from year N-1, activity from year N) is

    0.7 × text similarity (similarity.py)
  + 0.3 × context: 0.6 × shared boards + 0.4 × shared board goals (Jaccard over each)
  + cues the documents give:
      +0.20 the activity says 'Kvarstår från N-1' (carried_over_from_year) but has no link yet
      +0.10 the predecessor's end date was moved into year N ('Förskjuts till N')
      +0.10 the activity's text opens with 'Fortsatt ...' / 'Fortsätta ...' (it continues something)
      +0.05 the predecessor was not done at its plan's last follow-up
cut to [0, 1]. Pairs at or above `THRESHOLD` are proposed; each activity and each predecessor
gets at most one proposal, the most confident first (greedy).

The weights and the threshold were chosen by reading two consecutive years' follow-up reports
side by side (see docs/multi-year.md): there is no larger labelled set to fit them on, so a
controller confirms or rejects every proposal.
"""

from dataclasses import dataclass, field
from functools import cached_property

from vplan.lineage.similarity import (
    TextProfile,
    set_overlap,
    stem_and_gram_cosines,
    text_scores,
    weighted_profiles,
)
from vplan.swedish.words import normalised_words

THRESHOLD = 0.54
TEXT_WEIGHT = 0.7
CONTEXT_WEIGHT = 0.3
BOARD_SHARE = 0.6
GOAL_SHARE = 0.4
MARKED_BONUS = 0.20
POSTPONED_INTO_YEAR_BONUS = 0.10
CONTINUATION_BONUS = 0.10
UNFINISHED_BONUS = 0.05
CONTINUATION_WORDS = frozenset({"fortsatt", "fortsatta", "fortsätta", "fortsätter", "fortsättning"})


@dataclass
class Candidate:
    """One activity as the matching sees it."""

    id: int
    text: str
    year: int
    boards: frozenset = frozenset()
    goals: frozenset = frozenset()
    finished: bool = False
    postponed_to_year: int | None = None
    marked_from_year: int | None = None
    profile: TextProfile | None = field(default=None, repr=False)

    @cached_property
    def opens_with_continuation(self) -> bool:
        words = normalised_words(self.text)
        return bool(words) and words[0] in CONTINUATION_WORDS


@dataclass(frozen=True)
class Proposal:
    predecessor_id: int
    activity_id: int
    confidence: float
    reasons: dict


def _cues(predecessor: Candidate, activity: Candidate) -> dict:
    return {
        "marked": activity.marked_from_year == predecessor.year,
        "postponed_into_year": predecessor.postponed_to_year == activity.year,
        "continues": activity.opens_with_continuation,
        "unfinished": not predecessor.finished,
    }


def _cue_bonus(cues: dict) -> float:
    return (
        MARKED_BONUS * cues["marked"]
        + POSTPONED_INTO_YEAR_BONUS * cues["postponed_into_year"]
        + CONTINUATION_BONUS * cues["continues"]
        + UNFINISHED_BONUS * cues["unfinished"]
    )


def score_pair(predecessor: Candidate, activity: Candidate, *, threshold: float = 0.0):
    """(raw score, reasons), or None when the pair cannot reach `threshold` whatever its wording."""
    cues = _cues(predecessor, activity)
    boards = set_overlap(predecessor.boards, activity.boards)
    goals = set_overlap(predecessor.goals, activity.goals)
    fixed = CONTEXT_WEIGHT * (BOARD_SHARE * boards + GOAL_SHARE * goals) + _cue_bonus(cues)
    stems, grams = stem_and_gram_cosines(predecessor.profile, activity.profile)
    # difflib is the slow part: skip it where even a perfect ratio would not lift the pair.
    if fixed + TEXT_WEIGHT * (0.4 * stems + 0.4 * grams + 0.2) < threshold:
        return None
    text = text_scores(predecessor.profile, activity.profile)
    raw = TEXT_WEIGHT * text.combined + fixed
    reasons = {
        "text": round(text.combined, 3),
        "boards": round(boards, 3),
        "goals": round(goals, 3),
        **cues,
    }
    return raw, reasons


def propose_matches(
    predecessors: list[Candidate],
    activities: list[Candidate],
    *,
    threshold: float = THRESHOLD,
    excluded: set[tuple[int, int]] = frozenset(),
    progress=None,
) -> list[Proposal]:
    """One-to-one proposals, most confident first.

    `excluded` holds (predecessor id, activity id) pairs never to propose (rejected before);
    `progress(n)` is called per activity scored.
    """
    profiles = weighted_profiles([c.text for c in predecessors] + [c.text for c in activities])
    for candidate, profile in zip([*predecessors, *activities], profiles, strict=True):
        candidate.profile = profile
    scored = []
    for activity in activities:
        for predecessor in predecessors:
            if (predecessor.id, activity.id) in excluded:
                continue
            result = score_pair(predecessor, activity, threshold=threshold)
            if result and result[0] >= threshold:
                scored.append((result[0], predecessor.id, activity.id, result[1]))
        if progress:
            progress(1)
    scored.sort(key=lambda row: (-row[0], row[1], row[2]))
    taken_predecessors: set[int] = set()
    taken_activities: set[int] = set()
    proposals = []
    for raw, predecessor_id, activity_id, reasons in scored:
        if predecessor_id in taken_predecessors or activity_id in taken_activities:
            continue
        taken_predecessors.add(predecessor_id)
        taken_activities.add(activity_id)
        confidence = round(min(1.0, max(0.0, raw)), 3)
        proposals.append(Proposal(predecessor_id, activity_id, confidence, reasons))
    return proposals
