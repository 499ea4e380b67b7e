"""vplan purge: data is removed for real only from the command line, under a recorded decision,
after a dry run by default, all or nothing; the decision and the change records stay."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from vplan.audit.models import ChangeRecord, PurgeDecision
from vplan.audit.trail import history_of, record_change, soft_delete
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.plans.models import Activity, Placement, Plan
from vplan.reports.models import Publication
from vplan.testing.factories import make_activity, make_round, make_user, report

pytestmark = [pytest.mark.django_db]
DECISION = "KS 2026/123"


def _purge(*args) -> str:
    out = io.StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def archivist(db):
    return make_user(username="arkivarie")


@pytest.fixture
def old_and_new_deletions(plan, controller):
    """An activity deleted in 2019 with a status report and a placement, one deleted in 2025,
    and one never deleted."""
    old = make_activity(plan=plan, text="Gammal borttagen")
    round = make_round(plan=plan)
    report(activity=old, round=round, author=controller, comment="Rapport om den gamla")
    record_change(obj=old, by=controller, action=ChangeRecord.Action.CHANGED)
    with time_machine.travel(datetime.datetime(2019, 6, 1, tzinfo=datetime.UTC)):
        soft_delete(obj=old, by=controller)
    recent = make_activity(plan=plan, text="Nyligen borttagen")
    with time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)):
        soft_delete(obj=recent, by=controller)
    live = make_activity(plan=plan, text="Levande")
    return {"old": old, "recent": recent, "live": live, "round": round}


def test_without_a_decision_nothing_is_removed(old_and_new_deletions, archivist):
    with pytest.raises(CommandError, match="--decision"):
        _purge("--by", "arkivarie", "--deleted-before", "2020-01-01", "--yes")
    with pytest.raises(CommandError, match="--decision"):
        _purge("--decision", "  ", "--by", "arkivarie", "--deleted-before", "2020-01-01", "--yes")

    assert Activity.all_objects.filter(pk=old_and_new_deletions["old"].pk).exists()
    assert not PurgeDecision.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--deleted-before", "2020-01-01"], "--by"),
        (["--by", "nobody", "--deleted-before", "2020-01-01"], "no active user"),
        (["--by", "arkivarie"], "--deleted-before DATE and/or --plan ID"),
        (["--by", "arkivarie", "--deleted-before", "1/1/2020"], "YYYY-MM-DD"),
        (["--by", "arkivarie", "--plan", "999999"], "no plan with id 999999"),
    ],
)
def test_who_and_what_must_be_said(old_and_new_deletions, archivist, args, message):
    with pytest.raises(CommandError, match=message):
        _purge("--decision", DECISION, *args, "--yes")
    assert Activity.all_objects.count() == 3


def test_a_dry_run_shows_the_counts_and_removes_nothing(old_and_new_deletions, archivist):
    output = _purge("--decision", DECISION, "--by", "arkivarie", "--deleted-before", "2020-01-01")

    assert "remove      1  plans.activity" in output
    assert "remove      1  followups.statusreport" in output
    placements = Placement.objects.filter(activity=old_and_new_deletions["old"]).count()
    assert f"remove {placements:>6}  plans.placement" in output
    assert "Nothing was removed" in output
    assert Activity.all_objects.count() == 3 and not PurgeDecision.objects.exists()


def test_rows_deleted_before_the_date_go_for_real_with_what_depends_on_them(
    old_and_new_deletions, archivist, controller
):
    old = old_and_new_deletions["old"]
    placements = Placement.objects.filter(activity=old).count()

    output = _purge(
        "--decision", DECISION, "--by", "arkivarie", "--deleted-before", "2020-01-01", "--yes"
    )

    assert f"under decision {DECISION}" in output
    assert not Activity.all_objects.filter(pk=old.pk).exists()
    assert not StatusReport.objects.filter(activity_id=old.pk).exists()
    assert not Placement.objects.filter(activity_id=old.pk).exists()
    assert Activity.all_objects.filter(pk=old_and_new_deletions["recent"].pk).exists()
    assert Activity.objects.filter(pk=old_and_new_deletions["live"].pk).exists()
    assert FollowUpRound.objects.filter(pk=old_and_new_deletions["round"].pk).exists()

    decision = PurgeDecision.objects.get()
    assert decision.reference == DECISION and decision.executed_by == archivist
    assert decision.scope["deleted_before"] == "2020-01-01"
    assert decision.counts["removed"] == {
        "followups.statusreport": 1,
        "plans.activity": 1,
        "plans.placement": placements,
    }
    # The trace: the earlier records of the activity stay, and its removal is recorded.
    trail = history_of(old)
    assert {record.action for record in trail} >= {"changed", "deleted", "removed"}
    removal = trail.get(action=ChangeRecord.Action.REMOVED)
    assert removal.object_repr == "Gammal borttagen" and removal.changed_by == archivist
    assert removal.changes == {"purge_decision": [None, DECISION]}
    assert removal.administration_id == old.plan.administration_id


def test_a_plan_goes_whole_but_its_publications_only_when_said(demo):
    archivist = demo["users"]["admin"]
    plan = demo["plans"][2024]
    carried = Activity.all_objects.filter(carried_over_from__plan=plan)
    carried_ids = set(carried.values_list("pk", flat=True))
    published = FollowUpRound.objects.filter(plan=plan, state=FollowUpRound.State.PUBLISHED)
    assert carried_ids and published.exists()
    args = ["--decision", DECISION, "--by", archivist.username, "--plan", str(plan.pk)]

    with pytest.raises(CommandError, match="--including-published"):
        _purge(*args, "--yes")
    assert Plan.all_objects.filter(pk=plan.pk).exists() and not PurgeDecision.objects.exists()

    _purge(*args, "--including-published", "--yes")

    assert not Plan.all_objects.filter(pk=plan.pk).exists()
    assert not FollowUpRound.objects.filter(plan_id=plan.pk).exists()
    assert not Publication.objects.filter(round__plan_id=plan.pk).exists()
    # Next year's activities stay, without the mention of the removed one, recorded.
    survivors = Activity.all_objects.filter(pk__in=carried_ids)
    assert survivors.count() == len(carried_ids)
    assert not survivors.filter(carried_over_from__isnull=False).exists()
    cleared = ChangeRecord.objects.filter(
        action=ChangeRecord.Action.CHANGED, changes__has_key="carried_over_from"
    )
    assert set(cleared.values_list("object_id", flat=True)) == {str(pk) for pk in carried_ids}
    decision = PurgeDecision.objects.get()
    assert decision.scope["including_published"] is True
    assert decision.counts["removed"]["plans.plan"] == 1
    assert decision.counts["cleared"]["plans.activity.carried_over_from"] == len(carried_ids)
    assert Plan.objects.filter(pk=demo["plans"][2025].pk).exists()


def test_nothing_to_remove_is_said(plan, archivist):
    output = _purge(
        "--decision", DECISION, "--by", "arkivarie", "--deleted-before", "2000-01-01", "--yes"
    )
    assert "Nothing matches" in output and not PurgeDecision.objects.exists()
