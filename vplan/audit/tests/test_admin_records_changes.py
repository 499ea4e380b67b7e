"""The Django admin leaves the same trail as the pages: a save records each field before and
after, a new row its values, a removal (superusers only) what the row held. Change records and
purge decisions cannot be added, changed or removed there, not even by a superuser."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from vplan.audit.models import ChangeRecord, PurgeDecision
from vplan.audit.trail import history_of, record_change
from vplan.organisation.models import Administration, Board
from vplan.plans.models import Placement
from vplan.testing.factories import make_activity, make_board, make_user, perspective

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def superuser(db):
    return make_user(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def root(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return value


def _put(data: dict, name: str, bound_field) -> None:
    """The field's value as its widget posts it (a date and a time as two inputs)."""
    widget = bound_field.field.widget
    value = _value(bound_field)
    if value is False:
        return
    if hasattr(widget, "widgets") and not isinstance(value, list):
        parts = widget.decompress(bound_field.field.prepare_value(value) or None)
        for index, part in enumerate(parts):
            data[f"{name}_{index}"] = "" if part is None else str(part)
        return
    data[name] = value


def _change_form_data(client, url) -> dict:
    """What the admin's change page would post back unchanged, inlines included."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, name, form[name])
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                _put(data, inline_form.add_prefix(name), inline_form[name])
    return data


def test_a_change_in_the_admin_is_recorded_with_before_and_after(root, superuser, board):
    url = f"/admin/organisation/board/{board.pk}/change/"
    data = _change_form_data(root, url)
    data["name"] = "Utbildningsnämnden"

    response = root.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    record = history_of(board).get(action=ChangeRecord.Action.CHANGED)
    assert record.changes == {"name": ["Bildningsnämnden", "Utbildningsnämnden"]}
    assert record.changed_by == superuser
    assert record.administration_id == board.administration_id


def test_saving_without_a_change_records_nothing(root, board):
    url = f"/admin/organisation/board/{board.pk}/change/"
    assert root.post(url, _change_form_data(root, url)).status_code == 302
    assert not history_of(board).exists()


def test_a_row_added_in_the_admin_is_recorded_with_its_values(root, superuser):
    response = root.post(
        "/admin/organisation/administration/add/",
        {"name": "Socialförvaltningen", "short_code": "SOC", "municipality": ""},
    )

    assert response.status_code == 302
    administration = Administration.objects.get(short_code="SOC")
    record = history_of(administration).get()
    assert record.action == ChangeRecord.Action.CREATED
    assert record.changes == {
        "name": [None, "Socialförvaltningen"],
        "short_code": [None, "SOC"],
    }
    assert record.administration_id == administration.pk


def test_a_changed_inline_row_is_recorded(root, plan, board):
    activity = make_activity(plan=plan, boards=[board])
    placement = Placement.objects.create(activity=activity, perspective=perspective(), order=1)
    url = f"/admin/plans/activity/{activity.pk}/change/"
    data = _change_form_data(root, url)
    row = next(key for key, value in data.items() if key.endswith("-id") and value == placement.pk)
    data[row.removesuffix("-id") + "-order"] = "7"

    response = root.post(url, data)

    assert response.status_code == 302, [
        (inline.formset.errors, inline.formset.non_form_errors())
        for inline in response.context["inline_admin_formsets"]
    ]
    record = history_of(placement).get()
    assert record.action == ChangeRecord.Action.CHANGED
    assert record.changes == {"order": [1, 7]}
    assert record.administration_id == plan.administration_id


def test_a_superuser_removes_a_row_for_real_and_the_removal_is_recorded(root, administration):
    board = make_board(code="TMP", name="Tillfällig", administration=administration)
    pk = board.pk

    response = root.post(f"/admin/organisation/board/{pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Board.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.get(object_id=str(pk), action=ChangeRecord.Action.REMOVED)
    assert record.object_repr == "TMP"
    assert record.changes["name"] == ["Tillfällig", None]
    assert record.administration_id == administration.pk


def test_removing_several_rows_at_once_records_each(root, administration):
    boards = [make_board(code=f"X{n}", administration=administration) for n in range(3)]

    response = root.post(
        "/admin/organisation/board/",
        {"action": "delete_selected", "_selected_action": [b.pk for b in boards], "post": "yes"},
    )

    assert response.status_code == 302
    removed = ChangeRecord.objects.filter(action=ChangeRecord.Action.REMOVED)
    assert sorted(removed.values_list("object_repr", flat=True)) == ["X0", "X1", "X2"]


def test_staff_who_are_not_superusers_never_remove_for_real(board):
    staff = make_user(username="staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="organisation"))
    client = Client()
    client.force_login(staff)

    assert client.get(f"/admin/organisation/board/{board.pk}/change/").status_code == 200
    response = client.post(f"/admin/organisation/board/{board.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Board.objects.filter(pk=board.pk).exists()


def test_a_persons_change_is_recorded_without_their_password(root, reader):
    url = f"/admin/auth/user/{reader.pk}/change/"
    data = _change_form_data(root, url)
    data["first_name"] = "Rut"

    response = root.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors

    record = history_of(reader).get()
    assert record.changes["first_name"] == ["", "Rut"]
    assert "password" not in record.changes


def test_change_records_cannot_be_added_changed_or_removed_in_the_admin(root, board, superuser):
    record = record_change(obj=board, by=superuser, action=ChangeRecord.Action.CHANGED)
    decision = PurgeDecision.objects.create(reference="KS 2026/1", executed_by=superuser)
    before = list(ChangeRecord.objects.values())

    assert root.get(f"/admin/audit/changerecord/{record.pk}/change/").status_code == 200
    for url in (
        "/admin/audit/changerecord/add/",
        f"/admin/audit/changerecord/{record.pk}/delete/",
        "/admin/audit/purgedecision/add/",
        f"/admin/audit/purgedecision/{decision.pk}/delete/",
    ):
        assert root.post(url, {"post": "yes", "action": "deleted"}).status_code == 403, url
    root.post(f"/admin/audit/changerecord/{record.pk}/change/", {"action": "deleted"})
    root.post(
        "/admin/audit/changerecord/",
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )

    assert list(ChangeRecord.objects.values()) == before
    assert PurgeDecision.objects.filter(pk=decision.pk).exists()


def test_the_admin_speaks_swedish(root):
    page = root.get("/admin/").content.decode()

    assert "Vplan – administration" in page
    for heading in ("Verksamhetsplaner", "Uppföljning", "Organisation", "Ändringshistorik"):
        assert heading in page
