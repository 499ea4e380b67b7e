"""Who is calling: a personal API token (Authorization: Bearer ...) or the Django session.

A session may change things only with a valid CSRF token (X-CSRFToken header), as the pages do.
A read-only token may only read (GET, HEAD, OPTIONS); an expired or revoked token is refused.
Without either, a caller is anonymous and may only read (what is published).
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from vplan.api.models import ApiToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class NotSignedIn(HttpError):
    def __init__(self, message: str):
        super().__init__(401, message)


class CsrfFailed(HttpError):
    def __init__(self):
        super().__init__(
            403,
            _(
                "CSRF check failed: a signed-in session must send the csrftoken cookie's value "
                "in the X-CSRFToken header."
            ),
        )


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer vplan_...`. A wrong or revoked token is refused, never ignored."""

    def __call__(self, request: HttpRequest):
        value = request.headers.get("Authorization")
        if not value:
            return None
        scheme, _space, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotSignedIn(_("Send the API token as 'Authorization: Bearer <token>'."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.objects.matching(token).select_related("user").first()
        if found is None or not found.user.is_active:
            raise NotSignedIn(_("The API token is unknown."))
        if found.is_revoked:
            raise NotSignedIn(_("The API token was revoked; make a new one."))
        if found.is_expired:
            raise NotSignedIn(
                _("The API token expired on %(date)s; make a new one.")
                % {"date": timezone.localtime(found.expires_at).strftime("%Y-%m-%d %H:%M")}
            )
        if found.is_read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied(
                _(
                    "The API token is read-only: it may only read (GET). Use a read-and-write "
                    "token to change anything."
                )
            )
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The Django session of a signed-in user; anonymous callers may read, never write."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)  # checked below, for writes only

    def __call__(self, request: HttpRequest):
        user = request.user
        if request.method in SAFE_METHODS:
            return user if user.is_authenticated else AnonymousUser()
        if not user.is_authenticated:
            raise NotSignedIn(
                _("Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
            )
        if check_csrf(request) is not None:
            raise CsrfFailed()
        return user

    def authenticate(self, request: HttpRequest, key):  # pragma: no cover - __call__ decides
        return None


API_AUTH = [ApiTokenAuth(), SessionAuth()]
