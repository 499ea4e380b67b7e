"""vplan import-objectplan PATH [--dry-run] [--json]: read a strategic object plan (a Markdown
document with tab-separated tables, or a Vplan exchange file .json) and load it, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from vplan.imports.read_objectplan import (
    ObjectPlanParseError,
    looks_like_object_plan,
    parse_object_plan,
)
from vplan.objectplans.exchange import read_exchange
from vplan.objectplans.load import ObjectPlanLoadError, load_parsed_object_plan
from vplan.objectplans.money import format_sek
from vplan.objectplans.parsed import dumps_exact
from vplan.organisation.command_line import (
    add_user_option,
    administration_from_options,
    user_from_options,
)
from vplan.organisation.models import Administration
from vplan.upload_limits import load_json


class DryRun(Exception):
    """Raised to roll the dry run's transaction back."""


class Command(BaseCommand):
    help = "Import an IT object plan (document or exchange .json); --dry-run --json prints its structure."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="The object plan: a Markdown/text document or a .json exchange file."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check, change nothing."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the parsed structure as JSON."
        )
        parser.add_argument(
            "--administration",
            metavar="SHORT_CODE",
            default="",
            help="The administration that keeps the object's plans (needed for a new object "
            "whose boards Vplan does not know).",
        )
        add_user_option(parser)

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        administration = administration_from_options(options)
        parsed, administration = self.read(path, administration)
        if options["json"]:
            self.stdout.write(dumps_exact(parsed.summary()))
        if options["dry_run"]:
            if not options["json"]:
                self.describe(parsed)
                self.try_load(parsed, administration, options)
            return
        by = user_from_options(options)
        try:
            result = load_parsed_object_plan(parsed=parsed, by=by, administration=administration)
        except ObjectPlanLoadError as error:
            raise CommandError(f"{path.name}: {error}") from error
        if not options["json"]:
            self.describe(parsed)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Object plan {result.object_plan} (id {result.object_plan.pk}): "
                    f"{result.created} created, {result.changed} changed, {result.deleted} removed, "
                    f"{result.linked} activities linked to plan activities."
                )
            )

    def read(self, path: Path, administration):
        if path.suffix.lower() == ".json":
            try:
                parsed, code = read_exchange(load_json(path.read_bytes()))
            except (ValueError, UnicodeDecodeError) as error:
                raise CommandError(f"{path.name}: {error}") from error
            if administration is None and code:
                administration = Administration.objects.filter(short_code__iexact=code).first()
            return parsed, administration
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{path.name}: the file is not UTF-8 text.") from error
        if not looks_like_object_plan(text):
            raise CommandError(
                f"{path.name}: this does not look like a strategic object plan (no 'objektplan' "
                "near the top, or no VM/VU budget); follow-up reports are imported with `vplan import`."
            )
        try:
            return parse_object_plan(path), administration
        except ObjectPlanParseError as error:
            raise CommandError(str(error)) from error

    def describe(self, parsed) -> None:
        self.stdout.write(f"{parsed.title}")
        self.stdout.write(f"  object {parsed.object_short} ({parsed.object}), year {parsed.year}")
        self.stdout.write(
            f"  {len(parsed.versions)} versions, {len(parsed.governing_documents)} governing documents, "
            f"{sum(len(a.goals) for a in parsed.goal_areas)} long-term goals, "
            f"{len(parsed.activities)} activities, {len(parsed.budget_lines)} budget lines"
        )
        for kind, amount in parsed.totals_by_kind().items():
            self.stdout.write(f"  {kind} {format_sek(amount, separator=' ')}")
        self.stdout.write(f"  total {format_sek(parsed.total(), separator=' ')}")

    def try_load(self, parsed, administration, options) -> None:
        """Load inside a transaction that is rolled back: reports what a real load would do."""
        try:
            with transaction.atomic():
                result = load_parsed_object_plan(
                    parsed=parsed, by=user_from_options(options), administration=administration
                )
                self.stdout.write(
                    f"Dry run: would create {result.created}, change {result.changed}, "
                    f"remove {result.deleted}; nothing was written."
                )
                raise DryRun
        except DryRun:
            pass
        except ObjectPlanLoadError as error:
            raise CommandError(f"{parsed.source}: {error}") from error
