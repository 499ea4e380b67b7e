"""The caller's own personal API tokens: list, create (signed-in session only) and revoke."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja import Status as HttpStatus

from vplan.api.access import user_of
from vplan.api.auth import NotSignedIn
from vplan.api.models import ApiToken
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS, Extended
from vplan.api.schemas.tokens import ApiTokenCreatedOut, ApiTokenIn, ApiTokenOut
from vplan.api.tokens import create_api_token, revoke_api_token

router = Router(tags=["tokens"])


def _signed_in(request):
    user = user_of(request)
    if not user.is_authenticated:
        raise NotSignedIn(_("Sign in to see your API tokens."))
    return user


@router.get("/tokens", response={200: list[ApiTokenOut], **ERRORS})
@paged
def list_tokens(request):
    """The caller's tokens, newest first, revoked and expired ones too."""
    user = _signed_in(request)
    return ApiToken.objects.of_user(user).select_related("revoked_by")


@router.post("/tokens", response={201: ApiTokenCreatedOut, **ERRORS})
def create_token(request, payload: ApiTokenIn):
    """A new token for the caller, shown once. Only a signed-in session may make one: a token
    cannot make another, so a leaked token cannot outlive its expiry."""
    user = _signed_in(request)
    if getattr(request, "api_token", None) is not None:
        raise PermissionDenied(
            _("A token cannot make tokens: sign in, or use 'vplan apitoken create'.")
        )
    token, text = create_api_token(
        user=user,
        name=payload.name,
        scope=payload.scope,
        expires_in_days=payload.expires_in_days,
        by=user,
    )
    return HttpStatus(201, Extended(token, token=text))


@router.post("/tokens/{int:token_id}/revoke", response={200: ApiTokenOut, **ERRORS})
def revoke_token(request, token_id: int):
    """Revoke one of the caller's tokens (a token may revoke itself); it stops working at once."""
    user = _signed_in(request)
    token = get_object_or_404(ApiToken.objects.of_user(user), pk=token_id)
    return revoke_api_token(token=token, by=user)
