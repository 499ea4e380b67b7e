"""Object plan test data: plain factory functions with keyword defaults, real database rows."""

import datetime
import itertools
from decimal import Decimal

from vplan.objectplans.models import (
    BudgetLine,
    ITObject,
    ObjectPlan,
    ObjectPlanActivity,
    ObjectPlanVersion,
    state_for_version_number,
)
from vplan.testing.factories import make_administration, make_board

_sequence = itertools.count(1)


def make_it_object(*, administration=None, short_name: str = "", name: str = "") -> ITObject:
    n = next(_sequence)
    return ITObject.objects.create(
        administration=administration or make_administration(),
        short_name=short_name or f"OBJ{n}",
        name=name or f"Objekt {n}",
    )


def make_object_plan(
    *, administration=None, it_object=None, year: int = 2024, versions=("0.1", "0.8", "0.9", "1.0")
) -> ObjectPlan:
    it_object = it_object or make_it_object(administration=administration)
    plan = ObjectPlan.objects.create(
        it_object=it_object,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    for number in versions:
        ObjectPlanVersion.objects.create(
            object_plan=plan, number=number, state=state_for_version_number(number)
        )
    return plan


def make_budget_line(
    *, object_plan, board=None, kind: str = "VM", amount: str | Decimal = "1000.00", system=""
) -> BudgetLine:
    return BudgetLine.objects.create(
        object_plan=object_plan,
        board=board or make_board(administration=object_plan.it_object.administration),
        kind=kind,
        amount=Decimal(amount),
        system=system,
    )


def make_object_plan_activity(*, object_plan, text: str = "", unit: str = "UF", activity=None):
    return ObjectPlanActivity.objects.create(
        object_plan=object_plan,
        unit=unit,
        text=text or f"Objektaktivitet {next(_sequence)}",
        activity=activity,
    )
