"""The people API: the same rules as the pages (administrators change, controllers read,
editors and readers 403, others 404, signed out 401) over the same operations."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from vplan.api.tokens import create_api_token
from vplan.organisation.memberships import grant_membership
from vplan.organisation.models import Membership
from vplan.testing.factories import make_administration, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(administration, board):
    person = make_user(username="anna", first_name="Anna", last_name="Svensson")
    grant_membership(
        user=person, administration=administration, board=board, role="editor", by=None
    )
    return person


def _people(administration, tail=""):
    return f"/administrations/{administration.pk}/people{tail}"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 200), ("controller", 200), ("editor", 403), ("reader", 403),
     ("outsider", 404), ("anonymous", 404)],
)  # fmt: skip
def test_who_may_list_the_people(api_as, persona, status, administration, anna):
    response = api_as(persona).get(_people(administration))
    assert response.status_code == status, response.content
    assert api_as(persona).get(_people(administration, f"/{anna.pk}")).status_code == status
    if status == 200:
        body = response.json()
        listed = {person["username"]: person for person in body["items"]}
        assert listed["anna"]["name"] == "Anna Svensson"
        assert [(r["role"], r["board"]) for r in listed["anna"]["roles"]] == [("editor", "BiN")]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("controller", 403), ("editor", 403), ("reader", 403), ("outsider", 404),
     ("anonymous", 401)],
)  # fmt: skip
def test_only_administrators_change_people(api_as, persona, status, administration, anna):
    api = api_as(persona)
    membership = anna.memberships.get()
    answers = [
        api.post(_people(administration), {"username": "x", "name": "X Y", "role": "reader"}),
        api.post(_people(administration, f"/{anna.pk}/roles"), {"role": "admin"}),
        api.post(f"/administrations/{administration.pk}/memberships/{membership.pk}/end"),
        api.post(_people(administration, f"/{anna.pk}/deactivate")),
        api.patch(_people(administration, f"/{anna.pk}"), {"name": "Hacked"}),
    ]
    assert [answer.status_code for answer in answers] == [status] * len(answers)
    anna.refresh_from_db()
    assert anna.is_active and anna.get_full_name() == "Anna Svensson"
    assert Membership.objects.current().filter(user=anna).count() == 1


def test_list_filters_and_pages(api_as, administration, board, other_board, anna):
    for n in range(5):
        person = make_user(username=f"p{n}")
        grant_membership(
            user=person, administration=administration, board=other_board, role="reader", by=None
        )
    api = api_as("admin_user")
    body = api.get(_people(administration), limit=2, offset=0).json()
    assert (body["count"], len(body["items"])) == (7, 2)  # 5, anna and the administrator
    assert api.get(_people(administration), board="BoU").json()["count"] == 6
    assert api.get(_people(administration), role="editor").json()["count"] == 1
    assert api.get(_people(administration), q="svensson").json()["count"] == 1
    assert api.get(_people(administration), board="NOPE").status_code == 400
    assert api.get(_people(administration), role="boss").status_code == 400


def test_add_grant_end_deactivate_and_reactivate(api_as, administration, board, admin_user):
    api = api_as("admin_user")
    created = api.post(
        _people(administration),
        {"username": "bo", "name": "Bo Ek", "email": "bo@example.se", "role": "reader"},
    )
    assert created.status_code == 201, created.content
    person = created.json()
    assert (person["name"], person["roles"][0]["role"], person["roles"][0]["board"]) == (
        "Bo Ek",
        "reader",
        None,
    )
    assert person["history"][0]["granted_by"] == "admin"
    again = api.post(_people(administration), {"username": "bo", "role": "reader"})
    assert again.status_code == 200
    granted = api.post(
        _people(administration, f"/{person['id']}/roles"), {"role": "editor", "board": "bin"}
    )
    assert granted.status_code == 201 and granted.json()["board"] == "BiN"
    same = api.post(
        _people(administration, f"/{person['id']}/roles"), {"role": "editor", "board": "BIN"}
    )
    assert same.status_code == 200 and same.json()["id"] == granted.json()["id"]
    ended = api.post(
        f"/administrations/{administration.pk}/memberships/{granted.json()['id']}/end",
        {"reason": "Klart"},
    )
    assert ended.status_code == 200
    assert (ended.json()["end_reason"], ended.json()["ended_by"]) == ("Klart", "admin")
    twice = api.post(f"/administrations/{administration.pk}/memberships/{granted.json()['id']}/end")
    assert twice.status_code == 400
    off = api.post(_people(administration, f"/{person['id']}/deactivate"), {"reason": "Slutat"})
    assert off.status_code == 200 and off.json()["deactivated"] is True
    assert off.json()["person"]["is_active"] is False and off.json()["person"]["roles"] == []
    on = api.post(_people(administration, f"/{person['id']}/reactivate"))
    assert on.status_code == 200 and on.json()["is_active"] is True
    history = api.get(_people(administration, f"/{person['id']}")).json()["history"]
    assert len(history) == 2 and all(entry["ended_at"] for entry in history)


def test_bad_input_is_named(api_as, administration, board):
    api = api_as("admin_user")
    answer = api.post(
        _people(administration),
        {"username": "a b", "name": "A B", "email": "nope", "role": "reader"},
    )
    assert answer.status_code == 400 and "username" in answer.json()["errors"]
    answer = api.post(_people(administration), {"username": "ab", "name": "A B", "role": "boss"})
    assert answer.status_code == 400 and "role" in answer.json()["errors"]
    answer = api.post(
        _people(administration), {"username": "ab", "name": "A B", "role": "reader", "board": "X"}
    )
    assert answer.status_code == 400 and "board" in answer.json()["errors"]
    assert not get_user_model().objects.filter(username__in=["a b", "ab"]).exists()


def test_a_person_with_roles_elsewhere_is_not_deactivated(api_as, administration, anna):
    grant_membership(user=anna, administration=make_administration(), role="reader", by=None)
    answer = api_as("admin_user").post(_people(administration, f"/{anna.pk}/deactivate"))
    assert answer.status_code == 200 and answer.json()["deactivated"] is False
    anna.refresh_from_db()
    assert anna.is_active
    assert (
        api_as("admin_user")
        .patch(_people(administration, f"/{anna.pk}"), {"name": "X"})
        .status_code
        == 403
    )


def _file(data: bytes, name: str = "people.csv"):
    file = io.BytesIO(data)
    file.name = name
    return file


def test_import_preview_and_commit(administration, board, admin_user):
    client = Client()
    client.force_login(admin_user)
    rows = "\n".join(
        ["användarnamn;namn;e-post;förvaltning;nämnd;roll"]
        + [f"imp{n};Imp {n};imp{n}@example.se;TF;BiN;läsare" for n in range(110)]
    ).encode()
    base = f"/api/administrations/{administration.pk}/people/import"
    preview = client.post(f"{base}/preview", {"file": _file(rows)})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert (body["has_errors"], body["new_people"], body["new_roles"]) == (False, 110, 110)
    assert body["rows"][0] == {
        "row": 2, "username": "imp0", "administration": "TF", "board": "BiN", "role": "reader",
        "outcome": "new_person", "errors": [],
    }  # fmt: skip
    assert not get_user_model().objects.filter(username__startswith="imp").exists()
    committed = client.post(base, {"file": _file(rows)})
    assert committed.status_code == 201, committed.content
    assert committed.json() == {"people_created": 110, "roles_granted": 110, "unchanged": 0}
    assert get_user_model().objects.filter(username__startswith="imp").count() == 110


def test_import_with_a_bad_row_writes_nothing(administration, board, admin_user):
    token, text = create_api_token(user=admin_user, name="import")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {text}")
    rows = "användarnamn;namn;roll\nok;Ok Ok;läsare\nbad;Bad Bad;chef\n".encode()
    base = f"/api/administrations/{administration.pk}/people/import"
    preview = client.post(f"{base}/preview", {"file": _file(rows)}).json()
    assert preview["has_errors"] is True
    assert preview["rows"][1]["errors"][0]["column"] == "roll"
    refused = client.post(base, {"file": _file(rows)})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["rows.3.roll"]
    assert not get_user_model().objects.filter(username__in=["ok", "bad"]).exists()
    unreadable = client.post(base, {"file": _file(b"\x00\x00", "x.csv")})
    assert unreadable.status_code == 400 and "file" in unreadable.json()["errors"]


def test_controllers_may_not_import_through_the_api(administration, controller):
    client = Client()
    client.force_login(controller)
    base = f"/api/administrations/{administration.pk}/people/import"
    rows = b"username;name;role\nx;X X;reader\n"
    assert client.post(f"{base}/preview", {"file": _file(rows)}).status_code == 403
    assert client.post(base, {"file": _file(rows)}).status_code == 403
