from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vplan.exchange.export import dumps, export_plans
from vplan.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Export plans with goals, assignments, activities, rounds and full status history as JSON."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--plan", type=int, action="append", dest="plans", help="plan id (repeatable)"
        )
        which.add_argument("--all", action="store_true", help="every plan")
        parser.add_argument(
            "-o", "--output", required=True, help="the JSON file to write ('-' for stdout)"
        )

    def handle(self, *args, plans, all, output, **options):
        if plans:
            missing = set(plans) - set(
                Plan.objects.filter(pk__in=plans).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"No plan with id {', '.join(map(str, sorted(missing)))}.")
        text = dumps(export_plans(None if all else plans))
        if output == "-":
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote {output}")
