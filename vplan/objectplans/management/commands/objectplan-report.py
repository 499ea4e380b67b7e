"""vplan objectplan-report ID --format docx|pdf -o FILE: the object plan as Word or PDF/A."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vplan.objectplans.models import ObjectPlan
from vplan.objectplans.render_docx import render_docx
from vplan.objectplans.render_pdf import render_pdf
from vplan.objectplans.report import build_object_plan_report

RENDERERS = {"docx": render_docx, "pdf": render_pdf}


class Command(BaseCommand):
    help = "Write an IT object plan's report as Word (docx) or archival PDF (PDF/A)."

    def add_arguments(self, parser):
        parser.add_argument("object_plan_id", type=int)
        parser.add_argument("--format", choices=sorted(RENDERERS), default="pdf")
        parser.add_argument("-o", "--output", help="The file to write (default: <name>.<format>).")
        parser.add_argument("--language", default="", help="sv (default) or en.")

    def handle(self, *args, **options):
        object_plan = ObjectPlan.objects.filter(pk=options["object_plan_id"]).first()
        if object_plan is None:
            raise CommandError(f"No object plan with id {options['object_plan_id']}.")
        report = build_object_plan_report(
            object_plan=object_plan, language=options["language"] or None
        )
        output = Path(options["output"] or f"{report.filename_stem}.{options['format']}")
        output.write_bytes(RENDERERS[options["format"]](report))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({output.stat().st_size} bytes)."))
