"""Swedish words for search and comparison: normalised, without stop words, Snowball stems.

Shared by the full-text index (search) and by the lineage's comparison of activity texts.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# The Snowball project's Swedish stop word list (snowballstem.org/algorithms/swedish/stop.txt).
SWEDISH_STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
    mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från
    ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt
    mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några
    deras blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka
    ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas
    """.split()
)

_WORD = re.compile(r"[0-9a-zåäöéü]+")
_stemmer = snowballstemmer.stemmer("swedish")


def normalised_words(text: str) -> list[str]:
    """Lower-case words without punctuation; '&' reads as 'och'."""
    text = unicodedata.normalize("NFC", text or "").lower().replace("&", " och ")
    return _WORD.findall(text)


def normalised_text(text: str) -> str:
    return " ".join(normalised_words(text))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def content_stems(text: str) -> list[str]:
    """The stems of the words that carry meaning, in order."""
    return [stem(word) for word in normalised_words(text) if word not in SWEDISH_STOP_WORDS]


def stemmed_text(text: str) -> str:
    """Every word stemmed (stop words kept): what a full-text index stores and searches."""
    return " ".join(stem(word) for word in normalised_words(text))
