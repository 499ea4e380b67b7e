"""vplan search QUERY [--json] [--year YEAR] | vplan search --reindex"""

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from vplan.search.documents import KINDS
from vplan.search.engines import reindex_search
from vplan.search.results import search


class Command(BaseCommand):
    help = (
        "Search every year's activities, status comments, goals and assignments with Swedish "
        "stemming ('segregation' finds 'segregationen'). --reindex rebuilds the SQLite index (a "
        "repair: every write keeps it current)."
    )

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", help="The words to look for.")
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
        parser.add_argument("--year", type=int, help="Only plans of this year.")
        parser.add_argument(
            "--kind", action="append", choices=list(KINDS), help="Only these kinds."
        )
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="Rebuild the full-text index (SQLite) first: a repair, writes keep it current.",
        )

    def handle(self, *args, **options):
        if options["reindex"]:
            with tqdm(desc="Indexing", unit="text") as bar:
                count = reindex_search(progress=bar.update)
            self.stderr.write(f"Indexed {count} texts.")
        if not options["query"]:
            if options["reindex"]:
                return
            raise CommandError("Give words to search for, or --reindex.")
        results = search(
            query=options["query"],
            year=options["year"],
            kinds=options["kind"],
            limit=options["limit"],
        )
        if options["json"]:
            self.stdout.write(
                json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2)
            )
            return
        for result in results:
            self.stdout.write(
                f"{result.plan.year}  {result.kind_label:<22} {result.text[:100].replace(chr(10), ' ')}"
            )
        self.stderr.write(f"{len(results)} results.")
