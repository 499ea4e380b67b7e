from vplan.plans.end_dates import EndDate
from vplan.plans.models import Activity
from vplan.testing.factories import make_activity


def test_activity_is_postponed_when_current_end_differs_from_decided(plan):
    on_time = make_activity(plan=plan, decided_end="Juni")
    moved = make_activity(plan=plan, decided_end="Juni", current_end="December")

    on_time.refresh_from_db()
    moved.refresh_from_db()
    assert not on_time.is_postponed
    assert moved.is_postponed
    assert moved.decided_end == EndDate("Juni")
    assert str(moved.current_end) == "December"
    assert list(Activity.objects.postponed()) == [moved]


def test_moving_to_a_later_year_is_a_postponement(plan):
    activity = make_activity(plan=plan, decided_end="December", current_end="Förskjuts till 2025")
    activity.refresh_from_db()
    assert activity.is_postponed
    assert activity.end_sort_key() > EndDate("December").sort_key(plan.year)


def test_imported_history_can_be_postponed_without_a_known_decided_date(plan):
    activity = make_activity(plan=plan, decided_end="", current_end="December")
    activity.postponed_from_unknown_date = True
    activity.save(update_fields=["postponed_from_unknown_date"])
    activity.refresh_from_db()
    assert activity.decided_end is None
    assert activity.is_postponed
    assert list(Activity.objects.postponed()) == [activity]


def test_the_database_and_the_activity_read_postponement_alike(plan):
    """Activity.is_postponed and its SQL form (postponed(), with_postponement()) are one rule."""
    for decided, current, unknown in [
        ("Juni", "Juni", False),
        ("Juni", "December", False),
        ("Juni", "Juni", True),
        ("", "December", False),
        ("", "December", True),
        ("", "", False),
    ]:
        activity = make_activity(plan=plan, decided_end=decided, current_end=current)
        activity.postponed_from_unknown_date = unknown
        activity.save(update_fields=["postponed_from_unknown_date"])
    in_database = dict(Activity.objects.with_postponement().values_list("pk", "end_postponed"))
    filtered = set(Activity.objects.postponed().values_list("pk", flat=True))
    for activity in Activity.objects.all():
        assert in_database[activity.pk] == activity.is_postponed, activity.pk
        assert (activity.pk in filtered) == activity.is_postponed, activity.pk
    assert len(filtered) == 3
