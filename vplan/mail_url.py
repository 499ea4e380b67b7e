"""Where Vplan sends e-mail: one URL in VPLAN_EMAIL_URL, turned into Django's EMAIL_* settings.

    smtp://user:password@host:587/?tls=true   SMTP, STARTTLS after connecting
    smtps://user:password@host:465/           SMTP over implicit TLS (also smtp://...?ssl=true)
    smtp://host:25/                           SMTP without authentication
    console://                                print each mail on standard output (development)
    (unset or empty)                          no mail can be sent; pages say so

User name and password are percent-encoded (`%40` for `@`). Optional query parameters: `tls`,
`ssl` (true/false) and `timeout` (seconds, default 10). Password reset uses these settings, and
so will the reminders.
"""

from urllib.parse import parse_qsl, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

VARIABLE = "VPLAN_EMAIL_URL"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
NOT_CONFIGURED_BACKEND = "vplan.mail_url.NotConfiguredEmailBackend"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
QUERY_KEYS = {"tls", "ssl", "timeout"}


class EmailUrlError(ImproperlyConfigured):
    """VPLAN_EMAIL_URL cannot be read; the message says what is wrong (never the password)."""


class NotConfiguredEmailBackend(BaseEmailBackend):
    """Without VPLAN_EMAIL_URL nothing can be sent: refuse loudly instead of dropping mail."""

    def send_messages(self, email_messages):
        raise ImproperlyConfigured(f"{VARIABLE} is not set: Vplan cannot send e-mail.")


def email_is_configured() -> bool:
    """Whether Vplan can send e-mail (VPLAN_EMAIL_URL is set): pages offer mail only then."""
    return bool(getattr(settings, "VPLAN_EMAIL_CONFIGURED", False))


def email_settings_from_url(url: str | None, *, sender: str = "vplan@localhost") -> dict:
    """Django's EMAIL_* settings (and VPLAN_EMAIL_CONFIGURED) for the URL; EmailUrlError if bad."""
    common = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender}
    url = (url or "").strip()
    if not url:
        return {**common, "EMAIL_BACKEND": NOT_CONFIGURED_BACKEND, "VPLAN_EMAIL_CONFIGURED": False}
    if "@" not in sender:
        raise EmailUrlError(f"VPLAN_EMAIL_FROM: {sender!r} is not an e-mail address.")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {**common, "EMAIL_BACKEND": CONSOLE_BACKEND, "VPLAN_EMAIL_CONFIGURED": True}
    if scheme not in {"smtp", "smtps"}:
        raise EmailUrlError(
            f"{VARIABLE}: unknown scheme {parts.scheme!r}; use smtp://, smtps:// or console://"
        )
    options = query_options(parts.query)
    use_ssl = scheme == "smtps" or options.get("ssl", False)
    use_tls = options.get("tls", False)
    if use_ssl and use_tls:
        raise EmailUrlError(
            f"{VARIABLE}: choose either tls=true (STARTTLS) or ssl/smtps (implicit TLS), not both"
        )
    if not parts.hostname:
        raise EmailUrlError(f"{VARIABLE}: the URL names no host, e.g. smtp://mail.example.se:587/")
    try:
        port = parts.port
    except ValueError as error:
        raise EmailUrlError(f"{VARIABLE}: the port is not a number between 0 and 65535") from error
    default_port = 465 if use_ssl else 587 if use_tls else 25
    return {
        **common,
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": options.get("timeout", 10),
        "VPLAN_EMAIL_CONFIGURED": True,
    }


def query_options(query: str) -> dict:
    options: dict = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in QUERY_KEYS:
            raise EmailUrlError(
                f"{VARIABLE}: unknown parameter {key!r}; known: {', '.join(sorted(QUERY_KEYS))}"
            )
        if key == "timeout":
            if not value.isdigit() or int(value) == 0:
                raise EmailUrlError(f"{VARIABLE}: timeout must be a whole number of seconds")
            options[key] = int(value)
        elif value.lower() in TRUE_WORDS:
            options[key] = True
        elif value.lower() in FALSE_WORDS:
            options[key] = False
        else:
            raise EmailUrlError(f"{VARIABLE}: {key} must be true or false, not {value!r}")
    return options
