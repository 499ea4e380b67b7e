"""Search every year's plans at once, with Swedish stemming: what the caller may read, best first.

The same search as the search page (vplan/search/views.py): `vplan.search.results.search` with
the caller as the reader, so an anonymous caller finds only what is published.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router

from vplan.api.access import user_of
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.search import SearchResultOut
from vplan.search.documents import KINDS
from vplan.search.results import search

router = Router(tags=["search"])


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
    return search(
        query=q,
        user=user_of(request),
        year=year,
        kinds=[kind] if kind else None,
        limit=limit,
    )
