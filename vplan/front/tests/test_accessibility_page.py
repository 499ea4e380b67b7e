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


def test_without_settings_the_statement_keeps_its_generic_contact(client, db, settings):
    settings.VPLAN_ORGANISATION_NAME = ""
    settings.VPLAN_ACCESSIBILITY_CONTACT_EMAIL = ""
    html = client.get(reverse("front:accessibility")).content.decode()
    assert "kontakta förvaltningen som publicerar planen" in html
    assert "mailto:" not in html


def test_the_statement_names_the_organisation_and_its_contact_address(client, db, settings):
    settings.VPLAN_ORGANISATION_NAME = "Exempelkommun"
    settings.VPLAN_ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@exempelkommun.se"
    html = client.get(reverse("front:accessibility")).content.decode()
    assert "Exempelkommun driver den här Vplan-tjänsten" in html
    assert "skriv till Exempelkommun via e-post" in html
    assert 'href="mailto:tillganglighet@exempelkommun.se"' in html
    assert "kontakta förvaltningen som publicerar planen" not in html


def test_a_contact_address_without_an_organisation_name(client, db, settings):
    settings.VPLAN_ORGANISATION_NAME = ""
    settings.VPLAN_ACCESSIBILITY_CONTACT_EMAIL = "registrator@example.se"
    html = client.get(reverse("front:accessibility")).content.decode()
    assert "skriv till oss via e-post" in html
    assert 'href="mailto:registrator@example.se"' in html
