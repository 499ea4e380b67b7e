"""vplan objectplan-approve ID STATE [--date YYYY-MM-DD] [--approver NAME] --user USERNAME."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vplan.objectplans.approval import approve_object_plan_version
from vplan.objectplans.models import ObjectPlan, VersionState
from vplan.organisation.command_line import add_user_option, user_from_options


class Command(BaseCommand):
    help = "Approve an object plan version: preliminary, final, decided or revised."

    def add_arguments(self, parser):
        parser.add_argument("object_plan_id", type=int)
        parser.add_argument("state", choices=[s for s in VersionState.values if s != "draft"])
        parser.add_argument("--date", default="", help="When it was approved (default: today).")
        parser.add_argument("--approver", default="", help="Who approved, as the plan names them.")
        parser.add_argument("--comment", default=None)
        add_user_option(parser)

    def handle(self, *args, **options):
        object_plan = ObjectPlan.objects.filter(pk=options["object_plan_id"]).first()
        if object_plan is None:
            raise CommandError(f"No object plan with id {options['object_plan_id']}.")
        try:
            approved_on = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(f"--date {options['date']!r}: write it as YYYY-MM-DD.") from error
        try:
            version = approve_object_plan_version(
                object_plan=object_plan,
                state=options["state"],
                by=user_from_options(options),
                approved_on=approved_on,
                approver_name=options["approver"],
                comment=options["comment"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Version {version.number} ({version.get_state_display()}) approved on {version.date}."
            )
        )
