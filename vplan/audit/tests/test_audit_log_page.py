"""The audit log page: administrators read every change to their administration's objects,
filtered in the URL, page by page, and as CSV; superusers read all; others are refused."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.test import Client

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, soft_delete
from vplan.organisation.models import Role
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_member,
    make_plan,
    make_user,
)

pytestmark = [pytest.mark.django_db]
URL = "/audit/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change(obj, by, **changes):
    return record_change(
        obj=obj,
        by=by,
        action=ChangeRecord.Action.CHANGED,
        changes={name: pair for name, pair in changes.items()},
    )


@pytest.fixture
def other_administration_activity(db):
    return make_activity(plan=make_plan(administration=make_administration(name="Annan")))


def test_an_administrator_reads_the_changes_of_their_administration_in_swedish(
    plan, admin_user, controller, other_administration_activity
):
    activity = make_activity(plan=plan, text="Kartlägga läsförmågan")
    _change(activity, controller, text=("Kartlägga", "Kartlägga läsförmågan"))
    _change(other_administration_activity, controller, text=("Hemlig", "Annan text"))

    response = _client(admin_user).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1 and "Ändringslogg" in page
    assert "Kartlägga läsförmågan" in page and "controller" in page
    assert "Kartlägga → Kartlägga läsförmågan" in page
    assert "Annan text" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", page)  # strict CSP


def test_a_superuser_reads_every_change(plan, controller, other_administration_activity):
    _change(other_administration_activity, controller, text=("Före", "Annan förvaltnings text"))
    superuser = make_user(username="root", is_superuser=True, is_staff=True)

    page = _client(superuser).get(URL).content.decode()

    assert "Annan förvaltnings text" in page


@pytest.mark.parametrize("persona", ["controller", "editor", "reader"])
def test_members_who_are_not_administrators_are_refused(request, persona):
    response = _client(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403


def test_a_user_of_no_administration_does_not_find_the_log(outsider):
    assert _client(outsider).get(URL).status_code == 404
    assert _client(outsider).get(URL + "export.csv").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_administrations_log_is_not_found_and_a_members_is_refused(
    administration, admin_user, controller
):
    other = make_administration(name="Annan")
    assert _client(admin_user).get(URL, {"administration": other.pk}).status_code == 404
    response = _client(controller).get(URL, {"administration": administration.pk})
    assert response.status_code == 403


def test_the_navigation_links_to_the_log_for_administrators_only(admin_user, controller):
    assert 'href="/audit/"' in _client(admin_user).get("/").content.decode()
    assert 'href="/audit/"' not in _client(controller).get("/").content.decode()


def test_filters_by_person_kind_action_dates_and_text(plan, admin_user, controller, editor):
    first = make_activity(plan=plan, text="Läsfrämjande insatser")
    second = make_activity(plan=plan, text="Digital skola")
    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC)):
        _change(first, controller, text=("A", "Läsfrämjande insatser"))
    with time_machine.travel(datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC)):
        _change(second, editor, text=("B", "Digital skola"))
        soft_delete(obj=second, by=controller)
        _change(plan, controller, year=(2023, 2024))
    client = _client(admin_user)

    def shown(**filters) -> set[str]:
        response = client.get(URL, filters)
        assert response.status_code == 200
        return set(re.findall(r'<th scope="row">([^<]+)<br>', response.content.decode()))

    assert shown(person="editor") == {"Digital skola"}
    assert shown(kind="plans.plan") == {str(plan)}
    assert shown(action="deleted") == {"Digital skola"}
    assert shown(since="2024-04-01", until="2024-05-31") == {"Digital skola", str(plan)}
    assert shown(until="2024-03-31") == {"Läsfrämjande insatser"}
    assert shown(q="läsfrämjande") == {"Läsfrämjande insatser"}
    assert shown(q=str(second.pk), kind="plans.activity") == {"Digital skola"}


def test_a_bad_filter_says_what_is_wrong(admin_user):
    response = _client(admin_user).get(URL, {"since": "2024-05-01", "until": "2024-04-01"})
    assert response.status_code == 400
    assert "Slutdatumet kommer före startdatumet." in response.content.decode()
    response = _client(admin_user).get(URL, {"since": "inte ett datum"})
    assert response.status_code == 400


def test_pages_hold_at_most_fifty_rows_and_keep_the_filter(plan, admin_user, controller):
    activity = make_activity(plan=plan, text="Många ändringar")
    for number in range(120):
        _change(activity, controller, comment=(str(number), str(number + 1)))
    client = _client(admin_user)

    first = client.get(URL, {"person": "controller"}).content.decode()
    third = client.get(URL, {"person": "controller", "page": 3}).content.decode()

    assert first.count('<th scope="row">') == 50
    assert third.count('<th scope="row">') == 20
    assert "person=controller&amp;page=2" in first
    assert "120 ändringar" in first
    assert "119 → 120" in first and "0 → 1" in third  # newest first


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_export_holds_the_filtered_changes_with_neutralised_cells(
    plan, admin_user, controller, editor
):
    activity = make_activity(plan=plan, text='=HYPERLINK("http://example.com")')
    _change(activity, editor, text=("Före", '=HYPERLINK("http://example.com")'), order=(1, 2))
    _change(activity, controller, text=("Inte", "med"))

    rows = _csv(_client(admin_user).get(URL + "export.csv", {"person": "editor"}))

    assert rows[0][:3] == ["Tid", "Person", "Förvaltning"]
    assert len(rows) == 3  # the heading, then one row per changed field
    assert {row[1] for row in rows[1:]} == {"editor"}
    assert all(row[5] == '\'=HYPERLINK("http://example.com")' for row in rows[1:])
    befores_and_afters = {tuple(row[8:]) for row in rows[1:]}
    assert befores_and_afters == {("Före", '\'=HYPERLINK("http://example.com")'), ("1", "2")}


def test_the_log_is_read_only(plan, admin_user, controller):
    _change(make_activity(plan=plan), controller, text=("A", "B"))
    client = _client(admin_user)
    assert client.post(URL).status_code == 405
    assert client.delete(URL).status_code == 405
    assert ChangeRecord.objects.filter(action=ChangeRecord.Action.CHANGED).count() == 1


def test_an_administrator_of_two_administrations_filters_by_administration(
    plan, administration, admin_user, controller
):
    other = make_administration(name="Andra förvaltningen")
    make_member(administration=other, role=Role.READER, username="other-reader")
    from vplan.organisation.models import Membership

    Membership.objects.create(user=admin_user, administration=other, role=Role.ADMIN)
    _change(make_activity(plan=plan, text="Här"), controller, text=("A", "B"))
    _change(make_activity(plan=make_plan(administration=other), text="Där"), controller)
    client = _client(admin_user)

    both = client.get(URL).content.decode()
    only_other = client.get(URL, {"administration": other.pk}).content.decode()

    assert "Här" in both and "Där" in both
    assert "Där" in only_other and "Här" not in only_other


def test_a_filter_that_matches_nothing_says_so(admin_user):
    page = _client(admin_user).get(URL, {"q": "finns inte"}).content.decode()
    assert "0 ändringar" in page and "Ingen ändring matchar filtret." in page


def test_the_kinds_offered_are_those_of_the_readers_records(
    plan, admin_user, controller, other_administration_activity
):
    _change(plan, controller, year=(2023, 2024))
    _change(other_administration_activity, controller, text=("A", "B"))

    form = _client(admin_user).get(URL).context["form"]

    assert [value for value, _ in form.fields["kind"].choices] == ["", "plans.plan"]
