"""GET /api/audit: the audit log page's records, filters and access, as JSON in slices."""

import pytest
from django.test import Client

from vplan.api.tokens import create_api_token
from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.testing.factories import make_activity, make_administration, make_plan

pytestmark = [pytest.mark.django_db]


def _get(user, **params):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get("/api/audit", params)


def _change(obj, by, **changes):
    return record_change(obj=obj, by=by, action=ChangeRecord.Action.CHANGED, changes=changes)


def test_an_administrator_reads_their_administrations_records(plan, admin_user, controller):
    activity = make_activity(plan=plan, text="Läsa mer")
    _change(activity, controller, text=("Läsa", "Läsa mer"))
    _change(make_activity(plan=make_plan(administration=make_administration())), controller)

    response = _get(admin_user)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (record,) = body["items"]
    assert record["object"] == "Läsa mer" and record["kind"] == "plans.activity"
    assert record["object_id"] == str(activity.pk)
    assert record["changed_by"] == "controller" and record["action"] == "changed"
    assert record["administration"] == plan.administration_id
    assert record["changes"] == [{"field": "text", "before": "Läsa", "after": "Läsa mer"}]


def test_a_token_reads_the_log_as_its_owner(plan, admin_user, controller):
    _change(make_activity(plan=plan), controller, text=("A", "B"))
    _, token = create_api_token(user=admin_user, name="revision")

    response = Client().get("/api/audit", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200 and response.json()["count"] == 1


def test_slices_and_filters_as_the_page(plan, admin_user, controller, editor):
    activity = make_activity(plan=plan, text="Många")
    for number in range(7):
        _change(activity, controller if number % 2 else editor, order=(number, number + 1))

    by_editor = _get(admin_user, person="editor", limit=2, offset=1).json()

    assert by_editor["count"] == 4
    assert [r["changes"][0]["after"] for r in by_editor["items"]] == [5, 3]
    assert _get(admin_user, action="deleted").json()["count"] == 0
    assert _get(admin_user, kind="plans.activity", q="mån").json()["count"] == 7


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2024-05-02", "until": "2024-05-01"}, "until"),
        ({"action": "erased"}, "action"),
        ({"kind": "nothing.here"}, "kind"),
        ({"limit": 1000}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_a_bad_filter_is_a_json_400_naming_the_field(admin_user, params, field):
    response = _get(admin_user, **params)

    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("controller", 403), ("editor", 403), ("reader", 403), ("outsider", 404), (None, 401)],
)
def test_everyone_else_is_refused(request, persona, status, administration):
    user = request.getfixturevalue(persona) if persona else None
    response = _get(user)
    assert response.status_code == status
    assert "detail" in response.json()


def test_another_administration_is_not_found(admin_user):
    other = make_administration()
    assert _get(admin_user, administration=other.pk).status_code == 404


def test_the_log_cannot_be_written_over_the_api(plan, admin_user, controller):
    _change(make_activity(plan=plan), controller, text=("A", "B"))
    client = Client()
    client.force_login(admin_user)

    for method in (client.post, client.put, client.patch, client.delete):
        assert method("/api/audit", content_type="application/json").status_code in (403, 405)
    assert ChangeRecord.objects.filter(action=ChangeRecord.Action.CHANGED).count() == 1
