"""The accessibility statement (tillgänglighetsredogörelse), required by Swedish law."""

from django.urls import reverse


def test_statement_is_public_and_names_the_law_and_the_supervisor(client, db):
    response = client.get(reverse("front:accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Tillgänglighetsredogörelse" in html
    assert "2018:1937" in html
    assert "Myndigheten för digital förvaltning" in html
    assert "(WCAG) 2.1 på nivå AA" in html


def test_every_page_links_the_statement_in_its_footer(client, controller):
    client.force_login(controller)
    for url in (reverse("front:start"), reverse("login")):
        html = client.get(url).content.decode()
        footer = html[html.index("<footer") :]
        assert reverse("front:accessibility") in footer
