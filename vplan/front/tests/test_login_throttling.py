"""Login throttling (django-axes): five wrong passwords for one user name from one address lock
that pair out for the cool-off time, with a Swedish page; `vplan axes_reset` lifts it.

The rest of the suite runs with AXES_ENABLED off (conftest.py); these tests turn it on, as it is
in production (vplan/settings.py)."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import vplan.settings
from vplan.testing.factories import make_user

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
RIGHT = "rätt-lösenord-1"

pytestmark = pytest.mark.usefixtures("axes_on")


@pytest.fixture
def axes_on(db):
    with override_settings(AXES_ENABLED=True):
        yield


@pytest.fixture
def anna(db):
    return make_user(username="anna", password=RIGHT)


def sign_in(client, password, username="anna", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def fail_five_times(client, **headers):
    answers = [sign_in(client, f"fel-{n}", **headers).status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]


def test_production_settings_throttle_five_failures_for_15_minutes():
    assert vplan.settings.AXES_ENABLED is True
    assert vplan.settings.AXES_FAILURE_LIMIT == 5
    assert vplan.settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert vplan.settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert vplan.settings.AUTHENTICATION_BACKENDS[:2] == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert vplan.settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_the_right_password_signs_in_with_throttling_on(client, anna):
    assert sign_in(client, RIGHT).status_code == 302
    assert client.session["_auth_user_id"] == str(anna.pk)


def test_after_five_wrong_passwords_the_right_one_is_refused_in_swedish_until_the_cool_off(
    client, anna
):
    with time_machine.travel(START, tick=False):
        fail_five_times(client)
        refused = sign_in(client, RIGHT)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "För många misslyckade inloggningsförsök" in html
    assert "misslyckades 5 gånger i rad" in html
    assert "Försök igen om 15 minuter." in html
    assert 'class="site-header"' in html  # in the site's layout
    assert "_auth_user_id" not in client.session

    with time_machine.travel(START + datetime.timedelta(minutes=14), tick=False):
        assert sign_in(client, RIGHT).status_code == 429  # and the wait starts again
    with time_machine.travel(START + datetime.timedelta(minutes=30), tick=False):
        assert sign_in(client, RIGHT).status_code == 302
        assert client.session["_auth_user_id"] == str(anna.pk)


def test_the_lock_is_on_the_user_name_from_that_address_only(client, anna):
    make_user(username="bertil", password=RIGHT)
    fail_five_times(client)
    assert sign_in(client, RIGHT, username="bertil").status_code == 302
    client.logout()
    assert sign_in(client, RIGHT, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_a_forwarded_for_header_does_not_escape_the_lock_without_trusted_proxies(client, anna):
    fail_five_times(client)
    escaped = sign_in(client, RIGHT, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert escaped.status_code == 429


@override_settings(VPLAN_TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_each_client_address_is_throttled_on_its_own(client, anna):
    balancer = {"REMOTE_ADDR": "10.0.0.1"}
    fail_five_times(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **balancer)
    assert (
        sign_in(client, RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.7", **balancer).status_code == 429
    )
    # What a client writes into the header itself stands left of what the proxy adds.
    spoofed = "203.0.113.5, 198.51.100.7"
    assert sign_in(client, RIGHT, HTTP_X_FORWARDED_FOR=spoofed, **balancer).status_code == 429
    other = sign_in(client, RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.8", **balancer)
    assert other.status_code == 302


def test_vplan_axes_reset_lifts_every_lock(client, anna):
    fail_five_times(client)
    call_command("axes_reset")
    assert sign_in(client, RIGHT).status_code == 302


def test_the_django_admin_sign_in_is_throttled_too(client, db):
    make_user(username="root", password=RIGHT, is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for n in range(5):
        client.post(url, {"username": "root", "password": f"fel-{n}"})
    refused = client.post(url, {"username": "root", "password": RIGHT})
    assert refused.status_code == 429
