"""Search across all years: what a user may read, with the matching words marked.

    results = search_results(query="skolan", user=request.user)   # lazy: nothing read yet
    results.count(), results.counts                                # one query: matches per kind
    results[0:20]                                                  # one page: activities, goals, assignments, comments; newest first

The page and the API page through `search_results` (vplan/paging.py, the API's limit/offset);
`search` is its first page as a list (the command line). Without a user (the command line) every
plan is searched.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vplan.followups.access import readable_plans, readable_rounds
from vplan.followups.models import StatusReport
from vplan.plans.models import Plan
from vplan.search.documents import KINDS
from vplan.search.engines import Hit, Matches, find
from vplan.search.inflections import WordTerms

SNIPPET_WORDS = 40
WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü]+")


@dataclass
class SearchResult:
    kind: str
    kind_label: str
    object: object
    plan: Plan
    text: str
    snippet: SafeString
    url: str
    round_label: str = ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.object.pk,
            "plan_id": self.plan.pk,
            "plan_year": self.plan.year,
            "administration": self.plan.administration.name,
            "round": self.round_label or None,
            "text": self.text,
            "url": self.url,
        }


def marked_snippet(text: str, terms: list[WordTerms], *, words: int = SNIPPET_WORDS) -> SafeString:
    """The part of `text` around the first match, matching words in <mark>, all else escaped.

    A word is marked when the search would match it (the same terms as the databases)."""
    found = list(WORD.finditer(text))
    matches = [
        i
        for i, word in enumerate(found)
        if any(term.matches(word.group().lower()) for term in terms)
    ]
    first = max(0, (matches[0] if matches else 0) - words // 3)
    last = min(len(found), first + words)
    if not found:
        return escape(text)
    begin = found[first].start() if first > 0 else 0
    end = found[last - 1].end() if last < len(found) else len(text)
    parts, position = [], begin
    for index in matches:
        if first <= index < last:
            word = found[index]
            parts.append(escape(text[position : word.start()]))
            parts.append(f"<mark>{escape(word.group())}</mark>")
            position = word.end()
    parts.append(escape(text[position:end]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # every piece is escaped


def _readable(user) -> tuple[list[int] | None, list[int] | None]:
    if user is None:
        return None, None
    plan_ids = list(readable_plans(user).values_list("pk", flat=True))
    round_ids = list(readable_rounds(user).values_list("pk", flat=True))
    return plan_ids, round_ids


def _objects(hits: list[Hit]) -> dict[tuple[str, int], object]:
    """The hit objects, one query per kind that has hits."""
    wanted: dict[str, list[int]] = {}
    for hit in hits:
        wanted.setdefault(hit.kind, []).append(hit.object_id)
    found = {}
    for key, ids in wanted.items():
        model = KINDS[key].model
        rows = model._base_manager.filter(pk__in=ids)
        if model is StatusReport:
            rows = rows.select_related("round", "activity")
        for obj in rows:
            found[(key, obj.pk)] = obj
    return found


def _url(kind: str, obj) -> str:
    if kind == "activity":
        return reverse("plans:activity", args=[obj.pk])
    if kind == "comment":
        return reverse("plans:activity", args=[obj.activity_id])
    return reverse("plans:plan", args=[obj.plan_id])


def _results(hits: list[Hit], terms: list[WordTerms]) -> list[SearchResult]:
    """The hits with their objects, plans and marked snippets: one query per kind and one for
    the plans, whatever the number of hits."""
    objects = _objects(hits)
    plans = Plan.objects.select_related("administration").in_bulk({hit.plan_id for hit in hits})
    results = []
    for hit in hits:
        obj = objects.get((hit.kind, hit.object_id))
        plan = plans.get(hit.plan_id)
        if obj is None or plan is None:  # removed between the two queries
            continue
        kind = KINDS[hit.kind]
        text = kind.text_of({name: getattr(obj, name) for name in kind.fields}).strip()
        results.append(
            SearchResult(
                kind=hit.kind,
                kind_label=str(kind.label),
                object=obj,
                plan=plan,
                text=text,
                snippet=marked_snippet(text, terms),
                url=_url(hit.kind, obj),
                round_label=obj.round.label if hit.kind == "comment" else "",
            )
        )
    return results


class SearchResults:
    """What matches a query, for a reader: counted per kind, read a page at a time.

    Pages like a queryset (`vplan.paging.page_of`, the API's limit/offset): `count()` is one
    query (the matches of every kind, `counts`), a slice is one query for the page of hits and
    one per kind on it for the objects."""

    def __init__(self, matches: Matches):
        self.matches = matches

    @property
    def counts(self) -> dict[str, int]:
        return self.matches.counts

    @property
    def words(self) -> list[str]:
        return [term.word for term in self.matches.terms]

    def count(self) -> int:
        return self.matches.count()

    def __len__(self) -> int:
        return self.count()

    def all(self) -> "SearchResults":
        return self

    def __getitem__(self, item) -> list[SearchResult]:
        return _results(self.matches[item], self.matches.terms)


def search_results(
    *,
    query: str,
    user=None,
    year: int | None = None,
    kinds: list[str] | None = None,
) -> SearchResults:
    """What matches `query` in every year's plans that `user` may read: by kind, newest
    first, at most COUNT_LIMIT of each kind (engines.Matches)."""
    plan_ids, round_ids = _readable(user)
    if year is not None:
        in_year = list(Plan.objects.filter(year=year).values_list("pk", flat=True))
        plan_ids = in_year if plan_ids is None else sorted(set(plan_ids) & set(in_year))
    return SearchResults(find(query, plan_ids=plan_ids, round_ids=round_ids, kinds=kinds))


def search(
    *,
    query: str,
    user=None,
    year: int | None = None,
    kinds: list[str] | None = None,
    limit: int = 50,
) -> list[SearchResult]:
    """The first `limit` results of `search_results`."""
    return search_results(query=query, user=user, year=year, kinds=kinds)[0:limit]
