"""Controllers opening rounds of one plan at the same moment: one round ends open, the others
are refused with AnotherRoundOpen, never two open without the choice.

Real threads, each with its own connection (see test_report_close_race): on PostgreSQL the
openings truly overlap and the plan's row lock puts them in turn; on SQLite (IMMEDIATE
transactions) they take turns anyway."""

import datetime

import pytest

from vplan.followups.models import FollowUpRound, RoundOverride
from vplan.followups.round_lifecycle import AnotherRoundOpen, create_round, open_round
from vplan.followups.tests.test_report_close_race import (  # noqa: F401 (an autouse fixture)
    database_for_threads,
    in_threads,
)
from vplan.testing.factories import make_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
OPENERS = 6


def test_of_rounds_opened_at_once_one_opens(plan, controller):
    rounds = [
        make_round(plan=plan, as_of=datetime.date(2024, month, 28), state="closed")
        for month in range(1, OPENERS + 1)
    ]

    def open_one(index):
        try:
            open_round(round=FollowUpRound.objects.get(pk=rounds[index].pk), by=controller)
            return "opened"
        except AnotherRoundOpen:
            return "refused"

    outcomes = in_threads(OPENERS, open_one)
    assert sorted(outcomes) == ["opened"] + ["refused"] * (OPENERS - 1)
    assert FollowUpRound.objects.open().filter(plan=plan).count() == 1
    assert not RoundOverride.objects.exists()


def test_of_new_rounds_made_at_once_one_is_made(plan, controller):
    def create_one(index):
        try:
            create_round(
                plan=plan,
                label=f"Per {index + 1}",
                as_of=datetime.date(2024, index + 1, 28),
                by=controller,
            )
            return "made"
        except AnotherRoundOpen:
            return "refused"

    outcomes = in_threads(OPENERS, create_one)
    assert sorted(outcomes) == ["made"] + ["refused"] * (OPENERS - 1)
    assert FollowUpRound.objects.filter(plan=plan).count() == 1
