"""`vplan import PATH [--dry-run] [--json]`: import an existing follow-up report."""

from __future__ import annotations

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from vplan.imports.detect import parse_document
from vplan.imports.load import file_sha256, load_parsed_document
from vplan.imports.parsed import ImportFormatError, ParsedDocument


class Command(BaseCommand):
    help = "Import a follow-up report (Word, PDF, Markdown or extracted text) as plan and round."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the report file")
        parser.add_argument("--dry-run", action="store_true", help="parse only, write nothing")
        parser.add_argument("--json", action="store_true", help="print the parsed document")

    def handle(self, *args, **options) -> None:
        path = options["path"]
        try:
            parsed = parse_document(path)
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(parsed.to_schema_dict(), ensure_ascii=False, indent=2))
        if options["dry_run"]:
            if not options["json"]:
                self._summary(parsed)
                self.stdout.write("Dry run: nothing was written.")
            return
        try:
            result = load_parsed_document(parsed=parsed, by=None, sha256=file_sha256(path))
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        if not result.created:
            self.stdout.write(
                f"Already imported on {result.record.imported_at:%Y-%m-%d %H:%M} "
                f"(plan {result.record.plan}): nothing was written."
            )
            return
        if not options["json"]:
            self._summary(parsed)
        self.stdout.write(
            f"Imported into plan {result.record.plan}, round {result.record.round.label}: "
            f"{result.activities_created} activities, {result.placements_created} placements, "
            f"{result.reports_created} status reports."
        )

    def _summary(self, parsed: ParsedDocument) -> None:
        self.stdout.write(
            f"{parsed.source}: {parsed.title or '(no title)'}, plan year {parsed.plan_year}, "
            f"follow-up per {parsed.as_of or '(date not stated)'} ({parsed.format})"
        )
        counts = Counter((a.perspective or "-", a.status or "-") for a in parsed.activities)
        for perspective in dict.fromkeys(a.perspective or "-" for a in parsed.activities):
            parts = [f"{s} {n}" for (p, s), n in counts.items() if p == perspective]
            total = sum(n for (p, _), n in counts.items() if p == perspective)
            self.stdout.write(f"  {perspective}: {total} activities ({', '.join(parts)})")
        self.stdout.write(f"Warnings: {len(parsed.warnings)}")
        for warning in parsed.warnings:
            self.stdout.write(f"  [{warning.code}] {warning.message}")
