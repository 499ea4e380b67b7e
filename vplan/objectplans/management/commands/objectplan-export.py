"""vplan objectplan-export ID [-o FILE]: the object plan in the exchange format (JSON)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vplan.objectplans.exchange import dumps_exchange
from vplan.objectplans.models import ObjectPlan


class Command(BaseCommand):
    help = "Export an IT object plan as JSON; `vplan import-objectplan FILE.json` loads it back."

    def add_arguments(self, parser):
        parser.add_argument("object_plan_id", type=int)
        parser.add_argument("-o", "--output", help="The file to write (default: standard output).")

    def handle(self, *args, **options):
        object_plan = ObjectPlan.objects.filter(pk=options["object_plan_id"]).first()
        if object_plan is None:
            raise CommandError(f"No object plan with id {options['object_plan_id']}.")
        text = dumps_exchange(object_plan)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}."))
        else:
            self.stdout.write(text, ending="")
