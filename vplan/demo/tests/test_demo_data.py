"""What the demo data shows: every rule of the domain has an example in Exempelkommun."""

import datetime

import pytest
from django.db import transaction

from vplan.demo.demo_data import load_demo
from vplan.followups.models import FollowUpRound, StatusCategory, StatusReport
from vplan.followups.reporting import current_report
from vplan.organisation.models import Membership, Role
from vplan.plans.end_dates import Kind
from vplan.plans.models import Activity, Assignment, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """Load the demo once for this module's read-only tests; roll it back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_once, db):
    return loaded_once


def demo_activities(demo):
    return Activity.objects.filter(plan__administration=demo["administration"])


def demo_reports(demo):
    return StatusReport.objects.filter(round__plan__administration=demo["administration"])


def test_one_administration_serves_two_boards_with_normalised_codes(demo):
    boards = demo["administration"].boards.order_by("code")

    assert [(b.code, b.display_code) for b in boards] == [("KFN", "KfN"), ("SKN", "SkN")]
    assert demo["administration"].municipality == "Exempelkommun"


def test_between_25_and_35_activities_a_year(demo):
    for plan in demo["plans"].values():
        count = Activity.objects.in_plan(plan).top_level().count()
        assert 25 <= count <= 35, plan.year


def test_one_activity_is_postponed_twice_across_three_years(demo):
    activity = demo["activities"][(2026, "lokaler-fritidsgardar")]

    chain = [*activity.chain_back(), activity]

    assert [a.plan.year for a in chain] == [2024, 2025, 2026]
    assert [str(a.current_end) for a in chain[:2]] == ["Förskjuts till 2025", "Förskjuts till 2026"]
    assert all(a.is_postponed for a in chain[:2])
    assert activity.chain_forward() == []
    assert chain[0].chain_forward() == chain[1:]


def test_carried_over_activities_were_unfinished_the_year_before(demo):
    for activity in demo_activities(demo).filter(carried_over_from__isnull=False):
        earlier = activity.carried_over_from
        last_round = earlier.plan.rounds.order_by("as_of").last()
        report = current_report(activity=earlier, round=last_round)
        assert report.category != StatusCategory.DONE, earlier.text


def test_postponed_activities_keep_both_end_dates(demo):
    postponed = demo_activities(demo).postponed()

    assert postponed.count() >= 5
    assert all(a.decided_end != a.current_end for a in postponed)


def test_end_dates_of_every_kind(demo):
    kinds = {a.current_end.kind for a in demo_activities(demo)} | {
        a.decided_end.kind for a in demo_activities(demo)
    }
    texts = {str(a.current_end) for a in demo_activities(demo)}

    assert kinds >= {Kind.MONTH, Kind.QUARTER, Kind.REPORTING_POINT, Kind.DATE, Kind.LATER_YEAR}
    assert {"Q3", "Delrapport 2", "Verksamhetsberättelse", "Förskjuts till 2026"} <= texts


def test_every_status_category_is_used(demo):
    categories = set(demo_reports(demo).values_list("status__category", flat=True))

    assert categories == set(StatusCategory.values)


def test_some_activities_have_a_status_history(demo):
    histories = demo_reports(demo).filter(version=2)

    assert histories.count() >= 5
    for second in histories:
        first = StatusReport.objects.get(activity=second.activity, round=second.round, version=1)
        assert first.created_at < second.created_at
        assert current_report(activity=second.activity, round=second.round) == second


def test_activities_with_parts_and_a_composite_status(demo):
    parents = demo_activities(demo).filter(parts__isnull=False).distinct()

    assert parents.count() >= 3
    assert demo_reports(demo).filter(activity__in=parents).exclude(status_text="").exists()
    for parent in parents:
        assert not parent.parts.filter(placements__isnull=False).exists()


def test_one_activity_stands_in_two_places_and_is_reported_once_per_round(demo):
    activity = demo["activities"][(2024, "sjukfranvaro")]
    round = demo["rounds"][(2024, "augusti")]

    places = Placement.objects.filter(activity=activity)

    assert places.count() == 2
    assert {bool(p.board_goal_id) for p in places} == {True, False}
    assert StatusReport.objects.filter(activity=activity, round=round).count() == 1


def test_common_board_specific_and_struck_assignments(demo):
    assignments = Assignment.objects.filter(plan=demo["plans"][2025])

    assert assignments.filter(scope=Assignment.Scope.COMMON).count() >= 2
    board_specific = assignments.filter(scope=Assignment.Scope.BOARD_SPECIFIC)
    assert board_specific.filter(boards__code="KFN").exists()
    assert board_specific.filter(boards__code="SKN").exists()
    assert assignments.filter(is_struck=True).count() == 1
    assert demo_activities(demo).filter(represents_assignment=True).exists()


def test_board_goals_have_a_title_and_a_description(demo):
    goals = demo["plans"][2026].board_goals.all()

    assert goals.count() >= 5
    assert all(goal.title and goal.description for goal in goals)


def test_past_rounds_are_closed_or_published_and_fully_reported(demo):
    for round in FollowUpRound.objects.filter(plan__administration=demo["administration"]):
        if round.state == FollowUpRound.State.OPEN:
            continue
        reported = set(round.reports.values_list("activity_id", flat=True))
        assert set(Activity.objects.in_plan(round.plan).values_list("pk", flat=True)) == reported


def test_the_latest_round_is_open_and_some_activities_lack_a_status(demo):
    latest = FollowUpRound.objects.filter(plan=demo["plans"][2026]).order_by("as_of").last()

    assert latest.state == FollowUpRound.State.OPEN
    missing = Activity.objects.in_plan(latest.plan).exclude(reports__round=latest)
    assert 3 <= missing.count() < Activity.objects.in_plan(latest.plan).count() // 2
    assert FollowUpRound.objects.filter(plan=demo["plans"][2024]).open().count() == 0


def test_reports_are_written_by_demo_users_shortly_after_the_as_of_date(demo):
    for report in demo_reports(demo).select_related("round", "author"):
        assert report.author.username in {"controller", "editor"}
        written = report.created_at.date()
        assert report.round.as_of < written <= report.round.as_of + datetime.timedelta(days=20)


def test_editor_reports_only_on_their_board(demo):
    editor_reports = demo_reports(demo).filter(author=demo["users"]["editor"])

    assert editor_reports.exists()
    assert not editor_reports.exclude(activity__boards__code="SKN").exists()


def test_one_membership_per_role(demo):
    memberships = Membership.objects.filter(administration=demo["administration"])

    assert sorted(memberships.values_list("role", flat=True)) == sorted(Role.values)
    assert memberships.get(role=Role.EDITOR).board.code == "SKN"
    assert demo["users"]["admin"].is_superuser and demo["users"]["admin"].is_staff
    assert not demo["users"]["reader"].is_staff


def test_the_demo_is_the_same_on_every_load(demo):
    activity = demo["activities"][(2025, "digital-kompetens")]
    report = StatusReport.objects.filter(activity=activity).order_by("created_at").first()

    assert str(activity.uid) == "46cad63c-9cd1-5937-b516-caa8bc86be7e"
    assert report.created_at == datetime.datetime.fromisoformat("2025-04-01T08:00:00+02:00")


def test_loading_again_finds_the_same_objects(demo):
    again = load_demo()

    assert again["created"] is False
    assert again["plans"] == demo["plans"]
    assert again["rounds"] == demo["rounds"]
    assert again["activities"] == demo["activities"]
    assert again["users"] == demo["users"]


def test_every_demo_plan_goal_assignment_and_activity_has_its_creation_recorded(demo):
    from django.contrib.contenttypes.models import ContentType

    from vplan.audit.models import ChangeRecord
    from vplan.plans.models import BoardGoal, MunicipalGoal, Plan

    plans = Plan.objects.filter(administration=demo["administration"])
    for model, rows in (
        (Plan, plans),
        (MunicipalGoal, MunicipalGoal.objects.filter(plan__in=plans)),
        (BoardGoal, BoardGoal.objects.filter(plan__in=plans)),
        (Assignment, Assignment.objects.filter(plan__in=plans)),
        (Activity, demo_activities(demo)),
    ):
        created = ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            action=ChangeRecord.Action.CREATED,
            changed_by=demo["users"]["controller"],
        )
        recorded = {int(pk): when for pk, when in created.values_list("object_id", "changed_at")}
        for row in rows.select_related("plan") if model is not Plan else rows:
            plan = row if model is Plan else row.plan
            assert recorded[row.pk] == plan.created_at, (model.__name__, row.pk)


def test_every_demo_activity_stands_somewhere_and_parts_where_their_activity_stands(demo):
    activities = demo_activities(demo)

    assert not activities.top_level().filter(placements__isnull=True).exists()
    for part in activities.filter(parent__isnull=False).select_related("parent"):
        assert part.parent.plan_id == part.plan_id
        assert part.parent.parent_id is None
        assert part.parent.placements.exists()


def test_the_demo_administration_boards_and_rounds_have_their_creation_recorded(demo):
    from vplan.audit.models import ChangeRecord
    from vplan.audit.trail import history_of

    created = ChangeRecord.Action.CREATED
    for row in [demo["administration"], *demo["boards"].values(), *demo["rounds"].values()]:
        (record,) = history_of(row).filter(action=created)
        assert record.changed_by == demo["users"]["controller"], row
    for round in demo["rounds"].values():
        assert history_of(round).get(action=created).changed_at == round.created_at
