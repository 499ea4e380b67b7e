"""E-mail from VPLAN_EMAIL_URL: the URL's settings, and password reset through a real SMTP server
started in the test (aiosmtpd) whose arrived mail the test reads."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.test import override_settings
from django.urls import reverse

from vplan.mail_url import EmailUrlError, email_settings_from_url
from vplan.testing.factories import make_user
from vplan.testing.smtp import running_smtp_server

# --- The URL's settings ---------------------------------------------------------------------


def test_smtp_with_starttls_user_and_password():
    found = email_settings_from_url(
        "smtp://vplan%40kommun.se:p%40ss%2Fw@mail.kommun.se:587/?tls=true",
        sender="vplan@kommun.se",
    )
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["EMAIL_HOST"] == "mail.kommun.se"
    assert found["EMAIL_PORT"] == 587
    assert found["EMAIL_HOST_USER"] == "vplan@kommun.se"
    assert found["EMAIL_HOST_PASSWORD"] == "p@ss/w"
    assert (found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"]) == (True, False)
    assert found["DEFAULT_FROM_EMAIL"] == found["SERVER_EMAIL"] == "vplan@kommun.se"
    assert found["VPLAN_EMAIL_CONFIGURED"] is True


@pytest.mark.parametrize("url", ["smtps://mail.kommun.se", "smtp://mail.kommun.se/?ssl=true"])
def test_smtps_or_ssl_is_implicit_tls_on_port_465(url):
    found = email_settings_from_url(url)
    assert (found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"], found["EMAIL_PORT"]) == (
        True,
        False,
        465,
    )


def test_plain_smtp_defaults_to_port_25_without_login_and_a_timeout():
    found = email_settings_from_url("smtp://relay.internal/?timeout=30")
    assert (found["EMAIL_PORT"], found["EMAIL_HOST_USER"], found["EMAIL_TIMEOUT"]) == (25, "", 30)


def test_console_prints_the_mail():
    found = email_settings_from_url("console://")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["VPLAN_EMAIL_CONFIGURED"] is True


@pytest.mark.parametrize("url", [None, "", "  "])
def test_unset_means_no_mail_can_be_sent(url):
    found = email_settings_from_url(url)
    assert found["VPLAN_EMAIL_CONFIGURED"] is False
    with override_settings(**found):
        with pytest.raises(ImproperlyConfigured, match="VPLAN_EMAIL_URL is not set"):
            send_mail("Ämne", "Text", None, ["someone@example.se"])


@pytest.mark.parametrize(
    "url, problem",
    [
        ("ftp://mail.kommun.se", "unknown scheme 'ftp'"),
        ("smtp://mail.kommun.se/?tls=true&ssl=true", "not both"),
        ("smtp://mail.kommun.se/?tls=maybe", "tls must be true or false"),
        ("smtp://mail.kommun.se/?starttls=1", "unknown parameter 'starttls'"),
        ("smtp://mail.kommun.se:port/", "port is not a number"),
        ("smtp:///", "names no host"),
        ("smtp://mail.kommun.se/?timeout=soon", "timeout must be a whole number"),
    ],
)
def test_a_bad_url_is_refused_naming_the_variable_and_what_is_wrong(url, problem):
    with pytest.raises(EmailUrlError) as refused:
        email_settings_from_url(url)
    assert str(refused.value).startswith("VPLAN_EMAIL_URL: ")
    assert problem in str(refused.value)


def test_the_password_never_appears_in_the_refusal():
    with pytest.raises(EmailUrlError) as refused:
        email_settings_from_url("smtp://user:hemligt@mail.kommun.se/?tls=perhaps")
    assert "hemligt" not in str(refused.value)


def test_a_sender_that_is_no_address_is_refused():
    with pytest.raises(EmailUrlError, match="VPLAN_EMAIL_FROM"):
        email_settings_from_url("smtp://mail.kommun.se", sender="Vplan")


def test_vplan_refuses_to_start_on_a_bad_email_url(tmp_path):
    vplan = Path(sys.executable).with_name("vplan")
    result = subprocess.run(
        [str(vplan), "check"],
        env={"PATH": "/usr/bin:/bin", "PYTEST_VERSION": "1", "VPLAN_EMAIL_URL": "smtp:/x:y"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "EmailUrlError: VPLAN_EMAIL_URL: the URL names no host" in result.stderr


# --- Password reset through a real SMTP server -----------------------------------------------


@pytest.fixture
def smtp_server():
    with running_smtp_server() as server:
        yield server


def reset_password(client, address):
    response = client.post(reverse("password_reset"), {"email": address})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    return client.get(response["Location"])


def test_password_reset_mail_arrives_in_swedish_and_its_link_sets_a_new_password(
    client, db, smtp_server
):
    collector, port = smtp_server
    make_user(username="anna", email="anna@kommun.se", password="gammalt-lösen-1")
    url = f"smtp://127.0.0.1:{port}/"
    with override_settings(**email_settings_from_url(url, sender="vplan@kommun.se")):
        done = reset_password(client, "anna@kommun.se")
    assert "har vi skickat en länk" in done.content.decode()

    [mail] = collector.messages
    assert mail["To"] == "anna@kommun.se"
    assert mail["From"] == "vplan@kommun.se"
    assert mail["Subject"] == "Välj ett nytt lösenord för Vplan"
    body = mail.get_content()
    assert "Någon, förmodligen du, har bett om att få välja ett nytt lösenord" in body
    assert "(anna)" in body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_password_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "Det här lösenordet är för kort. Det måste innehålla minst 10 tecken." in (
        weak.content.decode()
    )
    new = "Nytt-lösenord-2026"
    saved = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert saved.status_code == 302
    assert saved["Location"] == reverse("password_reset_complete")

    signed_in = client.post(reverse("login"), {"username": "anna", "password": new})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"]


def test_password_reset_logs_in_to_the_smtp_server_with_the_urls_user_and_password(
    client, db, smtp_server
):
    collector, port = smtp_server
    make_user(username="anna", email="anna@kommun.se")
    with override_settings(**email_settings_from_url(f"smtp://vplan:hemligt@127.0.0.1:{port}/")):
        reset_password(client, "anna@kommun.se")
    assert [accepted for _, login, accepted in collector.logins] == [True]
    assert collector.logins[0][1] == "vplan"
    assert len(collector.messages) == 1


def test_an_address_without_an_account_gets_the_same_answer_and_no_mail(client, db, smtp_server):
    collector, port = smtp_server
    with override_settings(**email_settings_from_url(f"smtp://127.0.0.1:{port}/")):
        done = reset_password(client, "nobody@kommun.se")
    assert "har vi skickat en länk" in done.content.decode()
    assert collector.messages == []


# --- Without e-mail --------------------------------------------------------------------------


def test_without_email_the_reset_page_says_so_and_sends_nothing(client, db, mailoutbox):
    make_user(username="anna", email="anna@kommun.se")
    with override_settings(**email_settings_from_url(None)):
        page = client.get(reverse("password_reset")).content.decode()
        posted = client.post(reverse("password_reset"), {"email": "anna@kommun.se"})
    assert "E-post är inte konfigurerad här" in page
    assert "administratör" in page
    assert "skickat" not in page
    assert 'name="email"' not in page
    assert posted.status_code == 200
    assert "E-post är inte konfigurerad här" in posted.content.decode()
    assert mailoutbox == []


def test_the_sign_in_page_links_to_reset_only_when_email_is_configured(client, db):
    reset = reverse("password_reset")
    with override_settings(**email_settings_from_url(None)):
        without = client.get(reverse("login")).content.decode()
    with override_settings(**email_settings_from_url("console://")):
        with_mail = client.get(reverse("login")).content.decode()
    assert f'href="{reset}"' not in without
    assert "Be en administratör av Vplan att ge dig ett nytt." in without
    assert f'href="{reset}"' in with_mail
