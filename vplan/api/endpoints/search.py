"""Search every year's plans at once, with Swedish stemming: what the caller may read, best first.

The same search as the search page (vplan/search/views.py): `vplan.search.results.search` with
the caller as the reader, so an anonymous caller finds only what is published.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from vplan.api.access import user_of
from vplan.api.schemas.common import ERRORS
from vplan.search.documents import KINDS
from vplan.search.results import search

router = Router(tags=["search"])


class SearchResultOut(Schema):
    kind: str = Field(description="What was found: " + ", ".join(KINDS))
    kind_label: str
    id: int = Field(description="The id of what was found (of the report, for a comment).")
    plan_id: int
    plan_year: int
    administration: str
    round: str | None = Field(description="The round of a status comment.")
    text: str
    snippet: str = Field(description="HTML: the text around the match, matching words in <mark>.")
    url: str = Field(description="The page that shows it.")


@router.get("/search", response={200: list[SearchResultOut], **ERRORS})
def search_plans(
    request,
    q: str = Query(..., max_length=200),
    year: int | None = None,
    kind: str | None = None,
    limit: int = Query(50, ge=1, le=200),
):
    """Every word of `q` in any inflection ('segregation' finds 'segregationen'). `year`: only
    that year's plans; `kind`: only activities, goals, assignments or status comments."""
    if not q.strip():
        raise ValidationError({"q": _("Write what to search for.")})
    if kind is not None and kind not in KINDS:
        raise ValidationError(
            {"kind": _("Choose one of: %(values)s.") % {"values": ", ".join(KINDS)}}
        )
    results = search(
        query=q,
        user=user_of(request),
        year=year,
        kinds=[kind] if kind else None,
        limit=limit,
    )
    return [
        {**result.as_dict(), "kind_label": result.kind_label, "snippet": str(result.snippet)}
        for result in results
    ]
