"""The plan-editing overview and the plan's state (controllers only)."""

import pytest
from django.urls import reverse

from vplan.plans.editing import delete_activity
from vplan.plans.models import Plan
from vplan.testing.factories import make_activity, make_plan


def url(plan):
    return reverse("plans:edit", args=[plan.pk])


def test_controller_sees_goals_assignments_activities_and_deleted_ones(client, controller, plan):
    kept = make_activity(plan=plan, text="Kvar i planen")
    gone = make_activity(plan=plan, text="Borttagen aktivitet")
    delete_activity(activity=gone, by=controller)
    client.force_login(controller)
    response = client.get(url(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kvar i planen" in html
    assert reverse("plans:activity_edit", args=[kept.pk]) in html
    assert reverse("plans:activity_restore", args=[gone.pk]) in html
    assert reverse("plans:activity_new", args=[plan.pk]) in html


def test_plan_page_links_the_editing_page_for_controllers_only(client, controller, reader, plan):
    client.force_login(controller)
    assert url(plan) in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    client.force_login(reader)
    assert url(plan) not in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_editors_and_readers_may_not_edit_the_plan(client, request, plan, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(plan)).status_code == 403


def test_outsider_may_not_know_it_and_a_signed_out_visitor_signs_in_first(client, outsider, plan):
    assert client.get(url(plan))["Location"] == f"{reverse('login')}?next={url(plan)}"
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_controller_decides_a_draft_plan(client, controller, administration, board):
    draft = make_plan(
        administration=administration, year=2030, boards=[board], state=Plan.State.DRAFT
    )
    client.force_login(controller)
    response = client.post(reverse("plans:change_state", args=[draft.pk, "decide"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == Plan.State.DECIDED and draft.decided_on is not None


def test_deciding_twice_is_refused_with_a_message(client, controller, plan):
    client.force_login(controller)
    response = client.post(reverse("plans:change_state", args=[plan.pk, "decide"]), follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    plan.refresh_from_db()
    assert plan.state == Plan.State.DECIDED


def test_editor_may_not_change_the_plans_state(client, editor, plan):
    client.force_login(editor)
    assert client.post(reverse("plans:change_state", args=[plan.pk, "revise"])).status_code == 403
    plan.refresh_from_db()
    assert plan.state == Plan.State.DECIDED
