"""Budget totals per board, per kind and overall equal the sum of the lines, to the öre; shared
posts are split into lines that add up exactly to the post."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vplan.audit.models import ChangeRecord
from vplan.objectplans.budgeting import (
    add_allocation_key,
    add_budget_line,
    add_shared_budget_post,
    change_budget_line,
    remove_budget_line,
    remove_shared_budget_post,
    set_budget_forecast,
)
from vplan.objectplans.models import BudgetLine, ObjectPlan
from vplan.testing.factories import make_board

ore_amounts = st.integers(min_value=-(10**11), max_value=10**11).map(lambda ore: Decimal(ore) / 100)
lines_strategy = st.lists(
    st.tuples(
        st.sampled_from(["AMI", "BIN", "BOU", "KOF"]), st.sampled_from(["VM", "VU"]), ore_amounts
    ),
    max_size=20,
)


class Rollback(Exception):
    pass


@pytest.fixture
def boards(administration):
    return {
        code: make_board(code=code, administration=administration)
        for code in ["AMI", "BIN", "BOU", "KOF"]
    }


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=lines_strategy)
def test_totals_equal_the_sum_of_the_lines(object_plan, boards, controller, lines):
    try:
        with transaction.atomic():
            for board, kind, amount in lines:
                add_budget_line(
                    object_plan=object_plan,
                    board=boards[board],
                    kind=kind,
                    amount=amount,
                    by=controller,
                )
            budget = ObjectPlan.objects.get(pk=object_plan.pk).budget()
            assert budget.total == sum((amount for _b, _k, amount in lines), Decimal("0.00"))
            for kind in ["VM", "VU"]:
                assert budget.by_kind[kind] == sum(
                    (a for _b, k, a in lines if k == kind), Decimal("0.00")
                )
            for code in {board for board, _k, _a in lines}:
                assert budget.by_board[code] == sum(
                    (a for b, _k, a in lines if b == code), Decimal("0.00")
                )
            assert sum(budget.by_board.values(), Decimal(0)) == budget.total
            assert sum(budget.by_kind.values(), Decimal(0)) == budget.total
            raise Rollback
    except Rollback:
        pass


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amount=st.integers(min_value=1, max_value=10**12).map(lambda ore: Decimal(ore) / 100),
    weights=st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=4).filter(
        lambda w: sum(w) > 0
    ),
)
def test_a_shared_post_becomes_lines_that_add_up_to_it(
    object_plan, boards, controller, amount, weights
):
    try:
        with transaction.atomic():
            chosen = list(boards.values())[: len(weights)]
            key = add_allocation_key(
                object_plan=object_plan,
                shares=list(zip(chosen, weights, strict=True)),
                by=controller,
            )
            post = add_shared_budget_post(
                object_plan=object_plan, key=key, kind="VM", amount=amount, by=controller
            )
            assert sum(line.amount for line in post.lines.all()) == amount
            assert ObjectPlan.objects.get(pk=object_plan.pk).budget().total == amount
            raise Rollback
    except Rollback:
        pass


def test_the_seed_keys_split_a_post_between_the_boards(object_plan, boards, controller):
    key = add_allocation_key(
        object_plan=object_plan,
        shares=[(boards["AMI"], 10), (boards["BIN"], 20), (boards["BOU"], 50), (boards["KOF"], 20)],
        text="AMI/BiN/BoU/KoF 10/20/50/20",
        by=controller,
    )
    post = add_shared_budget_post(
        object_plan=object_plan,
        key=key,
        kind="VU",
        amount=Decimal("100000.05"),
        system="Gemensamt",
        by=controller,
    )
    assert {line.board.code: line.amount for line in post.lines.all()} == {
        "AMI": Decimal("10000.01"),
        "BIN": Decimal("20000.01"),
        "BOU": Decimal("50000.02"),
        "KOF": Decimal("20000.01"),
    }
    assert key.label == "AMI/BIN/BOU/KOF 10/20/50/20"


def test_a_share_of_a_post_is_changed_through_the_post_only(object_plan, boards, controller):
    key = add_allocation_key(
        object_plan=object_plan, shares=[(boards["BOU"], 70), (boards["BIN"], 30)], by=controller
    )
    post = add_shared_budget_post(
        object_plan=object_plan, key=key, kind="VM", amount=Decimal("10.00"), by=controller
    )
    line = post.lines.first()
    with pytest.raises(ValidationError, match="shared post"):
        remove_budget_line(line=line, by=controller)
    with pytest.raises(ValidationError, match="shared post"):
        change_budget_line(line=line, by=controller, amount=Decimal("1.00"))
    remove_shared_budget_post(post=post, by=controller)
    assert not object_plan.budget_lines.exists()
    assert BudgetLine.all_objects.filter(shared_post=post).count() == 2


def test_lines_are_soft_deleted_with_a_trace(object_plan, boards, controller):
    line = add_budget_line(
        object_plan=object_plan,
        board=boards["BIN"],
        kind="VM",
        amount=Decimal("5.50"),
        by=controller,
    )
    change_budget_line(line=line, by=controller, amount=Decimal("6.50"))
    remove_budget_line(line=line, by=controller)
    assert object_plan.budget().total == 0
    line = BudgetLine.all_objects.get(pk=line.pk)
    assert line.is_deleted
    actions = list(
        ChangeRecord.objects.filter(object_id=str(line.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["changed", "created", "deleted"]


def test_bad_budget_input_is_refused(object_plan, boards, controller):
    with pytest.raises(ValidationError):
        add_budget_line(
            object_plan=object_plan,
            board=boards["BIN"],
            kind="XX",
            amount=Decimal("1"),
            by=controller,
        )
    with pytest.raises(ValidationError):
        add_budget_line(
            object_plan=object_plan,
            board=boards["BIN"],
            kind="VM",
            amount=Decimal("1.005"),
            by=controller,
        )
    with pytest.raises(ValidationError, match="two boards"):
        add_allocation_key(object_plan=object_plan, shares=[(boards["BIN"], 1)], by=controller)
    with pytest.raises(ValidationError, match="only once"):
        add_allocation_key(
            object_plan=object_plan, shares=[(boards["BIN"], 1), (boards["BIN"], 2)], by=controller
        )
    with pytest.raises(ValidationError, match="zero"):
        add_allocation_key(
            object_plan=object_plan, shares=[(boards["BIN"], 0), (boards["BOU"], 0)], by=controller
        )


def test_the_forecast_gives_the_difference(object_plan, boards, controller):
    add_budget_line(
        object_plan=object_plan,
        board=boards["BIN"],
        kind="VM",
        amount=Decimal("1500.00"),
        by=controller,
    )
    set_budget_forecast(
        object_plan=object_plan,
        forecast=Decimal("1000.00"),
        explanation="Nya licenser\n\n Fler elever ",
        by=controller,
    )
    object_plan.refresh_from_db()
    assert object_plan.budget().difference == Decimal("500.00")
    assert object_plan.forecast_reasons() == ["Nya licenser", "Fler elever"]
