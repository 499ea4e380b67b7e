"""Sign-in through an OpenID Connect provider (Microsoft Entra ID, Keycloak, any other).

mozilla-django-oidc does the protocol (authorization code flow, state, nonce, token and signature
checks); this backend decides who the person is here and what roles they hold:

- A person is found by the provider's subject (`SignInIdentity`: issuer + `sub`), never by the
  e-mail address. On the first sign-in, a user whose user name equals the username claim and
  who has no identity yet (an account an administrator made on the people pages) is linked;
  superusers are never linked this way. Otherwise a new user is made.
- Name and e-mail follow the provider's claims at each sign-in.
- The roles from groups are made to match the groups claim (`claims.sync_roles_from_groups`).
- A deactivated user cannot sign in (mozilla-django-oidc's callback refuses inactive users).
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from vplan.signin import provider
from vplan.signin.claims import groups_from_claims, sync_roles_from_groups
from vplan.signin.models import SignInIdentity

logger = logging.getLogger(__name__)


class VplanOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Nothing of the provider is read here: Django builds every backend for every password
        # sign-in too, and that must not wait for (or fail with) the provider.
        self.UserModel = get_user_model()

    get_settings = staticmethod(provider.oidc_setting)

    def _configure(self) -> None:
        self.OIDC_OP_TOKEN_ENDPOINT = provider.oidc_setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = provider.oidc_setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = provider.oidc_setting("OIDC_OP_JWKS_ENDPOINT", None)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = getattr(settings, "OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for this token: the one with the token's key id (`kid`),
        or, when the token names none, the provider's only key for the token's algorithm. The
        signature is checked with it either way."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("alg", header.get("alg")) == header.get("alg")
            and key.get("use", "sig") == "sig"
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single signing key of the provider matches the token.")
        return jwt.PyJWK(keys[0])

    def authenticate(self, request, **kwargs):
        if request is None or not provider.sso_is_configured():
            return None
        if not (request.GET.get("code") and request.GET.get("state")):
            return None
        self._configure()
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        subject = str(claims.get("sub") or "")
        if not subject or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo subject does not match the ID token's.")
        issuer = str(payload.get("iss") or provider.issuer())
        with transaction.atomic():
            identity = (
                SignInIdentity.objects.select_related("user")
                .filter(issuer=issuer, subject=subject)
                .first()
            )
            user = identity.user if identity else self._user_for_new_identity(claims)
            if identity is None:
                identity = SignInIdentity.objects.create(user=user, issuer=issuer, subject=subject)
            if not user.is_active:
                return user  # the callback refuses inactive users; nothing else changes
            self._update_profile(user, claims)
            identity.last_sign_in_at = timezone.now()
            identity.save(update_fields=["last_sign_in_at"])
            groups = groups_from_claims(claims, settings.VPLAN_OIDC_GROUPS_CLAIM)
            sync_roles_from_groups(user=user, groups=groups)
        return user

    def _username(self, claims: dict) -> str:
        for name in (settings.VPLAN_OIDC_USERNAME_CLAIM, "preferred_username", "email", "sub"):
            value = claims.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip()[:150]
        raise SuspiciousOperation("The provider sent no usable user name.")

    def _user_for_new_identity(self, claims: dict):
        username = self._username(claims)
        existing = self.UserModel.objects.filter(username__iexact=username).first()
        if (
            existing is not None
            and not existing.is_superuser
            and not existing.sign_in_identities.exists()
        ):
            logger.info("single sign-on linked to the existing user %s", existing.pk)
            return existing
        if existing is not None:
            username = f"{username}-{claims['sub']}"[:150]
        user = self.UserModel(username=username)
        user.set_unusable_password()
        user.save()
        return user

    def _update_profile(self, user, claims: dict) -> None:
        fields = {
            "first_name": str(claims.get("given_name") or "")[:150],
            "last_name": str(claims.get("family_name") or "")[:150],
            "email": str(claims.get("email") or "")[:254],
        }
        if not fields["first_name"] and not fields["last_name"] and claims.get("name"):
            first, _, last = str(claims["name"]).partition(" ")
            fields.update(first_name=first[:150], last_name=last[:150])
        changed = [name for name, value in fields.items() if value and getattr(user, name) != value]
        for name in changed:
            setattr(user, name, fields[name])
        if changed:
            user.save(update_fields=changed)
