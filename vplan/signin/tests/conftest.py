"""A real OpenID Connect provider (oidc-provider-mock) on a free local port, and Vplan set to
sign in through it. The provider signs its ID tokens (RS256) and serves discovery, JWKS, token
and userinfo endpoints like Entra ID or Keycloak would; its users' claims are set over HTTP."""

from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import run_server_in_thread

BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "vplan.signin.backends.VplanOIDCBackend",
]


@pytest.fixture(scope="session")
def oidc_provider():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso(settings, oidc_provider):
    settings.OIDC_RP_CLIENT_ID = "vplan"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.VPLAN_OIDC_PROVIDER_URL = oidc_provider
    settings.VPLAN_OIDC_PROVIDER_NAME = "Kommunens konto"
    settings.AUTHENTICATION_BACKENDS = [
        *[name for name in settings.AUTHENTICATION_BACKENDS if "VplanOIDC" not in name],
        "vplan.signin.backends.VplanOIDCBackend",
    ]
    return Provider(oidc_provider)


class Provider:
    def __init__(self, url: str):
        self.url = url

    def set_user(self, sub: str, **claims) -> None:
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def approve(self, authorize_url: str, sub: str) -> str:
        """The person at the provider signs in as `sub`; returns where the provider sends
        the browser back to (Vplan's callback with code and state)."""
        response = requests.post(
            authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def sign_in_through(client, provider: Provider, sub: str, next_url: str = "/"):
    """The whole flow through the test client: Vplan -> provider -> Vplan's callback."""
    start = client.get("/sso/authenticate/", {"next": next_url})
    assert start.status_code == 302, start
    assert start["Location"].startswith(provider.url + "/oauth2/authorize?")
    back = urlsplit(provider.approve(start["Location"], sub))
    return client.get(f"{back.path}?{back.query}")
