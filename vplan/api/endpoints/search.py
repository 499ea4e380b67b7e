"""Search every year's plans at once, Swedish inflections included: what the caller may read,
newest first within each kind, a page at a time (`limit`/`offset`).

The same search as the search page (vplan/search/views.py): `vplan.search.results.search_results`
with the caller as the reader, so an anonymous caller finds only what is published.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router

from vplan.api.access import user_of
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.search import SearchResultOut
from vplan.search.documents import KINDS
from vplan.search.results import search_results

router = Router(tags=["search"])


@router.get("/search", response={200: list[SearchResultOut], **ERRORS})
@paged
def search_plans(
    request,
    q: str = Query(..., max_length=200),
    year: int | None = None,
    kind: str | None = None,
):
    """Every word of `q` in any inflection ('skola' finds 'skolan', 'skolornas' and words that
    begin with it, such as 'skolgården'). Activities first, then goals, assignments and status comments, each
    newest first, at most 1,000 of each kind (`count` says how many the list holds). `year`: only that year's plans;
    `kind`: only activities, goals, assignments or status comments. Paged: `limit`, `offset`;
    `count` is the number of matches."""
    if not q.strip():
        raise ValidationError({"q": _("Write what to search for.")})
    if kind is not None and kind not in KINDS:
        raise ValidationError(
            {"kind": _("Choose one of: %(values)s.") % {"values": ", ".join(KINDS)}}
        )
    return search_results(query=q, user=user_of(request), year=year, kinds=[kind] if kind else None)
