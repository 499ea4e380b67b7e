"""vplan lineage [--plan ID] [--propose] [--json]: links between activities across years."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from vplan.lineage.decisions import decide_link
from vplan.lineage.models import LineageLink
from vplan.lineage.proposals import propose_links
from vplan.plans.models import Activity, Plan


class Command(BaseCommand):
    help = (
        "List the links between activities and the same activities in the previous year's plan; "
        "--propose finds new ones first, --confirm/--reject record a decision."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="Only this plan's activities (default: all).")
        parser.add_argument(
            "--propose", action="store_true", help="Propose links first (pending until decided)."
        )
        parser.add_argument("--json", action="store_true", help="Print the links as JSON.")
        parser.add_argument("--confirm", type=int, action="append", default=[], metavar="LINK_ID")
        parser.add_argument("--reject", type=int, action="append", default=[], metavar="LINK_ID")
        parser.add_argument("--user", help="Username recorded as having decided or proposed.")

    def handle(self, *args, **options):
        by = self._user(options["user"])
        plans = Plan.objects.select_related("administration").order_by("administration", "year")
        if options["plan"] is not None:
            plans = plans.filter(pk=options["plan"])
            if not plans.exists():
                raise CommandError(f"--plan: there is no plan with id {options['plan']}.")
        if options["propose"]:
            plans = list(plans)
            total = Activity.objects.filter(plan__in=plans).count()
            with tqdm(total=total, desc="Proposing links", unit="activity") as bar:
                for plan in plans:
                    propose_links(plan=plan, by=by, progress=bar.update)
        for decision, ids in (
            (LineageLink.Decision.CONFIRMED, options["confirm"]),
            (LineageLink.Decision.REJECTED, options["reject"]),
        ):
            for link_id in ids:
                link = LineageLink.objects.filter(pk=link_id).first()
                if link is None:
                    raise CommandError(f"There is no link with id {link_id}.")
                try:
                    decide_link(link=link, decision=decision, by=by)
                except ValidationError as error:
                    raise CommandError(f"Link {link_id}: {' '.join(error.messages)}") from error

        links = LineageLink.objects.filter(activity__plan__in=plans).with_details()
        links = links.order_by("activity__plan__year", "activity__order", "activity_id", "pk")
        if options["json"]:
            self.stdout.write(
                json.dumps([link.as_dict() for link in links], ensure_ascii=False, indent=2)
            )
            return
        for link in links:
            self.stdout.write(
                f"{link.pk:>6}  {link.confidence:.2f}  {link.decision:<9}  "
                f"{link.predecessor.plan.year} {link.predecessor.text[:45]!r} -> "
                f"{link.activity.plan.year} {link.activity.text[:45]!r}"
            )

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user: there is no user {username!r}.")
        return user
