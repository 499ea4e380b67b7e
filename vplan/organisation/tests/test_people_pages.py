"""The people pages, in Swedish: an administrator lists the administration's people with their
roles, adds a person, grants and ends roles, deactivates and reactivates; the person's page
shows the history. Controllers read; editors and readers get 403, outsiders 404."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.organisation.memberships import grant_membership
from vplan.organisation.models import Membership, Role
from vplan.testing.factories import make_administration, make_board, make_member, make_user

pytestmark = [pytest.mark.django_db]

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=")


def _client(request, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def _url(administration, tail: str = "") -> str:
    return f"/organisation/administrations/{administration.pk}/people/{tail}"


@pytest.fixture
def anna(administration, board, admin_user):
    person = make_user(username="anna")
    person.first_name, person.last_name, person.email = "Anna", "Svensson", "anna@example.se"
    person.save()
    grant_membership(
        user=person, administration=administration, board=board, role=Role.EDITOR, by=admin_user
    )
    return person


@pytest.mark.parametrize("persona", ["admin_user", "controller"])
def test_administrators_and_controllers_see_the_people_in_swedish(
    request, persona, administration, anna
):
    response = _client(request, persona).get(_url(administration))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Personer i Testförvaltningen" in page
    assert "Anna Svensson" in page and "redaktör (BiN)" in page
    assert not INLINE.search(page)
    # Only administrators are offered changes.
    assert ("Lägg till en person" in page) == (persona == "admin_user")
    person_page = _client(request, persona).get(_url(administration, f"{anna.pk}/"))
    assert person_page.status_code == 200
    assert "Rollhistorik" in person_page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("editor", 403), ("reader", 403), ("outsider", 404)]
)
def test_others_may_not_see_the_people(request, persona, status, administration, anna):
    client = _client(request, persona)
    assert client.get(_url(administration)).status_code == status
    assert client.get(_url(administration, f"{anna.pk}/")).status_code == status
    assert client.get(_url(administration, "add/")).status_code == status
    assert client.get(_url(administration, "import/")).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client, administration, anna):
    response = client.get(_url(administration))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert "Svensson" not in client.get("/", follow=True).content.decode()


@pytest.mark.parametrize("persona", ["controller", "editor", "reader", "outsider"])
def test_only_administrators_change_people(request, persona, administration, board, anna):
    client = _client(request, persona)
    membership = anna.memberships.get()
    attempts = [
        (_url(administration, "add/"), {"username": "x", "name": "X Y", "role": "reader"}),
        (_url(administration, f"{anna.pk}/roles/"), {"role": "admin"}),
        (_url(administration, f"{anna.pk}/deactivate/"), {}),
        (_url(administration, f"{anna.pk}/edit/"), {"name": "Hacked", "email": ""}),
        (f"/organisation/administrations/{administration.pk}/memberships/{membership.pk}/end/", {}),
    ]
    expected = 404 if persona == "outsider" else 403
    for url, data in attempts:
        assert client.post(url, data).status_code == expected, url
    anna.refresh_from_db()
    assert anna.is_active and anna.get_full_name() == "Anna Svensson"
    assert list(Membership.objects.current().filter(user=anna)) == [membership]
    assert not get_user_model().objects.filter(username="x").exists()


def test_the_menu_links_to_the_people_for_those_who_manage(client, admin_user, reader):
    client.force_login(admin_user)
    assert 'href="/organisation/people/"' in client.get("/").content.decode()
    client.force_login(reader)
    assert 'href="/organisation/people/"' not in client.get("/").content.decode()
    assert client.get("/organisation/people/").status_code == 403


def test_the_people_index_goes_to_the_only_administration(client, admin_user, administration):
    client.force_login(admin_user)
    response = client.get("/organisation/people/")
    assert response.status_code == 302 and response.url == _url(administration)


def test_the_list_filters_by_board_role_and_text_and_pages(
    client, admin_user, administration, board, other_board
):
    for n in range(60):
        person = make_user(username=f"person{n:02}", first_name=f"Förnamn{n:02}", last_name="Ek")
        grant_membership(
            user=person,
            administration=administration,
            board=board if n % 2 else other_board,
            role=Role.EDITOR if n % 3 else Role.READER,
            by=admin_user,
        )
    client.force_login(admin_user)
    first = client.get(_url(administration)).content.decode()
    assert "61 personer" in first  # and the administrator
    assert "Sida 1 av 2" in first
    second = client.get(_url(administration), {"page": 2}).content.decode()
    assert "Sida 2 av 2" in second
    on_board = client.get(_url(administration), {"board": board.pk}).content.decode()
    assert "31 personer" in on_board  # 30 on BiN, and the administrator on every board
    readers = client.get(_url(administration), {"role": "reader"}).content.decode()
    assert "20 personer" in readers
    text = client.get(_url(administration), {"q": "förnamn07"}).content.decode()
    assert "1 person" in text and "person07" in text
    bad = client.get(_url(administration), {"board": "999999"})
    assert bad.status_code == 400


def test_an_administrator_adds_a_person_who_gets_a_link_to_choose_a_password(
    client, admin_user, administration, board
):
    client.force_login(admin_user)
    form = client.get(_url(administration, "add/")).content.decode()
    assert "Lägg till en person" in form and not INLINE.search(form)
    response = client.post(
        _url(administration, "add/"),
        {
            "username": "bo.ek",
            "name": "Bo Ek",
            "email": "bo.ek@example.se",
            "role": "editor",
            "board": board.pk,
            "send_link": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    person = get_user_model().objects.get(username="bo.ek")
    assert (person.first_name, person.last_name, person.email) == ("Bo", "Ek", "bo.ek@example.se")
    assert not person.has_usable_password()  # no password until the person chooses one
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.board, membership.granted_by) == (
        "editor",
        board,
        admin_user,
    )
    assert history_of(person).get().action == ChangeRecord.Action.CREATED
    page = response.content.decode()
    assert "Bo Ek har lagts till" in page
    assert "En länk för att välja lösenord skickades till bo.ek@example.se" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bo.ek@example.se"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    chooser = Client().get(link, follow=True)
    assert chooser.status_code == 200
    assert b'name="new_password1"' in chooser.content


def test_adding_refuses_bad_input_and_writes_nothing(client, admin_user, administration, anna):
    client.force_login(admin_user)
    response = client.post(
        _url(administration, "add/"),
        {"username": "has space", "name": "N N", "email": "not-an-address", "role": "boss"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "ds-error-summary" in page
    assert not get_user_model().objects.filter(username="has space").exists()


def test_adding_an_existing_username_grants_the_role_and_keeps_the_details(
    client, admin_user, administration, anna
):
    client.force_login(admin_user)
    response = client.post(
        _url(administration, "add/"),
        {"username": "ANNA", "name": "Someone Else", "email": "", "role": "reader"},
        follow=True,
    )
    assert response.status_code == 200
    anna.refresh_from_db()
    assert anna.get_full_name() == "Anna Svensson"
    assert set(Membership.objects.current().filter(user=anna).values_list("role", flat=True)) == {
        "editor",
        "reader",
    }


def test_grant_and_end_a_role_and_the_history_shows_both(
    client, admin_user, administration, other_board, anna
):
    client.force_login(admin_user)
    response = client.post(
        _url(administration, f"{anna.pk}/roles/"), {"role": "controller", "board": ""}
    )
    assert response.status_code == 302
    granted = Membership.objects.current().get(user=anna, role="controller")
    assert granted.board is None and granted.granted_by == admin_user
    end = f"/organisation/administrations/{administration.pk}/memberships/{granted.pk}/end/"
    assert client.post(end, {"reason": "Bytte tjänst"}).status_code == 302
    granted.refresh_from_db()
    assert granted.ended_at and granted.ended_by == admin_user
    assert granted.end_reason == "Bytte tjänst"
    page = client.get(_url(administration, f"{anna.pk}/")).content.decode()
    assert "Bytte tjänst" in page and "controller" in page
    assert not INLINE.search(page)
    again = client.post(end, {"reason": "twice"}, follow=True)
    assert "redan avslutats" in again.content.decode()
    # A board of another administration is not offered, and refused.
    elsewhere = make_board(code="ZZ", administration=make_administration())
    refused = client.post(
        _url(administration, f"{anna.pk}/roles/"), {"role": "reader", "board": elsewhere.pk}
    )
    assert refused.status_code == 422
    assert not Membership.objects.filter(board=elsewhere).exists()


def test_a_membership_of_another_administration_cannot_be_ended_here(
    client, admin_user, administration
):
    other = make_administration()
    stranger = make_member(administration=other, role=Role.READER)
    membership = stranger.memberships.get()
    client.force_login(admin_user)
    url = f"/organisation/administrations/{administration.pk}/memberships/{membership.pk}/end/"
    assert client.post(url, {}).status_code == 404
    assert client.get(_url(administration, f"{stranger.pk}/")).status_code == 404
    assert Membership.objects.current().filter(pk=membership.pk).exists()


def test_deactivate_a_person_only_here_and_reactivate(client, admin_user, administration, anna):
    client.force_login(admin_user)
    response = client.post(_url(administration, f"{anna.pk}/deactivate/"), {"reason": "Slutat"})
    assert response.status_code == 302
    anna.refresh_from_db()
    assert not anna.is_active
    assert not Membership.objects.current().filter(user=anna).exists()
    assert Membership.objects.get(user=anna).end_reason == "Slutat"
    assert Client().login(username="anna", password="secret-pw-1") is False
    listed = client.get(_url(administration), {"former": "on"}).content.decode()
    assert "Anna Svensson" in listed and "inaktiverad" in listed
    assert client.post(_url(administration, f"{anna.pk}/reactivate/")).status_code == 302
    anna.refresh_from_db()
    assert anna.is_active
    assert not Membership.objects.current().filter(user=anna).exists()  # granted anew
    changes = [r.changes.get("is_active") for r in history_of(anna)]
    assert [True, False] in changes and [False, True] in changes


def test_a_person_with_roles_elsewhere_only_loses_the_roles_here(
    client, admin_user, administration, anna
):
    other = make_administration()
    grant_membership(user=anna, administration=other, role=Role.READER, by=None)
    client.force_login(admin_user)
    page = client.get(_url(administration, f"{anna.pk}/")).content.decode()
    assert "roller i andra förvaltningar" in page
    response = client.post(_url(administration, f"{anna.pk}/deactivate/"), {}, follow=True)
    assert "Kontot förblir aktivt" in response.content.decode()
    anna.refresh_from_db()
    assert anna.is_active
    assert not Membership.objects.current().filter(user=anna, administration=administration)
    assert Membership.objects.current().filter(user=anna, administration=other).exists()
    # Nor may the administrator change the details of a person of another administration.
    assert (
        client.post(
            _url(administration, f"{anna.pk}/edit/"), {"name": "X", "email": ""}
        ).status_code
        == 403
    )


def test_an_administrator_may_not_deactivate_a_superuser_or_themself(
    client, admin_user, administration
):
    boss = make_user(username="boss", is_superuser=True, is_staff=True)
    grant_membership(user=boss, administration=administration, role=Role.READER, by=None)
    client.force_login(admin_user)
    client.post(_url(administration, f"{boss.pk}/deactivate/"), {})
    boss.refresh_from_db()
    assert boss.is_active
    client.post(_url(administration, f"{admin_user.pk}/deactivate/"), {})
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_edit_the_name_and_email_address(client, admin_user, administration, anna):
    client.force_login(admin_user)
    response = client.post(
        _url(administration, f"{anna.pk}/edit/"), {"name": "Anna Berg", "email": "a@b.se"}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.last_name, anna.email) == ("Berg", "a@b.se")
    record = history_of(anna).filter(action=ChangeRecord.Action.CHANGED).get()
    assert record.changes["name"] == ["Anna Svensson", "Anna Berg"]


def test_a_link_that_cannot_be_sent_is_said_plainly(
    client, admin_user, administration, anna, settings
):
    settings.EMAIL_BACKEND = "vplan.organisation.tests.test_people_pages.RefusingBackend"
    client.force_login(admin_user)
    response = client.post(_url(administration, f"{anna.pk}/send-link/"), follow=True)
    assert "kunde inte skickas" in response.content.decode()


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")
