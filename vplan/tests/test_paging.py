"""Pages of a long list: the page in the URL, other parameters kept, out-of-range pages clamped."""

from django.test import RequestFactory

from vplan.paging import page_of


def page_for(url, items, **kwargs):
    return page_of(RequestFactory().get(url), items, **kwargs)


def test_a_page_holds_page_size_items_and_keeps_the_other_parameters():
    page = page_for("/list/?board=3&page=2", list(range(120)), page_size=50)
    assert page.items == list(range(50, 100))
    assert (page.number, page.page_count, page.count) == (2, 3, 120)
    assert (page.first_index, page.last_index) == (51, 100)
    assert page.previous_url == "?board=3&page=1"
    assert page.next_url == "?board=3&page=3"


def test_a_page_out_of_range_or_not_a_number_gives_the_nearest_real_page():
    assert page_for("/list/?page=99", list(range(120))).number == 3
    assert page_for("/list/?page=nej", list(range(120))).number == 1
    empty = page_for("/list/", [])
    assert (empty.items, empty.count, empty.first_index, empty.is_paged) == ([], 0, 0, False)


def test_far_pages_are_left_out_with_a_gap():
    page = page_for("/list/?page=10", list(range(1000)), page_size=50)
    numbers = [link.number if link else None for link in page.links]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link.number for link in page.links if link and link.is_current] == [10]


def test_the_links_render_as_a_navigation_landmark_in_swedish():
    from django.template.loader import render_to_string
    from django.utils import translation

    page = page_for("/list/?q=skola&page=2", list(range(120)))
    with translation.override("sv"):
        html = render_to_string("includes/pagination.html", {"page": page})
    assert '<nav class="pagination" aria-label="Sidor">' in html
    assert "Visar 51–100 av 120" in html
    assert 'href="?q=skola&amp;page=2" aria-current="page"' in html
    assert 'rel="next"' in html and 'rel="prev"' in html
