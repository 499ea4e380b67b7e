"""Vplan settings: one module, read from the environment, runnable with nothing set."""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

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
SECRET_KEY = env_str("VPLAN_SECRET_KEY", "insecure-local-development-key-change-me")
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
    "vplan.audit",
    "vplan.organisation",
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
    "django.middleware.security.SecurityMiddleware",
    "vplan.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vplan.front.language.SwedishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("VPLAN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("VPLAN_LOG_LEVEL", "WARNING")},
}
