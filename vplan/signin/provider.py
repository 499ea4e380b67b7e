"""The OpenID Connect provider Vplan signs people in with, as the settings describe it.

Endpoints come from the settings when they are given (`VPLAN_OIDC_AUTHORIZATION_ENDPOINT`, ...)
and otherwise from the provider's discovery document
(`<VPLAN_OIDC_PROVIDER_URL>/.well-known/openid-configuration`), fetched when the first person
signs in and then kept for the process's life. A password sign-in never waits for the provider.
"""

from __future__ import annotations

import threading

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# mozilla-django-oidc's setting -> the discovery document's key
DISCOVERED_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_discovered: dict[str, dict] = {}
_lock = threading.Lock()


def sso_is_configured() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return getattr(settings, "VPLAN_OIDC_PROVIDER_NAME", "") or "SSO"


def provider_url() -> str:
    return getattr(settings, "VPLAN_OIDC_PROVIDER_URL", "").rstrip("/")


def discovery_document() -> dict:
    """The provider's discovery document, fetched once per provider URL and process."""
    url = provider_url()
    if not url:
        raise ImproperlyConfigured(
            "Single sign-on: set VPLAN_OIDC_PROVIDER_URL (the issuer) or every endpoint "
            "(VPLAN_OIDC_AUTHORIZATION_ENDPOINT, _TOKEN_ENDPOINT, _USERINFO_ENDPOINT, "
            "_JWKS_ENDPOINT)."
        )
    with _lock:
        if url not in _discovered:
            address = f"{url}/.well-known/openid-configuration"
            try:
                response = requests.get(address, timeout=getattr(settings, "OIDC_TIMEOUT", 10))
                response.raise_for_status()
                _discovered[url] = response.json()
            except (requests.RequestException, ValueError) as error:
                raise ImproperlyConfigured(
                    f"Single sign-on: cannot read {address}: {error}"
                ) from error
        return _discovered[url]


def oidc_setting(name: str, *default):
    """A mozilla-django-oidc setting, an endpoint from discovery when the settings leave it out."""
    value = getattr(settings, name, None)
    if value:
        return value
    if name in DISCOVERED_SETTINGS and (provider_url() or not default):
        return discovery_document().get(DISCOVERED_SETTINGS[name]) or (
            default[0] if default else None
        )
    if default:
        return default[0]
    raise ImproperlyConfigured(f"Single sign-on: the setting {name} is missing.")


def issuer() -> str:
    """The issuer identities are stored under: the discovery document's, or the provider URL."""
    if provider_url():
        return discovery_document().get("issuer", provider_url())
    return oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
