"""vplan rollover PLAN_ID --year YEAR [--yes]: start next year's plan from this one.

Parts stay with their activity: an unfinished part of an activity that is not carried stays behind
with it unless --promote PART_ID names it; then it is carried as an activity of its own."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from vplan.lineage.rollover import MAP, carry_over, propose_rollover
from vplan.plans.models import Plan


def _choice(text: str) -> tuple[str, str]:
    key, sep, choice = text.partition("=")
    if not sep or not key.strip() or not choice.strip():
        raise CommandError(
            f"--map {text!r}: write KIND:ID=copy, KIND:ID=skip or KIND:ID=NEW_ID "
            "(KIND is municipal_goal, board_goal or assignment)"
        )
    return key.strip(), choice.strip()


class Command(BaseCommand):
    help = (
        "Carry the unfinished activities of a plan over into next year's plan and map its goals "
        "and assignments. Prints what would happen; saves only with --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int, help="The plan to carry over from.")
        parser.add_argument("--year", type=int, required=True, help="The year to carry over to.")
        parser.add_argument("--yes", action="store_true", help="Save, after the review.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="KIND:ID=CHOICE",
            help="Map one goal or assignment: copy, skip, or the id of next year's item.",
        )
        parser.add_argument(
            "--leave-out",
            action="append",
            type=int,
            default=[],
            metavar="ACTIVITY_ID",
            help="An unfinished activity not to carry over.",
        )
        parser.add_argument(
            "--promote",
            action="append",
            type=int,
            default=[],
            metavar="PART_ID",
            help=(
                "An unfinished part staying with its activity (done, or left out) to carry over "
                "as an activity of its own, where its activity stood."
            ),
        )
        parser.add_argument("--user", help="Username recorded as having made the rollover.")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(pk=options["plan_id"]).select_related("administration").first()
        if plan is None:
            raise CommandError(f"There is no plan with id {options['plan_id']}.")
        by = None
        if options["user"]:
            by = get_user_model().objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"--user: there is no user {options['user']!r}.")
        choices = dict(_choice(text) for text in options["map"])
        try:
            proposal = propose_rollover(
                plan=plan,
                to_year=options["year"],
                choices=choices,
                leave_out=options["leave_out"],
                promote=options["promote"],
            )
        except ValidationError as error:
            raise CommandError(_describe(error)) from error
        promoted = {part.pk for part, _activity in proposal.promoted}
        refused = [str(pk) for pk in options["promote"] if pk not in promoted]
        if refused:
            raise CommandError(
                f"--promote {', '.join(refused)}: not an unfinished part staying with its "
                "activity; only such a part can be carried over as an activity of its own."
            )
        self._print_proposal(proposal)
        if not options["yes"]:
            self.stdout.write("Nothing saved. Run again with --yes to carry over.")
            return
        with tqdm(total=len(proposal.carried), desc="Carrying over", unit="activity") as bar:
            try:
                new_plan = carry_over(
                    plan=plan,
                    to_year=options["year"],
                    by=by,
                    choices=choices,
                    leave_out=options["leave_out"],
                    promote=options["promote"],
                    progress=bar.update,
                )
            except ValidationError as error:
                raise CommandError(_describe(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Plan {new_plan.pk} ({new_plan}): {len(proposal.carried)} activities carried over."
            )
        )

    def _print_proposal(self, proposal) -> None:
        where = (
            f"into the existing plan {proposal.target_plan.pk}"
            if proposal.target_plan
            else "into a new plan"
        )
        self.stdout.write(f"Rollover of {proposal.plan} to {proposal.to_year} {where}")
        self.stdout.write(
            f"Activities carried over: {len(proposal.carried)} "
            f"(done, left behind: {len(proposal.left_behind)}; "
            f"left out: {len(proposal.left_out)})"
        )
        for activity in proposal.carried:
            self.stdout.write(f"  {activity.pk:>6}  {activity.text[:90]}")
        if proposal.stays_with_activity:
            self.stdout.write(
                f"Parts staying with their activity: {len(proposal.stays_with_activity)} "
                "(--promote PART_ID carries one as an activity of its own)"
            )
            self._print_parts(proposal.stays_with_activity)
        if proposal.promoted:
            self.stdout.write(
                f"Parts promoted, carried as activities of their own: {len(proposal.promoted)}"
            )
            self._print_parts(proposal.promoted)
        self.stdout.write("Goals and assignments (KIND:ID  choice  text):")
        for mapping in proposal.mappings:
            choice = mapping.choice
            if mapping.action == MAP:
                choice = f"-> {mapping.target.pk} {str(mapping.target)[:40]}"
            used = f" [{mapping.used_by} carried]" if mapping.used_by else ""
            self.stdout.write(f"  {mapping.key:<22} {choice:<8} {str(mapping.source)[:60]}{used}")

    def _print_parts(self, pairs) -> None:
        for part, activity in pairs:
            self.stdout.write(
                f"  {part.pk:>6}  {part.text[:60]} (part of {activity.pk} {activity.text[:40]})"
            )


def _describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
