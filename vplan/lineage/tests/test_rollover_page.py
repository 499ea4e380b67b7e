"""The rollover page: a preview to review, saved only on confirm; controllers only."""

import pytest
from django.urls import reverse

from vplan.plans.editing import add_part
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_activity, make_board_goal, make_round, report


@pytest.fixture
def goal(plan):
    goal = make_board_goal(plan=plan, title="Maximalt lärande")
    make_activity(plan=plan, text="Införa digitala närvarorutiner", board_goal=goal)
    return goal


def _url(plan, year=2025):
    return reverse("lineage:rollover", args=[plan.pk]) + f"?year={year}"


def test_the_preview_saves_nothing(client, plan, goal, controller):
    client.force_login(controller)
    response = client.get(_url(plan))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert "Införa digitala närvarorutiner" in content
    assert "Maximalt lärande" in content
    assert not Plan.objects.filter(year=2025).exists()


def test_update_preview_then_save(client, plan, goal, controller):
    client.force_login(controller)
    activity = Activity.objects.get(plan=plan)
    data = {f"board_goal:{goal.pk}": "copy", "carry": [str(activity.pk)]}

    preview = client.post(_url(plan), {**data, "action": "preview"})
    assert preview.status_code == 200
    assert not Plan.objects.filter(year=2025).exists()

    saved = client.post(_url(plan), {**data, "action": "save"})
    new_plan = Plan.objects.get(administration=plan.administration, year=2025)
    assert saved.status_code == 302
    assert Activity.objects.get(plan=new_plan).carried_over_from == activity


def test_a_refused_choice_is_shown_next_to_its_goal(client, plan, goal, controller):
    client.force_login(controller)
    activity = Activity.objects.get(plan=plan)
    response = client.post(
        _url(plan),
        {f"board_goal:{goal.pk}": "skip", "carry": [str(activity.pk)], "action": "save"},
    )
    assert response.status_code == 422
    assert (
        "cannot be skipped" in response.content.decode() or "kan inte" in response.content.decode()
    )
    assert not Plan.objects.filter(year=2025).exists()


def test_the_review_says_which_parts_stay_and_a_ticked_one_is_promoted_into_its_places(
    client, plan, goal, controller
):
    activity = Activity.objects.get(plan=plan)
    part = add_part(parent=activity, text="Etapp 2: övriga skolor", decided_end="Q4", by=controller)
    round = make_round(plan=plan)
    report(activity=activity, round=round, status="Genomfört")
    client.force_login(controller)

    review = client.get(_url(plan)).content.decode()

    assert "Ej klara delar som blir kvar med sin aktivitet" in review
    assert "”Etapp 2: övriga skolor”, del av ”Införa digitala närvarorutiner”" in review
    data = {f"board_goal:{goal.pk}": "copy", "carry": [str(part.pk)]}
    preview = client.post(_url(plan), {**data, "action": "preview"}).content.decode()
    assert "Delar som förs över som egna aktiviteter" in preview
    saved = client.post(_url(plan), {**data, "action": "save"})
    assert saved.status_code == 302
    promoted = Activity.objects.get(plan__year=2025)
    assert promoted.parent is None and promoted.carried_over_from == part
    assert promoted.placements.get().board_goal.title == "Maximalt lärande"


def test_a_bad_year_is_refused(client, plan, goal, controller):
    client.force_login(controller)
    assert client.get(_url(plan, year=2020)).status_code == 422
    assert client.get(reverse("lineage:rollover", args=[plan.pk]) + "?year=abc").status_code == 422


@pytest.mark.parametrize("persona,status", [("reader", 403), ("editor", 403), ("outsider", 404)])
def test_only_controllers_may_roll_over(client, plan, goal, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(plan)).status_code == status
    assert client.post(_url(plan), {"action": "save"}).status_code == status
    assert not Plan.objects.filter(year=2025).exists()
