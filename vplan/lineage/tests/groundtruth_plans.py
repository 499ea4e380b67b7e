"""Build a plan from a ground-truth file of the seeds (../shared/groundtruth beside the repository), for tests.

The lineage tests are about lineage, not parsing: the plans are built from the hand-checked
ground truth through the factories, the way the importer's loader would build them. Activities
listed twice in a document (under two goals) become one activity standing in two places.
"""

import datetime
import json

from vplan.followups.models import Status
from vplan.followups.reporting import submit_status_report
from vplan.imports.scoring import default_shared_dir
from vplan.plans.end_dates import EndDate
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement
from vplan.swedish.months import MONTH_NUMBERS
from vplan.swedish.words import normalised_text
from vplan.testing.factories import make_board, make_plan, make_round, perspective

SHARED = default_shared_dir()
GROUNDTRUTH = SHARED / "groundtruth"


def _as_of(text: str | None, year: int) -> datetime.date:
    day, month = (text or "31 december").split()
    return datetime.date(year, MONTH_NUMBERS[month.lower()], int(day))


def build_plan_from_groundtruth(name: str, *, administration):
    data = json.loads((GROUNDTRUTH / name).read_text(encoding="utf-8"))
    year = data["plan_year"]
    codes = sorted({code for row in data["activities"] for code in row["boards"]})
    boards = {code: make_board(code=code, administration=administration) for code in codes}
    plan = make_plan(administration=administration, year=year, boards=list(boards.values()))
    round = make_round(plan=plan, as_of=_as_of(data["as_of"], year), label=data["as_of"] or "")
    statuses = {status.name.lower(): status for status in Status.objects.all()}
    municipal_goals, board_goals, assignments, activities = {}, {}, {}, {}

    for order, row in enumerate(data["activities"]):
        view = perspective(row["perspective"] or "Samhälle")
        municipal_goal = None
        if row["municipal_goal"]:
            key = (view.pk, row["municipal_goal"])
            if key not in municipal_goals:
                municipal_goals[key] = MunicipalGoal.objects.create(
                    plan=plan, perspective=view, title=row["municipal_goal"][:500]
                )
            municipal_goal = municipal_goals[key]
        board_goal = None
        if row["board_goal"]:
            if row["board_goal"] not in board_goals:
                board_goals[row["board_goal"]] = BoardGoal.objects.create(
                    plan=plan, municipal_goal=municipal_goal, title=row["board_goal"][:300]
                )
            board_goal = board_goals[row["board_goal"]]
        assignment = None
        if row["assignment"] or row["assignment_number"]:
            key = row["assignment_number"] or row["assignment"]
            if key not in assignments:
                assignments[key] = Assignment.objects.create(
                    plan=plan,
                    number=row["assignment_number"],
                    text=row["assignment"] or f"Uppdrag {key}",
                    scope=Assignment.Scope.BOARD_SPECIFIC,
                )
            assignment = assignments[key]

        key = normalised_text(row["text"])
        activity = activities.get(key)
        if activity is None:
            end = EndDate(row["deadline"]) if row["deadline"] else None
            activity = Activity.objects.create(
                plan=plan,
                text=row["text"],
                decided_end=end,
                current_end=end,
                carried_over_from_year=row["carried_over_from"],
                order=order,
            )
            activity.boards.set([boards[code] for code in row["boards"]] or boards.values())
            activities[key] = activity
            status = statuses.get(row["status"].lower())
            submit_status_report(
                activity=activity,
                round=round,
                author=None,
                status=status,
                status_text="" if status else row["status"],
                comment=row["comment"],
                expected_version=0,
                allow_closed_round=True,
            )
        Placement.objects.get_or_create(
            activity=activity,
            municipal_goal=municipal_goal,
            board_goal=board_goal,
            assignment=assignment,
            defaults={"perspective": view, "order": order},
        )
    return plan
