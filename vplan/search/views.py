"""The search page: every year's plans at once, Swedish inflections, a page of results at a time."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vplan.followups.access import readable_plans
from vplan.paging import PAGE_PARAMETER, page_of
from vplan.search.documents import KINDS
from vplan.search.engines import COUNT_LIMIT
from vplan.search.forms import SearchForm
from vplan.search.results import SearchResults, search_results

PAGE_SIZE = 20


@dataclass(frozen=True)
class KindCount:
    """A link that narrows the results to one kind (or all: key ""), with its number of hits."""

    key: str
    label: str
    count: str
    url: str
    is_current: bool


def _shown(count: int) -> str:
    """A number of matches as the page shows it: beyond what a search counts, "more than"."""
    if count > COUNT_LIMIT:
        return _("more than %(limit)s") % {"limit": COUNT_LIMIT}
    return str(count)


def _kind_counts(request, results: SearchResults, chosen: str) -> list[KindCount]:
    def url(key: str) -> str:
        query = request.GET.copy()
        query.pop(PAGE_PARAMETER, None)
        query["kind"] = key
        return "?" + query.urlencode()

    counts = results.counts
    total = sum(min(count, COUNT_LIMIT + 1) for count in counts.values())
    links = [KindCount("", "", _shown(total), url(""), chosen == "")]
    for key, kind in KINDS.items():
        if counts[key]:
            label = str(kind.label_plural)
            links.append(KindCount(key, label, _shown(counts[key]), url(key), chosen == key))
    return links


@require_GET
def search_page(request):
    years = sorted(set(readable_plans(request.user).values_list("year", flat=True)), reverse=True)
    form = SearchForm(request.GET or None, years=years)
    page = kinds = None
    cut = False
    if form.is_valid() and form.cleaned_data["q"].strip():
        kind = form.cleaned_data["kind"]
        results = search_results(
            query=form.cleaned_data["q"],
            user=request.user,
            year=form.cleaned_data["year"],
            kinds=[kind] if kind else None,
        )
        page = page_of(request, results, page_size=PAGE_SIZE)
        kinds = _kind_counts(request, results, kind)
        cut = results.matches.is_cut()
    return render(
        request,
        "search/search.html",
        {"form": form, "page": page, "kinds": kinds, "cut": cut, "count_limit": COUNT_LIMIT},
    )
