"""The API tokens page: list, make (shown once) and revoke one's own tokens."""

import pytest
from django.test import Client

from vplan.api.models import ApiToken
from vplan.api.tokens import create_api_token
from vplan.audit.trail import history_of

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_signed_out_visitors_are_sent_to_sign_in():
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_lists_only_the_users_own_tokens(controller, editor):
    create_api_token(user=controller, name="rapportskript")
    create_api_token(user=editor, name="redaktörens skript")
    response = signed_in(controller).get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page and "API-nycklar" in page
    assert "rapportskript" in page
    assert "redaktörens skript" not in page


def test_the_site_layout_links_to_the_page(controller):
    page = signed_in(controller).get("/").content.decode()
    assert f'href="{PAGE}"' in page


def test_making_a_token_shows_it_once(controller):
    client = signed_in(controller)
    response = client.post(PAGE, {"name": "Uppföljning", "scope": "read", "expires_in_days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=controller)
    assert token.scope == "read"
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    page = response.content.decode()
    assert "Kopiera den nu" in page
    text = page.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert text.startswith(token.hint)
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 200
    assert text not in client.get(PAGE).content.decode()


def test_a_bad_request_says_what_is_wrong_and_makes_nothing(controller):
    response = signed_in(controller).post(
        PAGE, {"name": " ", "scope": "admin", "expires_in_days": "1000"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count('class="ds-validation-message"') == 3
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_revokes_and_records_who(controller):
    token, text = create_api_token(user=controller, name="gammalt skript")
    client = signed_in(controller)
    confirm = client.get(f"{PAGE}{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert "gammalt skript" in confirm.content.decode()
    token.refresh_from_db()
    assert not token.is_revoked
    response = client.post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == controller
    assert history_of(token).filter(action="changed").get().changed_by == controller
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 401
    assert "återkallad" in client.get(PAGE).content.decode()


def test_revoking_twice_says_so(controller):
    token, _text = create_api_token(user=controller, name="skript")
    client = signed_in(controller)
    client.post(f"{PAGE}{token.pk}/revoke/")
    response = client.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    assert "var redan återkallad" in response.content.decode()
    assert history_of(token).filter(action="changed").count() == 1


def test_nobody_revokes_someone_elses_token_on_the_page(controller, admin_user):
    token, _text = create_api_token(user=controller, name="skript")
    client = signed_in(admin_user)
    assert client.get(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_the_page_works_in_english(controller):
    from django.conf import settings

    client = signed_in(controller)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(PAGE)
    assert "Make a token" in response.content.decode()
