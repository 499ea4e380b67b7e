"""Creating and revoking personal API tokens, each change recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.api.models import ApiToken, hash_token, new_token_text
from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, update_with_trail


def create_api_token(*, user, name: str, by=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text, which is not stored."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. what it is used for.")})
    if not user.is_active:
        raise ValidationError({"user": _("The user is not active.")})
    text = new_token_text()
    with transaction.atomic():
        token = ApiToken(user=user, name=name, token_hash=hash_token(text), hint=text[:10])
        token.full_clean()
        token.save()
        record_change(
            obj=token,
            by=by or user,
            action=ChangeRecord.Action.CREATED,
            changes={"name": (None, name)},
        )
    return token, text


def revoke_api_token(*, token: ApiToken, by=None) -> None:
    if token.is_revoked:
        raise ValidationError({"token": _("The token is already revoked.")})
    with transaction.atomic():
        update_with_trail(obj=token, by=by or token.user, revoked_at=timezone.now())
