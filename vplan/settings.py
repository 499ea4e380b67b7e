"""Vplan settings: one module, read from the environment (every variable: docs/production.env.example).

Production needs VPLAN_SECRET_KEY and refuses to start without it; the tests, `make demo` and
VPLAN_DEBUG=true run with nothing set (see secret_key). A bad value stops Vplan at start with a
message that names the variable."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vplan.mail_url import email_settings_from_url

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")
    return int(value)


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default).strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {sorted(choices)}, not {value!r}")
    return value


# A key file holds one key on one line; a missing file is made, with a new random key, readable
# by its owner only. `make demo` and VPLAN_DEBUG=true keep a key of the checkout in LOCAL_KEY_FILE.
LOCAL_KEY_FILE = ".vplan-secret-key"
NO_SECRET_KEY = (
    "VPLAN_SECRET_KEY is not set: Vplan refuses to start without a secret key of its own. Set "
    "VPLAN_SECRET_KEY to a long random value (python3 -c 'import secrets; "
    "print(secrets.token_urlsafe(50))'), or VPLAN_SECRET_KEY_FILE to a file that holds one "
    "(created with a random key if missing). For development, `make demo` or VPLAN_DEBUG=true "
    f"keep a key in {LOCAL_KEY_FILE} in the working directory (commands run anywhere in the source "
    "checkout find the one in its root). See docs/production.env.example."
)


def secret_key_from_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
    key = path.read_text().strip()
    if len(key) < 50:
        raise ImproperlyConfigured(f"VPLAN_SECRET_KEY_FILE: {path} holds a key under 50 characters")
    return key


def local_key_file(folder: Path, checkout: Path) -> Path | None:
    """The development key file in the working folder or, for a folder inside the source checkout
    (e.g. an app's folder, where makemessages runs), in the checkout's root."""
    candidates = [folder]
    if folder.is_relative_to(checkout):
        candidates.append(checkout)
    return next((c / LOCAL_KEY_FILE for c in candidates if (c / LOCAL_KEY_FILE).is_file()), None)


def secret_key(*, debug: bool, folder: Path, checkout: Path) -> str:
    """In this order: VPLAN_SECRET_KEY; VPLAN_SECRET_KEY_FILE; the tests' key; the development key
    file (local_key_file; made in `folder` if missing with VPLAN_DEBUG=true); else refuse to start.

    pytest sets PYTEST_VERSION for its whole run (and the commands the tests start), so the suite
    runs with nothing set by hand, on a key that exists only in the tests.
    """
    if env_str("VPLAN_SECRET_KEY", "").strip():
        return env_str("VPLAN_SECRET_KEY", "").strip()
    if env_str("VPLAN_SECRET_KEY_FILE", "").strip():
        return secret_key_from_file(Path(env_str("VPLAN_SECRET_KEY_FILE", "").strip()))
    if os.environ.get("PYTEST_VERSION"):
        return "tests-only-key-" + "x" * 50
    found = local_key_file(folder, checkout)
    if found is not None:
        return secret_key_from_file(found)
    if debug:
        return secret_key_from_file(folder / LOCAL_KEY_FILE)
    raise ImproperlyConfigured(NO_SECRET_KEY)


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL (postgresql://user:pw@host:port/name or sqlite:///path) into settings."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme == "sqlite":
        return sqlite_database(unquote(parsed.path) or "vplan.sqlite3")
    raise ValueError(
        f"DATABASE_URL: unsupported scheme {parsed.scheme!r} (use postgresql or sqlite)"
    )


def sqlite_database(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Writers take the lock when the transaction begins, so a read-check-write in
            # transaction.atomic() cannot interleave with another writer.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DEBUG = env_bool("VPLAN_DEBUG", False)
SECRET_KEY = secret_key(debug=DEBUG, folder=Path.cwd(), checkout=BASE_DIR.parent)
ALLOWED_HOSTS = env_list("VPLAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("VPLAN_CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else sqlite_database(str(Path.cwd() / "vplan.sqlite3"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "axes",
    "vplan.audit",
    "vplan.jobs",
    "vplan.organisation",
    "vplan.signin",
    "vplan.plans",
    "vplan.followups",
    "vplan.objectplans",
    "vplan.lineage",
    "vplan.search",
    "vplan.overviews",
    "vplan.exchange",
    "vplan.imports",
    "vplan.reports",
    "vplan.api",
    "vplan.front",
    "vplan.demo",
]

MIDDLEWARE = [
    "vplan.request_log.RequestLogMiddleware",  # first: times and logs the whole request
    "django.middleware.security.SecurityMiddleware",
    "vplan.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vplan.front.language.SwedishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "vplan.api.json_errors.ApiJsonErrorsMiddleware",  # every answer under /api/ is JSON
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

ROOT_URLCONF = "vplan.urls"
WSGI_APPLICATION = "vplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vplan.front.navigation.navigation",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after VPLAN_LOGIN_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for VPLAN_LOGIN_COOLOFF_MINUTES (every further try
# starts the wait again); `vplan axes_reset` lifts every lockout. Single sign-on (signin) adds its
# backend after these two.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env_int("VPLAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("VPLAN_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Successful sign-ins are not logged with their address (data minimisation); failures are, until
# their cool-off has passed.
AXES_DISABLE_ACCESS_LOG = True
# The client's address: REMOTE_ADDR, or behind VPLAN_TRUSTED_PROXIES proxies the address they
# put into X-Forwarded-For (vplan/client_ip.py); a header the client writes itself is ignored.
VPLAN_TRUSTED_PROXIES = env_int("VPLAN_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "vplan.client_ip.client_ip_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# Each app keeps its Swedish catalogue in vplan/<app>/locale; the web interface's shared templates
# are in vplan/front/locale. No project-level path: with one, `makemessages` run inside an app
# folder writes that app's messages into the project-level catalogue instead of the app's own.
LOCALE_PATHS: list = []
TIME_ZONE = env_str("VPLAN_TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only needed for `vplan collectstatic` in production; without it the files are served from
# the apps' static folders directly.
STATIC_ROOT = Path(os.environ["VPLAN_STATIC_ROOT"]) if os.environ.get("VPLAN_STATIC_ROOT") else None
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the app's static folders directly, so `vplan runserver` and gunicorn work without
# collectstatic; production may still run `vplan collectstatic`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = Path(env_str("VPLAN_MEDIA_ROOT", str(Path.cwd() / "media")))

# Named in the accessibility statement (tillgänglighetsredogörelse): who runs the service and
# where to report accessibility problems. Empty: the statement keeps its generic wording.
VPLAN_ORGANISATION_NAME = env_str("VPLAN_ORGANISATION_NAME", "").strip()
VPLAN_ACCESSIBILITY_CONTACT_EMAIL = env_str("VPLAN_ACCESSIBILITY_CONTACT_EMAIL", "").strip()

# The benchmark's floor view (/bench/floor/, bench/run.py): the layout with nothing in it, through
# the same middleware. Off (404) unless VPLAN_BENCH_FLOOR=true.
VPLAN_BENCH_FLOOR = env_bool("VPLAN_BENCH_FLOOR", False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("VPLAN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind HTTPS (docs/production.env.example): redirect http to https, HSTS, and, behind a load
# balancer or proxy that ends TLS, trust its X-Forwarded-Proto header (only then: a client could
# send the header itself). /healthz answers over plain http too, for load balancers.
SECURE_SSL_REDIRECT = env_bool("VPLAN_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("VPLAN_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VPLAN_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("VPLAN_HSTS_PRELOAD", False)
if env_bool("VPLAN_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "vplan.front.views.csrf_failure"

# E-mail (vplan/mail_url.py): VPLAN_EMAIL_URL, e.g. smtp://user:password@host:587/?tls=true,
# smtps://..., console://; unset, no mail can be sent and the password-reset page says so.
# VPLAN_EMAIL_FROM is the sender of every mail Vplan sends (DEFAULT_FROM_EMAIL, SERVER_EMAIL).
globals().update(
    email_settings_from_url(
        env_str("VPLAN_EMAIL_URL", ""), sender=env_str("VPLAN_EMAIL_FROM", "vplan@localhost")
    )
)

# The address people open Vplan at, e.g. https://vplan.kommun.se: the links in mails sent by
# the command line (vplan remind) start with it; mails sent from a page use the page's address.
VPLAN_BASE_URL = env_str("VPLAN_BASE_URL", "").rstrip("/")

# Logs on standard error: plain text, or one JSON object per line (VPLAN_LOG_FORMAT=json).
# VPLAN_LOG_LEVEL=INFO adds one line per request (vplan/request_log.py).
LOG_FORMAT = env_choice("VPLAN_LOG_FORMAT", "plain", {"plain", "json"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "vplan.request_log.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("VPLAN_LOG_LEVEL", "WARNING").upper()},
}


# Background jobs (docs/jobs.md): a report upload of more bytes, an import of more activity rows,
# or the PDF of a round with more activities, than these is done by `vplan worker`, not while a
# request waits (a PDF threshold of 0: every PDF that is not stored). A running job whose worker
# has been silent this many seconds is given to another worker.
VPLAN_IMPORT_JOB_ACTIVITIES = env_int("VPLAN_IMPORT_JOB_ACTIVITIES", 200)
VPLAN_IMPORT_JOB_BYTES = env_int("VPLAN_IMPORT_JOB_BYTES", 100_000)
VPLAN_PDF_JOB_ACTIVITIES = env_int("VPLAN_PDF_JOB_ACTIVITIES", 100)
# Word and Excel files of a round with more activities than this are made by `vplan worker` too.
VPLAN_REPORT_JOB_ACTIVITIES = env_int("VPLAN_REPORT_JOB_ACTIVITIES", 1000)
VPLAN_JOB_STALE_SECONDS = env_int("VPLAN_JOB_STALE_SECONDS", 120)


# Single sign-on over OpenID Connect (docs/sso.md), on when VPLAN_OIDC_CLIENT_ID is set. The
# provider's endpoints come from its discovery document at VPLAN_OIDC_PROVIDER_URL unless each is
# given; the username/password form stays for local accounts either way.
OIDC_RP_CLIENT_ID = env_str("VPLAN_OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = env_str("VPLAN_OIDC_CLIENT_SECRET", "")
VPLAN_OIDC_PROVIDER_URL = env_str("VPLAN_OIDC_PROVIDER_URL", "").strip()
VPLAN_OIDC_PROVIDER_NAME = env_str("VPLAN_OIDC_PROVIDER_NAME", "").strip()
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("VPLAN_OIDC_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = env_str("VPLAN_OIDC_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = env_str("VPLAN_OIDC_USERINFO_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = env_str("VPLAN_OIDC_JWKS_ENDPOINT", "").strip()
OIDC_RP_SIGN_ALGO = env_str("VPLAN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("VPLAN_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "signin:callback"
VPLAN_OIDC_USERNAME_CLAIM = env_str("VPLAN_OIDC_USERNAME_CLAIM", "preferred_username")
VPLAN_OIDC_GROUPS_CLAIM = env_str("VPLAN_OIDC_GROUPS_CLAIM", "groups")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS = [
        *globals().get("AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"]),
        "vplan.signin.backends.VplanOIDCBackend",
    ]
