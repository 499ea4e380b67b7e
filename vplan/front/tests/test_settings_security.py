"""Behind a TLS load balancer on another host, and the password rules.

The load balancer ends TLS and speaks plain http to Vplan, adding X-Forwarded-Proto: https. The
settings are those docs/production.env.example gives (test_settings_deploy.py checks that its
variables become these settings)."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from vplan.testing.factories import make_user

SITE = "https://vplan.example.se"
DOCUMENTED = {
    "ALLOWED_HOSTS": ["vplan.example.se", "vplan-app.internal"],
    "CSRF_TRUSTED_ORIGINS": [SITE],
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}
# What the README offered before: no forwarded protocol, no trusted origin.
README_ONLY = {
    "ALLOWED_HOSTS": ["vplan.example.se", "vplan-app.internal"],
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def sign_in_through_the_balancer(host="vplan.example.se"):
    """GET the sign-in page and POST it with its real CSRF token, as a browser on SITE would."""
    client = Client(enforce_csrf_checks=True)
    through = {"HTTP_HOST": host, "HTTP_X_FORWARDED_PROTO": "https"}
    page = client.get(reverse("login"), **through)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    return client.post(
        reverse("login"),
        {"username": "anna", "password": "rätt-lösenord-1", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=SITE,
        HTTP_REFERER=f"{SITE}/accounts/login/",
        **through,
    )


@pytest.fixture
def anna(db):
    return make_user(username="anna", password="rätt-lösenord-1")


def test_with_the_documented_settings_the_login_post_succeeds(anna):
    with override_settings(**DOCUMENTED):
        response = sign_in_through_the_balancer()
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_without_them_the_login_post_is_refused_with_the_swedish_csrf_page(anna):
    with override_settings(**README_ONLY):
        response = sign_in_through_the_balancer()
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formuläret hade gått ut" in html
    assert "Ladda om sidan och försök igen." in html


def test_a_balancer_that_passes_its_own_host_needs_the_trusted_origin(anna):
    with override_settings(**DOCUMENTED):
        assert sign_in_through_the_balancer(host="vplan-app.internal").status_code == 302
    without_origin = {**DOCUMENTED, "CSRF_TRUSTED_ORIGINS": []}
    with override_settings(**without_origin):
        assert sign_in_through_the_balancer(host="vplan-app.internal").status_code == 403


def test_plain_http_is_redirected_to_https_but_healthz_is_not(db):
    with override_settings(**DOCUMENTED):
        client = Client(HTTP_HOST="vplan.example.se")
        redirected = client.get(reverse("login"))
        health = client.get("/healthz")
    assert redirected.status_code == 301
    assert redirected["Location"] == f"{SITE}/accounts/login/"
    assert health.status_code == 200


def test_hsts_header_over_https(db):
    settings = {**DOCUMENTED, "SECURE_HSTS_SECONDS": 31536000}
    settings |= {"SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True}
    with override_settings(**settings):
        response = Client().get("/", HTTP_HOST="vplan.example.se", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# --- Password rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("12345678", "Det här lösenordet är för kort. Det måste innehålla minst 10 tecken."),
        ("12345678", "Detta lösenord är enbart numeriskt."),
        ("1234567890", "Detta lösenord är alldeles för vanligt."),
        ("password123", "Detta lösenord är alldeles för vanligt."),
    ],
)
def test_a_weak_password_is_refused_on_the_change_form_in_swedish(client, db, password, message):
    user = make_user(username="anna", password="rätt-lösenord-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "rätt-lösenord-1", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("rätt-lösenord-1")


def test_a_strong_password_is_accepted_on_the_change_form(client, db):
    user = make_user(username="anna", password="rätt-lösenord-1")
    client.force_login(user)
    new = "Vårens-plan-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": "rätt-lösenord-1", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
