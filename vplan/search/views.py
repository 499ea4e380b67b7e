"""The search page: every year's plans at once, with Swedish stemming."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from vplan.followups.access import readable_plans
from vplan.search.forms import SearchForm
from vplan.search.results import search


@require_GET
def search_page(request):
    years = sorted(set(readable_plans(request.user).values_list("year", flat=True)), reverse=True)
    form = SearchForm(request.GET or None, years=years)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        kind = form.cleaned_data["kind"]
        results = search(
            query=form.cleaned_data["q"],
            user=request.user,
            year=form.cleaned_data["year"],
            kinds=[kind] if kind else None,
        )
    return render(request, "search/search.html", {"form": form, "results": results})
