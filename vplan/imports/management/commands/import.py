"""`vplan import PATH [PATH ...] [--dry-run] [--json]`: import existing reports.

Each file is a follow-up report (Word, PDF, Markdown or extracted text), or an IT object plan,
which `vplan.objectplans` loads. Each file is imported all or nothing and
reported on its own; a progress bar on stderr follows the files. The exit status is non-zero when
any file was not imported.

A report Vplan already holds (as text, Word or PDF) writes nothing and says so; a different
version of one is listed and applied only with --apply-changes. Board codes that are not boards
of Vplan are refused unless mapped (--map-board BIN=BiN) or created (--create-board XYZ=NAME,
or --create-boards for the usual codes under their usual names).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.timezone import localtime
from tqdm import tqdm

from vplan.imports.difference import ReportDifference
from vplan.imports.load import LoadResult, Outcome, file_sha256, load_parsed_document
from vplan.imports.parsed import ImportFormatError, ParsedDocument
from vplan.imports.reading import is_object_plan, read_document
from vplan.imports.registry import (
    BoardChoiceError,
    BoardChoices,
    board_choices_from_text,
    boards_in,
)
from vplan.objectplans.load import ObjectPlanLoadError, load_parsed_object_plan
from vplan.objectplans.money import format_sek
from vplan.objectplans.parsed import ParsedObjectPlan, dumps_exact
from vplan.organisation.command_line import (
    add_user_option,
    administration_from_options,
    user_from_options,
)


class ProgressStream:
    """The command's stderr as tqdm wants it: written as given, no line ending added."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Import follow-up reports (Word, PDF, Markdown or extracted text) as plan and round, "
        "or IT object plans; each file all or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="the report files")
        parser.add_argument("--dry-run", action="store_true", help="parse only, write nothing")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the parsed document as JSON (a list of them for several files)",
        )
        parser.add_argument(
            "--administration",
            metavar="SHORT_CODE",
            default="",
            help="import into this administration (default: the one the report names)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        parser.add_argument(
            "--apply-changes",
            action="store_true",
            help="apply the differences of a new version of a report already imported",
        )
        parser.add_argument(
            "--map-board",
            action="append",
            default=[],
            metavar="CODE=BOARD",
            help="read the report's board code CODE as the existing board BOARD (its code)",
        )
        parser.add_argument(
            "--create-board",
            action="append",
            default=[],
            metavar="CODE=NAME",
            help="create a board for the report's code CODE, named NAME",
        )
        parser.add_argument(
            "--create-boards",
            action="store_true",
            help="create the boards of the usual codes (BiN, BoU, AN ...) under their usual names",
        )
        add_user_option(parser)

    @no_translations
    def handle(self, *args, **options) -> None:
        paths = options["paths"]
        administration = administration_from_options(options)
        by = user_from_options(options)
        documents: list[str] = []
        failures: list[str] = []
        bar = tqdm(
            paths,
            desc="vplan import",
            unit="file",
            file=ProgressStream(self.stderr),
            disable=options["no_progress"],
        )
        self.bar = bar
        for path in bar:
            bar.set_postfix_str(Path(path).name, refresh=False)
            try:
                printed = self.import_file(path, options, administration, by)
            except (ImportFormatError, ObjectPlanLoadError, ValidationError) as error:
                failures.append(self.failure(path, error))
                continue
            if printed is not None:
                documents.append(printed)
        bar.close()
        if options["json"] and documents:
            if len(paths) == 1:
                self.stdout.write(documents[0])
            else:
                self.stdout.write("[\n" + ",\n".join(documents) + "\n]")
        if failures:
            if len(paths) == 1:
                raise CommandError(failures[0])
            raise CommandError(
                f"{len(failures)} of {len(paths)} files were not imported:\n  "
                + "\n  ".join(failures)
            )

    def say(self, text: str) -> None:
        """A line on stdout, with the progress bar out of its way."""
        self.bar.clear()
        self.stdout.write(text)
        self.bar.refresh()

    def failure(self, path: str, error: Exception) -> str:
        if isinstance(error, ImportFormatError):
            return str(error)
        if isinstance(error, ValidationError):
            return f"{path}: {' '.join(error.messages)}"
        return f"{path}: {error}"

    def import_file(self, path: str, options, administration, by) -> str | None:
        """Import one file; returns its JSON when --json is given."""
        parsed = read_document(path)
        if is_object_plan(parsed):
            return self.import_object_plan(parsed, options, administration, by)
        printed = None
        if options["json"]:
            printed = json.dumps(parsed.to_schema_dict(), ensure_ascii=False, indent=2)
        if options["dry_run"]:
            if not options["json"]:
                self.summary(parsed)
                self.say(f"{parsed.source}: dry run, nothing was written.")
            return printed
        result = load_parsed_document(
            parsed=parsed,
            by=by,
            sha256=file_sha256(path),
            administration=administration,
            board_choices=self.board_choices(parsed, options, administration),
            apply_changes=options["apply_changes"],
        )
        self.report_result(parsed, result, options)
        return printed

    def report_result(self, parsed: ParsedDocument, result: LoadResult, options) -> None:
        record, difference = result.record, result.difference
        for warning in result.warnings:
            self.say(f"{parsed.source}: [{warning.code}] {warning.message}")
        if result.outcome == Outcome.UNCHANGED:
            where = f"plan {difference.plan}, round {difference.round.label}"
            if record is not None:
                where = (
                    f"imported on {localtime(record.imported_at):%Y-%m-%d %H:%M} from "
                    f"{record.source_name} ({where})"
                )
            self.say(
                f"{parsed.source}: the same report is already in Vplan, {where}: nothing was written."
            )
            return
        if result.outcome == Outcome.DIFFERS:
            self.say(
                f"{parsed.source}: another version of round {difference.round.label} of plan "
                f"{difference.plan}, which Vplan holds:"
            )
            self.describe_difference(difference)
            self.say(
                f"{parsed.source}: nothing was written; run again with --apply-changes to apply "
                "these differences."
            )
            return
        if not options["json"]:
            self.summary(parsed)
        if result.outcome == Outcome.UPDATED:
            self.describe_difference(difference)
            self.say(
                f"{parsed.source}: updated plan {record.plan}, round {record.round.label}: "
                f"{result.activities_created} activities added, {result.activities_changed} "
                f"changed, {result.activities_removed} removed, {result.reports_created} new "
                f"status report versions, {result.boards_created} boards created."
            )
            return
        self.say(
            f"{parsed.source}: imported into plan {record.plan}, round {record.round.label}: "
            f"{result.activities_created} activities, {result.placements_created} placements, "
            f"{result.reports_created} status reports, {result.boards_created} boards created."
        )

    def describe_difference(self, difference: ReportDifference) -> None:
        for item in difference.added:
            self.say(f"  added: {item.text} ({item.status or 'no status'})")
        for activity in difference.removed:
            self.say(f"  removed: {activity.text}")
        for change in difference.changed:
            fields = "; ".join(
                f"{name} {old!r} -> {new!r}" for name, (old, new) in change.fields.items()
            )
            self.say(f"  changed: {change.activity.text}: {fields}")
        for change in difference.statuses:
            self.say(
                f"  status: {change.activity.text}: {change.status_before!r} -> "
                f"{change.item.status!r}"
                + ("" if change.comment_before == change.item.comment else " (comment changed)")
            )
        for item in difference.places:
            self.say(f"  new place: {item.text}: {item.perspective} / {item.board_goal or '-'}")

    def board_choices(self, parsed: ParsedDocument, options, administration) -> BoardChoices:
        """The board codes as the options map or create them; any other code that is not a
        board of Vplan is refused, with a board of a similar code suggested."""
        try:
            choices = board_choices_from_text(
                parsed=parsed,
                map_board=options["map_board"],
                create_board=options["create_board"],
                create_boards=options["create_boards"],
            )
        except BoardChoiceError as error:
            message = str(error).replace("map_board", "--map-board")
            message = message.replace("create_board", "--create-board")
            raise ImportFormatError(parsed.source, message) from error
        entries = boards_in(parsed, administration=administration, choices=choices)
        unresolved = [entry for entry in entries if not entry.is_resolved]
        if unresolved:
            raise ImportFormatError(
                parsed.source, "; ".join(_unresolved_hint(entry) for entry in unresolved)
            )
        return choices

    def import_object_plan(
        self, parsed: ParsedObjectPlan, options, administration, by
    ) -> str | None:
        printed = dumps_exact(parsed.summary()) if options["json"] else None
        if not options["json"]:
            self.describe_object_plan(parsed)
        if options["dry_run"]:
            if not options["json"]:
                self.say(f"{parsed.source}: dry run, nothing was written.")
            return printed
        result = load_parsed_object_plan(parsed=parsed, by=by, administration=administration)
        if not result.changed_anything:
            self.say(
                f"{parsed.source}: already imported as object plan {result.object_plan} "
                f"(id {result.object_plan.pk}): nothing changed."
            )
            return printed
        self.say(
            f"{parsed.source}: object plan {result.object_plan} (id {result.object_plan.pk}): "
            f"{result.created} created, {result.changed} changed, {result.deleted} removed, "
            f"{result.linked} activities linked to plan activities."
        )
        return printed

    def summary(self, parsed: ParsedDocument) -> None:
        self.say(
            f"{parsed.source}: {parsed.title or '(no title)'}, plan year {parsed.plan_year}, "
            f"follow-up per {parsed.as_of or '(date not stated)'} ({parsed.format})"
        )
        counts = Counter((a.perspective or "-", a.status or "-") for a in parsed.activities)
        for perspective in dict.fromkeys(a.perspective or "-" for a in parsed.activities):
            parts = [f"{s} {n}" for (p, s), n in counts.items() if p == perspective]
            total = sum(n for (p, _), n in counts.items() if p == perspective)
            self.say(f"  {perspective}: {total} activities ({', '.join(parts)})")
        self.say(f"Warnings: {len(parsed.warnings)}")
        for warning in parsed.warnings:
            self.say(f"  [{warning.code}] {warning.message}")

    def describe_object_plan(self, parsed: ParsedObjectPlan) -> None:
        self.say(f"{parsed.source}: IT object plan: {parsed.title}")
        self.say(f"  object {parsed.object_short} ({parsed.object}), year {parsed.year}")
        self.say(
            f"  {len(parsed.versions)} versions, {len(parsed.governing_documents)} governing "
            f"documents, {sum(len(a.goals) for a in parsed.goal_areas)} long-term goals, "
            f"{len(parsed.activities)} activities, {len(parsed.budget_lines)} budget lines"
        )
        for kind, amount in parsed.totals_by_kind().items():
            self.say(f"  {kind} {format_sek(amount, separator=' ')}")
        self.say(f"  total {format_sek(parsed.total(), separator=' ')}")


def _unresolved_hint(entry) -> str:
    hint = f"the board code {entry.code} is not a board of Vplan"
    if entry.suggestions:
        board = entry.suggestions[0]
        hint += f" (did you mean {board.display_code}, {board.name}? --map-board {entry.code}={board.display_code})"
    if entry.usual_name:
        hint += f"; --create-boards creates it as {entry.usual_name}"
    return hint + f"; or --create-board {entry.code}=NAME"
