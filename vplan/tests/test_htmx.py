"""The one htmx helper (vplan/htmx.py) that every page's views use."""

import json

from django.http import HttpResponse
from django.test import RequestFactory

from vplan import htmx


def test_an_htmx_request_is_told_to_load_the_next_page_and_a_form_is_redirected():
    from_htmx = RequestFactory().post("/", headers={"HX-Request": "true"})
    from_form = RequestFactory().post("/")

    assert htmx.is_htmx(from_htmx) and not htmx.is_htmx(from_form)
    told = htmx.go_to(from_htmx, "/next/")
    assert (told.status_code, told["HX-Redirect"]) == (204, "/next/")
    redirected = htmx.go_to(from_form, "/next/")
    assert (redirected.status_code, redirected["Location"]) == (302, "/next/")


def test_an_announcement_reaches_the_pages_live_region_as_an_event():
    response = htmx.announce(HttpResponse(), "Sparat: Läsa mer")

    assert json.loads(response["HX-Trigger"]) == {"vplan:announce": "Sparat: Läsa mer"}
