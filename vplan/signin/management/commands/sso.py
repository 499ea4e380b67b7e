"""vplan sso: single sign-on's group mappings and a check of the provider's configuration.

vplan sso check                                   # read the provider's discovery document
vplan sso mappings [--administration UTB] [--json]
vplan sso map GROUP --administration UTB [--board BIN] --role editor [--user USERNAME]
vplan sso unmap MAPPING_ID [--user USERNAME]
"""

import json

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError

from vplan.organisation.command_line import (
    add_user_option,
    administration_from_options,
    user_from_options,
)
from vplan.organisation.models import Board
from vplan.signin import provider
from vplan.signin.claims import add_claim_mapping, remove_claim_mapping
from vplan.signin.models import ClaimRoleMapping


class Command(BaseCommand):
    help = "Single sign-on (OpenID Connect): check the provider, list and change group mappings."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("check", help="Read the provider's endpoints as Vplan will use them.")
        listing = actions.add_parser("mappings", help="List the group mappings.")
        listing.add_argument("--administration", metavar="SHORT_CODE", default="")
        listing.add_argument("--json", action="store_true")
        mapping = actions.add_parser("map", help="Let a group give a role.")
        mapping.add_argument("group", help="The group name or id as the provider sends it.")
        mapping.add_argument("--administration", metavar="SHORT_CODE", required=True)
        mapping.add_argument("--board", metavar="CODE", default="", help="Empty: every board.")
        mapping.add_argument("--role", required=True, help="admin, controller, editor or reader")
        add_user_option(mapping)
        unmapping = actions.add_parser("unmap", help="Stop a group giving a role.")
        unmapping.add_argument("mapping_id", type=int)
        add_user_option(unmapping)

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error

    def _check(self, options):
        if not provider.sso_is_configured():
            raise CommandError("Single sign-on is off: VPLAN_OIDC_CLIENT_ID is not set.")
        for name in provider.DISCOVERED_SETTINGS:
            self.stdout.write(f"{name}: {provider.oidc_setting(name)}")
        self.stdout.write(f"issuer: {provider.issuer()}")

    def _mappings(self, options):
        mappings = ClaimRoleMapping.objects.select_related("administration", "board")
        administration = administration_from_options(options)
        if administration is not None:
            mappings = mappings.of_administrations([administration])
        rows = [
            {
                "id": m.pk,
                "group": m.claim_value,
                "administration": m.administration.short_code,
                "board": m.board.display_code if m.board else None,
                "role": m.role,
            }
            for m in mappings
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['id']:>5}  {row['group']}  ->  {row['role']} in {row['administration']}"
                f" ({row['board'] or 'every board'})"
            )

    def _map(self, options):
        administration = administration_from_options(options)
        board = None
        if options["board"]:
            board = (
                Board.objects.of_administration(administration).by_code(options["board"]).first()
            )
            if board is None:
                raise CommandError(f"No board {options['board']!r} in {administration.short_code}.")
        mapping = add_claim_mapping(
            claim_value=options["group"],
            administration=administration,
            board=board,
            role=options["role"],
            by=user_from_options(options),
        )
        self.stdout.write(f"Mapping {mapping.pk}: {mapping}")

    def _unmap(self, options):
        mapping = ClaimRoleMapping.objects.filter(pk=options["mapping_id"]).first()
        if mapping is None:
            raise CommandError(f"No group mapping {options['mapping_id']}.")
        remove_claim_mapping(mapping=mapping, by=user_from_options(options))
        self.stdout.write(f"Removed mapping {mapping.pk}.")
