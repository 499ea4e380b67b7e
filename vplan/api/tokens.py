"""Creating and revoking personal API tokens, each change recorded with who made it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.api.models import (
    DEFAULT_LIFETIME_DAYS,
    LONGEST_LIFETIME_DAYS,
    ApiToken,
    expiry_after,
    hash_token,
    new_token_text,
)
from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change


def create_api_token(
    *,
    user,
    name: str,
    by=None,
    scope: str = ApiToken.Scope.READ_WRITE,
    expires_in_days: int = DEFAULT_LIFETIME_DAYS,
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text, which is not stored."""
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = [_("Give the token a name, e.g. what it is used for.")]
    if scope not in ApiToken.Scope.values:
        errors["scope"] = [
            _("The scope is %(read)s or %(read_write)s.")
            % {"read": ApiToken.Scope.READ, "read_write": ApiToken.Scope.READ_WRITE}
        ]
    if not isinstance(expires_in_days, int) or not 1 <= expires_in_days <= LONGEST_LIFETIME_DAYS:
        errors["expires_in_days"] = [
            _("A token lives from 1 to %(most)d days.") % {"most": LONGEST_LIFETIME_DAYS}
        ]
    if not user.is_active:
        errors["user"] = [_("The user is not active.")]
    if errors:
        raise ValidationError(errors)
    text = new_token_text()
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=name,
            token_hash=hash_token(text),
            hint=text[:10],
            scope=scope,
            expires_at=expiry_after(expires_in_days),
        )
        token.full_clean()
        token.save()
        record_change(
            obj=token,
            by=by or user,
            action=ChangeRecord.Action.CREATED,
            changes={
                "name": (None, name),
                "scope": (None, scope),
                "expires_at": (None, token.expires_at),
            },
        )
    return token, text


def revoke_api_token(*, token: ApiToken, by=None) -> ApiToken:
    """Revoke the token; `by` is who revokes it (None: the command line, with no user named)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.is_revoked:
            raise ValidationError({"token": _("The token is already revoked.")})
        revoker = by if getattr(by, "is_authenticated", False) else None
        token.revoked_at = timezone.now()
        token.revoked_by = revoker
        token.save(update_fields=["revoked_at", "revoked_by"])
        record_change(
            obj=token,
            by=revoker,
            action=ChangeRecord.Action.CHANGED,
            changes={
                "revoked_at": (None, token.revoked_at),
                "revoked_by": (None, revoker),
            },
        )
    return token
