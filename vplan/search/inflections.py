"""Which indexed words a Swedish query word stands for: its inflected forms and its compounds.

Both databases index the words of a text as they are written, only lower-cased (PostgreSQL:
`to_tsvector('simple', ...)`; SQLite: the FTS5 tables of migration 0003, filled with
`normalised_text`). All Swedish knowledge sits here, on the query side, in Python, so the same
query finds the same rows on both databases. A query word becomes a set of alternatives; a row
must hold one alternative of every word (stop words left out):

1. the word's possible base forms: the word itself and the word minus one inflectional ending,
   the base ending restored (skolans -> skolan -> skola; elevhälsan -> elevhälsa; områdena ->
   område; rektorn -> rektor; kompetensen -> kompetens);
2. each base form's Snowball stem (skola -> skol). A stem of PREFIX_MIN letters or more matches
   every indexed word that begins with it: all inflections (skolan, skolorna, skolans) and the
   compounds that begin with it (elevhälsa finds elevhälsoarbete, skola finds skolgård);
3. a shorter stem (bil, mål, år) would begin too many unrelated words, so it matches exactly the
   base form's inflections (bilen, bilar, bilarna, bilens, ...).

A compound is found by its first part, not by its last: "skola" does not find "grundskola"
(search for "grundskola"). "skal" does not find "skola": the stems differ (skal, skol).
"""

from dataclasses import dataclass

from vplan.swedish.words import SWEDISH_STOP_WORDS, normalised_words, stem

# A stem of this many letters matches as the beginning of a word; a shorter one only its forms.
PREFIX_MIN = 4
# A base form shorter than this is not tried (barn is not taken for bar + n).
BASE_MIN = 3

VOWELS = frozenset("aeiouyåäö")

# (ending, what replaces it): the inflections a query word may carry, longest first.
# Plural and definite forms of the noun declensions, the -n/-t of definite forms after a vowel.
ENDINGS = [
    ("ornas", "a"),
    ("orna", "a"),
    ("arnas", ""),
    ("arna", ""),
    ("ernas", ""),
    ("erna", ""),
    ("enas", "e"),
    ("ena", "e"),
    ("ors", "a"),
    ("or", "a"),
    ("ar", ""),
    ("er", ""),
    ("ens", ""),
    ("en", ""),
    ("ets", ""),
    ("et", ""),
    ("na", "e"),  # lärarna -> lärare
    ("orn", "or"),  # rektorn -> rektor
]
# A short stem matches exactly these forms of it (bil: bilen, bilar, bilarna, bilens; gat: gatan,
# gator; lär: lärare, läraren, lärarna). No bare -n after a consonant: bar + n is barn.
SHORT_STEM_FORMS = ["", "s", "a", "as", "an", "ans", "e", "es", "en", "ens", "et", "ets", "t"]
SHORT_STEM_FORMS += ["or", "ors", "orna", "ornas", "ar", "ars", "arna", "arnas"]
SHORT_STEM_FORMS += ["er", "ers", "erna", "ernas", "are", "ares", "aren", "arens"]
# After a stem's final vowel (sko, by): the -n, -t, -r forms.
SHORT_VOWEL_STEM_FORMS = ["", "s", "n", "ns", "t", "ts", "r", "rs", "rna", "rnas", "na", "nas"]


@dataclass(frozen=True)
class WordTerms:
    """What one query word matches: indexed words beginning with a prefix, or exact forms."""

    word: str
    prefixes: tuple[str, ...]
    exact: tuple[str, ...]

    def matches(self, indexed_word: str) -> bool:
        return indexed_word in self.exact or indexed_word.startswith(self.prefixes)

    def fts5(self) -> str:
        """The word as an FTS5 query: its alternatives joined by OR."""
        terms = [f'"{p}"*' for p in self.prefixes] + [f'"{e}"' for e in self.exact]
        return "(" + " OR ".join(terms) + ")"

    def tsquery(self) -> str:
        """The word as a PostgreSQL tsquery: its alternatives joined by |."""
        terms = [f"'{p}':*" for p in self.prefixes] + [f"'{e}'" for e in self.exact]
        return "(" + " | ".join(terms) + ")"


def base_forms(word: str) -> list[str]:
    """The word and what it may be an inflection of (one genitive -s and one ending off)."""
    words = [word]
    if word.endswith("s") and len(word) - 1 >= BASE_MIN:
        words.append(word[:-1])
    forms = []
    for candidate in words:
        forms.append(candidate)
        for ending, base_ending in ENDINGS:
            if candidate.endswith(ending):
                forms.append(candidate[: -len(ending)] + base_ending)
        if len(candidate) > BASE_MIN + 1 and candidate[-1] in "nt" and candidate[-2] in "ae":
            forms.append(candidate[:-1])  # skolan -> skola, området -> område (plan stays)
    unique = []
    for form in forms:
        if (form == word or len(form) >= BASE_MIN) and form not in unique:
            unique.append(form)
    return unique


def short_stem_forms(short_stem: str) -> set[str]:
    endings = SHORT_VOWEL_STEM_FORMS if short_stem[-1] in VOWELS else SHORT_STEM_FORMS
    return {short_stem + ending for ending in endings}


def word_terms(word: str) -> WordTerms:
    prefixes: set[str] = set()
    exact: set[str] = {word}
    for base in base_forms(word):
        base_stem = stem(base)
        if len(base_stem) >= PREFIX_MIN:
            prefixes.add(base_stem)
        else:
            exact |= short_stem_forms(base_stem) | {base}
    # A prefix that begins another is enough; an exact form a prefix matches is not needed.
    kept = sorted(p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes))
    return WordTerms(
        word=word,
        prefixes=tuple(kept),
        exact=tuple(sorted(e for e in exact if not e.startswith(tuple(kept)))),
    )


def query_terms(query: str) -> list[WordTerms]:
    """Every non-stop word of the query, each once, with what it matches."""
    terms, seen = [], set()
    for word in normalised_words(query):
        if word in SWEDISH_STOP_WORDS or word in seen:
            continue
        seen.add(word)
        terms.append(word_terms(word))
    return terms
