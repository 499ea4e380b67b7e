"""A plan's status is the one at its latest round: FollowUpRound.objects.latest_of_each_plan()
and StatusReport.objects.at_latest_round_of(plans), which rollover and the overviews read."""

import datetime

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.testing.factories import make_activity, make_plan, make_round, report


def test_the_latest_round_is_the_last_by_date_not_the_last_made(plan):
    august = make_round(plan=plan, as_of=datetime.date(plan.year, 8, 31))
    make_round(plan=plan, as_of=datetime.date(plan.year, 3, 31))
    other_plan = make_plan(administration=plan.administration, year=plan.year + 1)
    other = make_round(plan=other_plan, as_of=datetime.date(other_plan.year, 4, 30))

    latest = FollowUpRound.objects.filter(plan__in=[plan, other_plan]).latest_of_each_plan()

    assert sorted(latest, key=lambda round: round.pk) == [august, other]


def test_the_latest_round_is_chosen_among_the_rounds_asked_about(plan):
    march = make_round(plan=plan, as_of=datetime.date(plan.year, 3, 31))
    make_round(plan=plan, as_of=datetime.date(plan.year, 8, 31))

    earlier = FollowUpRound.objects.filter(as_of__month=3).latest_of_each_plan()

    assert list(earlier) == [march]


def test_a_plans_status_is_each_activitys_newest_report_in_its_latest_round(plan):
    done_early, still_going = make_activity(plan=plan), make_activity(plan=plan)
    march = make_round(plan=plan, as_of=datetime.date(plan.year, 3, 31))
    august = make_round(plan=plan, as_of=datetime.date(plan.year, 8, 31))
    report(activity=done_early, round=march, status="Genomfört")
    report(activity=still_going, round=march, status="Genomfört")
    report(activity=still_going, round=august, status="Pågående")
    report(activity=still_going, round=august, status="Kvarstår")

    categories = StatusReport.objects.at_latest_round_of([plan]).category_of_each_activity()

    assert categories == {still_going.pk: "not_started"}
