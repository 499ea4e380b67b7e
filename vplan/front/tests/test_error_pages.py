"""The error pages: Swedish (English when chosen), in the site's layout; the 500 page renders with
neither a database nor a request; the CSRF failure page says to reload; the favicon."""

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.urls("vplan.front.tests.error_urls")


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_404_is_swedish_in_the_site_layout(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1" in html and "Sidan finns inte" in html
    assert 'class="site-header"' in html


def test_403_is_swedish_and_offers_sign_in_to_a_visitor(client, db):
    response = client.get("/test-errors/403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Inte tillåtet" in html
    assert f'href="{reverse("login")}?next=' in html


def test_400_is_swedish_in_the_site_layout(client, db):
    response = client.get("/test-errors/400/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Begäran kunde inte läsas" in html
    assert 'class="site-header"' in html


def test_an_unknown_host_name_gets_the_swedish_400_page(db):
    response = Client(HTTP_HOST="inte-vplan.example.se").get("/")
    assert response.status_code == 400
    assert "Begäran kunde inte läsas" in response.content.decode()


def test_500_is_swedish_in_the_site_layout_without_english(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert "Något gick fel" in html
    assert "Vplan kunde inte visa sidan. Felet är loggat" in html
    assert 'class="site-header"' in html
    assert "Something went wrong" not in html


def test_500_is_english_when_the_visitor_chose_english(db):
    client = english(Client(raise_request_exception=False))
    html = client.get("/test-errors/500/").content.decode()
    assert '<html lang="en"' in html
    assert "Something went wrong" in html
    assert "Något gick fel" not in html


@pytest.mark.parametrize("page, heading", [("500", "Något gick fel"), ("400", "Begäran kunde")])
def test_the_500_and_400_pages_render_with_neither_database_nor_request(page, heading):
    # No db fixture: any query here would fail the test.
    with translation.override("sv"):
        html = loader.get_template(f"{page}.html").render()
    assert heading in html
    assert "/static/vplan/vplan.css" in html


def test_a_stale_form_gets_the_swedish_csrf_page_that_says_to_reload(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "anna", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formuläret hade gått ut" in html
    assert "Ladda om sidan och försök igen." in html
    assert 'class="site-header"' in html


def test_every_page_links_the_favicon_and_it_is_served_by_vplan(client, db):
    html = client.get(reverse("front:start")).content.decode()
    assert '<link rel="icon" href="/static/front/favicon.svg" type="image/svg+xml">' in html
    assert 'href="/static/front/favicon-32.png" type="image/png" sizes="32x32"' in html
    svg = client.get("/static/front/favicon.svg")
    assert svg.status_code == 200
    assert b"<svg" in b"".join(svg.streaming_content)
    png = client.get("/static/front/favicon-32.png")
    assert b"".join(png.streaming_content).startswith(b"\x89PNG")


def test_favicon_ico_answers(client, db):
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain == [("/static/front/favicon.ico", 301)]
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
