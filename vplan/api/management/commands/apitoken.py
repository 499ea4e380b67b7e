"""`vplan apitoken create USERNAME --name NAME` prints a new personal API token once;
`vplan apitoken list [USERNAME]` shows tokens (never the token itself); `vplan apitoken revoke ID`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vplan.api.models import ApiToken
from vplan.api.tokens import create_api_token, revoke_api_token


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the token is for.")
        listing = actions.add_parser("list", help="List tokens (not their secret).")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("token_id", type=int)

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

    def handle_create(self, *, username, name, **options):
        token, text = create_api_token(user=self._user(username), name=name)
        self.stderr.write(
            f"Token {token.pk} ({token.name}) for {token.user}. It is shown only now; "
            "send it as 'Authorization: Bearer <token>'."
        )
        self.stdout.write(text)

    def handle_list(self, *, username=None, **options):
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user=self._user(username))
        for token in tokens:
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.pk}\t{token.user}\t{token.name}\t{token.hint}…\t{state}\tlast used {used}"
            )

    def handle_revoke(self, *, token_id, **options):
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"No API token with id {token_id}.")
        revoke_api_token(token=token)
        self.stdout.write(f"Token {token.pk} ({token.name}) of {token.user} is revoked.")
