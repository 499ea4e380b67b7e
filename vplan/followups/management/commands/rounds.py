import json as json_module

from django.core.management.base import BaseCommand

from vplan.followups.models import FollowUpRound


class Command(BaseCommand):
    help = "List the follow-up rounds: id, plan, as-of date and state."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON for machines")
        parser.add_argument("--plan", type=int, help="only the rounds of this plan")

    def handle(self, *args, plan=None, **options):
        rounds = FollowUpRound.objects.select_related("plan__administration").order_by(
            "plan__administration__short_code", "plan__year", "as_of"
        )
        if plan is not None:
            rounds = rounds.filter(plan_id=plan)
        rows = [
            {
                "id": r.pk,
                "plan_id": r.plan_id,
                "plan": str(r.plan),
                "label": r.label,
                "as_of": r.as_of.isoformat(),
                "state": r.state,
            }
            for r in rounds
        ]
        if options["json"]:
            self.stdout.write(json_module.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("No follow-up rounds.")
            return
        width = max(len(row["plan"]) for row in rows)
        self.stdout.write(f"{'id':>5}  {'plan':<{width}}  {'as of':<10}  state      label")
        for row in rows:
            self.stdout.write(
                f"{row['id']:>5}  {row['plan']:<{width}}  {row['as_of']:<10}  {row['state']:<9}  {row['label']}"
            )
