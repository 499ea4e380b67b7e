import pytest

from vplan.plans.editing import change_end_date

pytestmark = pytest.mark.django_db


def test_history_says_who_changed_what_and_when(api_as, filled_plan, controller, reader):
    activity = filled_plan["bin"]
    change_end_date(activity=activity, new_end="Q2 2025", by=controller)
    body = api_as("reader").get(f"/history/activities/{activity.pk}").json()["items"]
    (change,) = body
    assert change["action"] == "changed" and change["changed_by"] == "controller"
    assert change["changes"] == {"current_end": ["December", "Q2 2025"]}
    assert change["changed_at"]


def test_history_of_rounds_plans_and_goals(api_as, filled_plan, controller):
    api = api_as("controller")
    api.post(f"/rounds/{filled_plan['round'].pk}/close", {"confirm": True})
    api.patch(f"/municipal-goals/{filled_plan['goal'].pk}", {"title": "Nytt"})
    assert len(api.get(f"/history/rounds/{filled_plan['round'].pk}").json()["items"]) == 1
    assert len(api.get(f"/history/municipal-goals/{filled_plan['goal'].pk}").json()["items"]) == 1
    assert api.get(f"/history/plans/{filled_plan['plan'].pk}").json()["items"] == []


def test_history_of_a_deleted_activity_is_still_there(api_as, filled_plan, controller):
    api = api_as("controller")
    api.delete(f"/activities/{filled_plan['bin'].pk}")
    assert (
        api.get(f"/history/activities/{filled_plan['bin'].pk}").json()["items"][0]["action"]
        == "deleted"
    )


@pytest.mark.parametrize(
    "persona, expected", [("editor", 200), ("outsider", 404), ("anonymous", 404)]
)
def test_who_may_read_history(api_as, filled_plan, persona, expected, editor, outsider):
    assert (
        api_as(persona).get(f"/history/activities/{filled_plan['bin'].pk}").status_code == expected
    )


def test_unknown_kind_is_404(api_as, filled_plan, controller):
    assert api_as("controller").get(f"/history/widgets/{filled_plan['bin'].pk}").status_code == 404


def test_the_public_reads_a_published_plan_but_not_its_history(api_as, filled_plan):
    from vplan.followups.models import FollowUpRound
    from vplan.testing.factories import make_round

    make_round(
        plan=filled_plan["plan"],
        as_of=filled_plan["round"].as_of.replace(month=12),
        state=FollowUpRound.State.PUBLISHED,
    )
    response = api_as("anonymous").get(f"/history/activities/{filled_plan['bin'].pk}")
    assert response.status_code == 403
