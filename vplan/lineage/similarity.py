"""How alike two activity texts are, in Swedish, however they were reworded.

Texts are normalised (lower case, '&' read as 'och', punctuation dropped), stop words removed and
every word reduced to its Snowball Swedish stem. Two texts are then compared in three ways that
fail in different places:

- the stems they share (cosine over tf-idf weighted stem counts): robust to reordering;
- character four-grams over the stems (tf-idf weighted cosine): Swedish glues words together
  ('matematikutveckling', 'kompetensutvecklingsinsats'), which word overlap alone misses;
- difflib's ratio over the normalised words: robust to small edits and spelling drift.

Rare stems weigh more than common ones: 'genomföra', 'insats' and 'utveckla' open half of all
activities and say little about which one is meant; 'Ekdalsskolan' or 'nyckeltal' say a lot.
The weights come from the texts being compared (`Vocabulary`). Nothing here touches the database.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from vplan.swedish.words import content_stems, normalised_text


def four_grams(stems: Iterable[str]) -> Counter:
    grams: Counter = Counter()
    for word in stems:
        padded = f" {word} "
        if len(padded) <= 4:
            grams[padded] += 1
        else:
            grams.update(padded[i : i + 4] for i in range(len(padded) - 3))
    return grams


@dataclass
class TextProfile:
    """What the comparisons need of one text, computed once per text."""

    joined_words: str
    stems: Counter
    grams: Counter
    stem_vector: dict | None = None
    stem_norm: float = 0.0
    gram_vector: dict | None = None
    gram_norm: float = 0.0

    @classmethod
    def of(cls, text: str) -> "TextProfile":
        stems = content_stems(text)
        return cls(
            joined_words=normalised_text(text), stems=Counter(stems), grams=four_grams(stems)
        )


class Vocabulary:
    """Inverse document frequencies over the texts being compared, applied to their profiles."""

    def __init__(self, profiles: list[TextProfile]):
        self.count = len(profiles)
        stem_df: Counter = Counter()
        gram_df: Counter = Counter()
        for profile in profiles:
            stem_df.update(profile.stems.keys())
            gram_df.update(profile.grams.keys())
        for profile in profiles:
            profile.stem_vector, profile.stem_norm = self._weigh(profile.stems, stem_df)
            profile.gram_vector, profile.gram_norm = self._weigh(profile.grams, gram_df)

    def _weigh(self, counts: Counter, df: Counter) -> tuple[dict, float]:
        vector = {
            key: n * (math.log((self.count + 1) / (df[key] + 1)) + 1.0) for key, n in counts.items()
        }
        return vector, math.sqrt(sum(w * w for w in vector.values()))


def weighted_profiles(texts: list[str]) -> list[TextProfile]:
    profiles = [TextProfile.of(text) for text in texts]
    Vocabulary(profiles)
    return profiles


def _cosine(a: dict, a_norm: float, b: dict, b_norm: float) -> float:
    if not a_norm or not b_norm:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[key] for key, w in a.items() if key in b) / (a_norm * b_norm)


@dataclass(frozen=True)
class TextScores:
    stems: float
    grams: float
    ratio: float

    @property
    def combined(self) -> float:
        return 0.4 * self.stems + 0.4 * self.grams + 0.2 * self.ratio


def stem_and_gram_cosines(a: TextProfile, b: TextProfile) -> tuple[float, float]:
    return (
        _cosine(a.stem_vector, a.stem_norm, b.stem_vector, b.stem_norm),
        _cosine(a.gram_vector, a.gram_norm, b.gram_vector, b.gram_norm),
    )


def text_scores(a: TextProfile, b: TextProfile) -> TextScores:
    """Compare two weighted profiles (see `weighted_profiles`)."""
    stems, grams = stem_and_gram_cosines(a, b)
    ratio = SequenceMatcher(None, a.joined_words, b.joined_words, autojunk=False).ratio()
    return TextScores(stems=stems, grams=grams, ratio=ratio)


def text_similarity(a: str, b: str) -> float:
    """One number in [0, 1] for two texts compared on their own (weights from the two texts)."""
    first, second = weighted_profiles([a, b])
    return text_scores(first, second).combined


def set_overlap(a: set, b: set) -> float:
    """Jaccard over two small sets (boards, goal titles); 0 when either is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
