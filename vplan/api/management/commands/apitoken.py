"""`vplan apitoken create USERNAME --name NAME [--read-only] [--expires-days N]` prints a new
personal API token once; `vplan apitoken list [USERNAME]` shows tokens (never the token itself);
`vplan apitoken revoke ID [--by USERNAME]` revokes one, recording who did it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vplan.api.models import DEFAULT_LIFETIME_DAYS, ApiToken
from vplan.api.tokens import create_api_token, revoke_api_token


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument(
            "--read-only",
            action="store_true",
            help="The token may only read (GET); without it, it reads and writes.",
        )
        create.add_argument(
            "--expires-days",
            type=int,
            default=DEFAULT_LIFETIME_DAYS,
            help=f"Days until the token expires (default {DEFAULT_LIFETIME_DAYS}).",
        )
        listing = actions.add_parser("list", help="List tokens (not their secret).")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id", type=int)
        revoke.add_argument(
            "--by", metavar="USERNAME", help="Who revokes it, recorded in the change history."
        )

    def handle(self, *args, action, **options):
        try:
            return getattr(self, f"handle_{action}")(**options)
        except ValidationError as error:
            messages = "; ".join(
                f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()
            )
            raise CommandError(messages) from error

    def _user(self, username):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error

    def handle_create(self, *, username, name, read_only, expires_days, **options):
        scope = ApiToken.Scope.READ if read_only else ApiToken.Scope.READ_WRITE
        token, text = create_api_token(
            user=self._user(username), name=name, scope=scope, expires_in_days=expires_days
        )
        self.stderr.write(
            f"Token {token.pk} ({token.name}, {token.scope}) for {token.user}, expires "
            f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}. It is shown only now; "
            "send it as 'Authorization: Bearer <token>'."
        )
        self.stdout.write(text)

    def handle_list(self, *, username=None, **options):
        tokens = ApiToken.objects.select_related("user", "revoked_by")
        if username:
            tokens = tokens.filter(user=self._user(username))
        for token in tokens:
            self.stdout.write(
                "\t".join(
                    [
                        str(token.pk),
                        str(token.user),
                        token.name,
                        f"{token.hint}…",
                        token.scope,
                        self._state(token),
                        f"expires {_when(token.expires_at)}",
                        f"last used {_when(token.last_used_at)}",
                    ]
                )
            )

    @staticmethod
    def _state(token) -> str:
        if token.is_revoked:
            by = f" by {token.revoked_by}" if token.revoked_by else ""
            return f"revoked {_when(token.revoked_at)}{by}"
        return "expired" if token.is_expired else "active"

    def handle_revoke(self, *, token_id, by=None, **options):
        token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"No API token with id {token_id}.")
        revoker = self._user(by) if by else None
        revoke_api_token(token=token, by=revoker)
        self.stdout.write(f"Token {token.pk} ({token.name}) of {token.user} is revoked.")


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "never"
