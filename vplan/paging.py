"""A long list shown a page at a time, the page number kept in the URL beside the list's filters.

Every paged page of Vplan reads its rows through `page_of`: one COUNT and one slice of the list
(a queryset stays lazy, so the query count does not grow with the list), and links to the other
pages that keep every other parameter of the URL (filters, sorting). The template
`includes/pagination.html` shows the links as a navigation landmark.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGE_PARAMETER = "page"


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    is_current: bool


@dataclass
class ListPage:
    """One page of a list: its items and links to the neighbouring and the outer pages."""

    items: list
    number: int
    page_count: int
    count: int
    page_size: int
    query: QueryDict

    @property
    def first_index(self) -> int:
        """The 1-based position of the page's first item (0 for an empty list)."""
        return (self.number - 1) * self.page_size + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return min(self.number * self.page_size, self.count)

    @property
    def is_paged(self) -> bool:
        return self.page_count > 1

    def url_of(self, number: int) -> str:
        query = self.query.copy()
        query[PAGE_PARAMETER] = str(number)
        return "?" + query.urlencode()

    @property
    def previous_url(self) -> str:
        return self.url_of(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.url_of(self.number + 1) if self.number < self.page_count else ""

    @property
    def links(self) -> list[PageLink | None]:
        """The first, last and nearby pages; None where pages are left out (an ellipsis)."""
        shown = {1, self.page_count} | set(range(self.number - 2, self.number + 3))
        numbers = sorted(n for n in shown if 1 <= n <= self.page_count)
        links: list[PageLink | None] = []
        for previous, number in zip([0, *numbers], numbers, strict=False):
            if number - previous > 1:
                links.append(None)
            links.append(PageLink(number, self.url_of(number), number == self.number))
        return links


def page_of(
    request, object_list, *, page_size: int = PAGE_SIZE, holding: int | None = None
) -> ListPage:
    """The page of `object_list` (a queryset or a list) that `?page=` asks for; a page out of
    range or not a number gives the nearest real page, as a reader following an old link
    expects. Without `?page=`, `holding` (an item's 0-based position) opens the page that
    holds that item: a link to one row of a long list lands where the row is."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    paginator = Paginator(object_list, page_size, allow_empty_first_page=True)
    number = request.GET.get(PAGE_PARAMETER)
    if number is None and holding is not None:
        number = holding // page_size + 1
    page = paginator.get_page(number)
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return ListPage(
        items=list(page.object_list),
        number=page.number,
        page_count=paginator.num_pages,
        count=paginator.count,
        page_size=page_size,
        query=query,
    )
