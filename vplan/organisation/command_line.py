"""Options the object plan commands share: who acts, and which administration."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from vplan.organisation.models import Administration


def add_user_option(parser) -> None:
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        default="",
        help="Record the changes as made by this user (default: the system, no user).",
    )


def user_from_options(options):
    username = options.get("user") or ""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    return user


def administration_from_options(options) -> Administration | None:
    code = options.get("administration") or ""
    if not code:
        return None
    administration = Administration.objects.filter(short_code__iexact=code).first()
    if administration is None:
        known = ", ".join(Administration.objects.values_list("short_code", flat=True)) or "none"
        raise CommandError(f"No administration with the short code {code!r} (known: {known}).")
    return administration
