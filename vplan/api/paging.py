"""How every list of the API pages: `?limit=&offset=`, answered as `{"items": [...], "count": N}`.

Decorate a list endpoint with `@paged` under its `@router.get(..., response={200: list[X], ...})`
and return a queryset (lazy, its `select_related`/`prefetch_related` owned by the domain's
QuerySet method): the page then costs one COUNT and one slice, whatever the size of the list.

- `limit`: how many items (default API_PAGE_SIZE); more than API_MAX_LIMIT, 0 or a negative number
  is a 400 that names `limit` (refused, not clamped: a caller asking for 10,000 learns at once
  that it gets at most 500, instead of silently missing rows);
- `offset`: how many items to skip (default 0); negative is a 400 naming `offset`;
- `count`: how many items the whole list has, so a caller knows when to stop.

Both parameters and the paged response show in /api/openapi.json. The queryset keeps its order
with the primary key added last, so consecutive pages neither repeat nor skip a row.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

API_PAGE_SIZE = 100
API_MAX_LIMIT = 500


def in_stable_order(queryset: QuerySet) -> QuerySet:
    """The queryset in its own order with the primary key last, so that rows of equal sort
    keys keep one order between pages (an offset on an unstable order repeats and skips rows)."""
    if queryset.query.combinator:
        return queryset
    ordering = list(queryset.query.order_by)
    if not ordering and queryset.query.default_ordering:
        ordering = list(queryset.model._meta.ordering)
    names = {field.lstrip("-") for field in ordering if isinstance(field, str)}
    if names & {"pk", "id", queryset.model._meta.pk.name}:
        return queryset
    return queryset.order_by(*ordering, "pk")


class PageParams(Schema):
    limit: int = Field(
        API_PAGE_SIZE,
        ge=1,
        le=API_MAX_LIMIT,
        description=f"How many items to return (1-{API_MAX_LIMIT}; default {API_PAGE_SIZE}).",
    )
    offset: int = Field(0, ge=0, description="How many items to skip (default 0).")


class PageOut(Schema):
    items: list[Any]
    count: int = Field(description="How many items the whole list has (with the same filters).")


class ApiPagination(LimitOffsetPagination):
    Input = PageParams
    Output = PageOut

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=API_MAX_LIMIT, **kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: PageParams, request: HttpRequest, **params: Any
    ) -> Any:
        if isinstance(queryset, QuerySet):
            queryset = in_stable_order(queryset)
        return super().paginate_queryset(queryset, pagination, request, **params)


def paged(func):
    """The endpoint's list, paged by `limit`/`offset` (see the module's text)."""
    return paginate(ApiPagination)(func)
