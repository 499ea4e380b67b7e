"""What every page shares: skip link, language switch, no inline script or style (CSP)."""

import re

from django.urls import reverse


def test_skip_link_main_landmark_and_navigation(client, db):
    html = client.get(reverse("front:start")).content.decode()
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<nav" in html and 'aria-current="page"' in html


def test_page_is_swedish_by_default_and_english_on_request(client, db):
    html = client.get(reverse("front:start")).content.decode()
    assert '<html lang="sv"' in html and "Verksamhetsplaner och uppföljning" in html
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("front:start")).content.decode()
    assert '<html lang="en"' in html and "Activity plans and follow-up" in html


def test_language_switch_offers_the_other_language_as_a_button(client, db):
    html = client.get(reverse("front:start")).content.decode()
    assert 'name="language" value="en" lang="en"' in html
    assert reverse("set_language") in html


def test_no_inline_scripts_styles_or_handlers(client, controller, plan):
    client.force_login(controller)
    html = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html
    assert not re.search(r'\sstyle="', html)
    assert not re.search(r"\son[a-z]+=", html)


def test_assets_are_served_by_vplan_itself(client, db):
    html = client.get(reverse("front:start")).content.decode()
    for src in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html):
        assert src.startswith("/static/"), src
    assert '"includeIndicatorStyles":false' in html


def test_dates_are_written_the_swedish_way(client, editor, plan):
    import datetime

    from vplan.testing.factories import make_round

    round = make_round(plan=plan, as_of=datetime.date(2024, 8, 31), label="Delår")
    client.force_login(editor)
    html = client.get(reverse("followups:round", args=[round.pk])).content.decode()
    assert "31 augusti 2024" in html


def test_swedish_even_for_an_english_browser_until_english_is_chosen(client, db):
    html = client.get(reverse("front:start"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert b'<html lang="sv"' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("front:start"), HTTP_ACCEPT_LANGUAGE="sv").content
    assert b'<html lang="en"' in html


def test_refusal_page_asks_a_signed_out_visitor_to_sign_in(client, plan):
    import datetime

    from vplan.followups.models import FollowUpRound
    from vplan.testing.factories import make_round

    make_round(plan=plan, as_of=datetime.date(2024, 3, 31), state=FollowUpRound.State.PUBLISHED)
    response = client.get(reverse("plans:edit", args=[plan.pk]), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "Logga in" in response.content.decode()
