import pytest
from django.core.exceptions import ValidationError

from vplan.plans.models import Activity
from vplan.testing.factories import make_activity, make_plan


def test_carry_over_chain_can_be_followed_across_three_years(administration, board):
    plans = [
        make_plan(administration=administration, year=y, boards=[board]) for y in (2023, 2024, 2025)
    ]
    first = make_activity(plan=plans[0], text="Införa digitala närvarorutiner")
    second = make_activity(
        plan=plans[1], text="Införa digitala närvarorutiner", carried_over_from=first
    )
    third = make_activity(
        plan=plans[2], text="Införa digitala närvarorutiner", carried_over_from=second
    )

    third = Activity.objects.get(pk=third.pk)
    assert third.chain_back() == [first, second]
    assert first.chain_forward() == [second, third]
    assert third.carried_over_year == 2024
    assert second.carried_over_year == 2023
    assert first.carried_over_year is None
    assert set(Activity.objects.carried_over()) == {second, third}


def test_imported_history_keeps_the_year_without_a_link(plan):
    activity = make_activity(plan=plan)
    activity.carried_over_from_year = 2023
    activity.save(update_fields=["carried_over_from_year"])
    assert Activity.objects.get(pk=activity.pk).carried_over_year == 2023


def test_an_activity_cannot_be_carried_over_from_the_same_or_a_later_year(administration, board):
    later = make_plan(administration=administration, year=2025, boards=[board])
    earlier = make_plan(administration=administration, year=2024, boards=[board])
    source = make_activity(plan=later)
    activity = make_activity(plan=earlier, carried_over_from=None)
    activity.carried_over_from = source
    with pytest.raises(ValidationError):
        activity.full_clean()
