"""Reminders by e-mail (issue 18, point 2), through a real SMTP server in the test (aiosmtpd):
from 'who has not reported' (everyone or the chosen), `vplan remind` on reminder days and
`vplan remind --all-open`; one mail per person; never twice for a round within 24 hours; every
reminder recorded; the same in the API."""

import datetime
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from vplan.followups.models import Reminder
from vplan.mail_url import email_settings_from_url
from vplan.organisation.models import Role
from vplan.plans.editing import update_activity
from vplan.testing.factories import (
    make_activity,
    make_member,
    make_plan,
    make_round,
    report,
)
from vplan.testing.smtp import running_smtp_server

pytestmark = pytest.mark.django_db

BASE = "https://vplan.kommun.example"


@pytest.fixture
def mail():
    with running_smtp_server() as (collector, port):
        settings = email_settings_from_url(f"smtp://127.0.0.1:{port}/", sender="vplan@kommun.se")
        with override_settings(**settings, VPLAN_BASE_URL=BASE):
            yield collector


@pytest.fixture
def people(administration, board):
    found = {}
    for username, first, last, address in [
        ("anna", "Anna", "Ahlström", "anna@kommun.se"),
        ("bo", "Bo", "Berg", "bo@kommun.se"),
        ("cilla", "Cilla", "Carlsson", ""),
    ]:
        person = make_member(
            administration=administration, role=Role.EDITOR, board=board, username=username
        )
        person.first_name, person.last_name, person.email = first, last, address
        person.save()
        found[username] = person
    return found


@pytest.fixture
def round(plan, board, controller, people):
    round = make_round(plan=plan)
    round.reporting_deadline = timezone.localdate() + datetime.timedelta(days=7)
    round.save()
    for text, who in [
        ("Läsfrämjande insatser", ["anna"]),
        ("Digitala verktyg i undervisningen", ["anna", "bo"]),
        ("Ny simhall", ["cilla"]),
        ("Redan rapporterad", ["bo"]),
    ]:
        activity = make_activity(plan=plan, text=text, boards=[board])
        update_activity(
            activity=activity, responsible_people=[people[w] for w in who], by=controller
        )
        if text == "Redan rapporterad":
            report(activity=activity, round=round, status="Genomfört")
    return round


def send_from_page(client, round, **data):
    return client.post(reverse("followups:send_reminders", args=[round.pk]), data)


def test_reminding_everyone_sends_one_swedish_mail_per_person_with_links(
    client, controller, round, people, mail
):
    client.force_login(controller)
    response = send_from_page(client, round, everyone="1")
    assert response.status_code == 302
    by_address = {message["To"]: message for message in mail.messages}
    assert set(by_address) == {"anna@kommun.se", "bo@kommun.se"}  # Cilla has no address
    anna = by_address["anna@kommun.se"]
    assert anna["From"] == "vplan@kommun.se"
    assert anna["Subject"] == "Påminnelse: 2 aktiviteter saknar status i Vplan"
    text = anna.get_body(preferencelist=("plain",)).get_content()
    html = anna.get_body(preferencelist=("html",)).get_content()
    assert "Hej Anna Ahlström," in text
    assert "Läsfrämjande insatser" in text and "Digitala verktyg i undervisningen" in text
    assert "Redan rapporterad" not in text
    links = re.findall(rf"{BASE}/rounds/{round.pk}/\?activity=\d+#activity-\d+", text)
    assert len(links) == 2
    assert f'href="{links[0]}"' in html
    bo_text = by_address["bo@kommun.se"].get_body(preferencelist=("plain",)).get_content()
    assert "1 aktivitet som du är ansvarig för saknar fortfarande status." in bo_text

    recorded = Reminder.objects.order_by("person__username")
    assert [(r.person.username, r.address, r.activity_count, r.kind) for r in recorded] == [
        ("anna", "anna@kommun.se", 2, "chosen"),
        ("bo", "bo@kommun.se", 1, "chosen"),
    ]
    assert {r.sent_by for r in recorded} == {controller}
    page = client.get(response["Location"]).content.decode()
    assert "2 påminnelser skickade" in page
    assert "saknar e-postadress" in page  # Cilla


def test_nobody_is_reminded_twice_about_a_round_within_24_hours(
    client, controller, round, people, mail
):
    client.force_login(controller)
    send_from_page(client, round, everyone="1")
    send_from_page(client, round, everyone="1")
    send_from_page(client, round, person=[people["anna"].pk])
    assert len(mail.messages) == 2
    assert Reminder.objects.count() == 2
    call_command("remind", "--all-open")
    assert len(mail.messages) == 2


def test_the_chosen_people_only(client, controller, round, people, mail):
    client.force_login(controller)
    send_from_page(client, round, person=[people["bo"].pk], chosen="1")
    assert [message["To"] for message in mail.messages] == ["bo@kommun.se"]


def test_remind_all_open_sends_one_mail_per_person_for_every_open_round(
    controller, round, people, administration, board, mail
):
    other_plan = make_plan(administration=administration, year=2025, boards=[board])
    other_round = make_round(plan=other_plan)
    activity = make_activity(plan=other_plan, text="Bibliotekets öppettider", boards=[board])
    update_activity(activity=activity, responsible_people=[people["anna"]], by=controller)

    call_command("remind", "--all-open")
    anna = [m for m in mail.messages if m["To"] == "anna@kommun.se"]
    assert len(anna) == 1
    text = anna[0].get_body(preferencelist=("plain",)).get_content()
    assert "Bibliotekets öppettider" in text and "Läsfrämjande insatser" in text
    assert anna[0]["Subject"] == "Påminnelse: 3 aktiviteter saknar status i Vplan"
    assert Reminder.objects.filter(person=people["anna"]).count() == 2  # one per round
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"all_open"}
    assert Reminder.objects.filter(round=other_round).count() == 1
    call_command("remind", "--all-open")  # twice: nothing new
    assert len(mail.messages) == 2


def test_vplan_remind_sends_on_a_rounds_reminder_days_only(round, mail):
    call_command("remind")
    assert mail.messages == []  # no reminder days set
    round.reminder_days = [6]
    round.save()
    call_command("remind")
    assert mail.messages == []  # the deadline is 7 days away
    round.reminder_days = [7, 2]
    round.save()
    call_command("remind")
    assert len(mail.messages) == 2
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"scheduled"}
    call_command("remind")
    assert len(mail.messages) == 2


def test_a_controller_sets_the_reminder_days_on_the_page(client, controller, round):
    client.force_login(controller)
    url = reverse("followups:reminder_days", args=[round.pk])
    client.post(url, {"days": "2, 7"})
    round.refresh_from_db()
    assert round.reminder_days == [7, 2]
    client.post(url, {"days": "500"})
    round.refresh_from_db()
    assert round.reminder_days == [7, 2]


def test_the_api_sends_lists_and_sets_days(controller, round, people, mail):
    client = Client()
    client.force_login(controller)
    sent = client.post(
        f"/api/rounds/{round.pk}/reminders",
        data=json.dumps({"people": [people["anna"].pk, people["cilla"].pk]}),
        content_type="application/json",
    )
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert [p["username"] for p in body["sent"]] == ["anna"]
    assert [p["username"] for p in body["without_address"]] == ["cilla"]
    again = client.post(
        f"/api/rounds/{round.pk}/reminders", data="{}", content_type="application/json"
    ).json()
    assert [p["username"] for p in again["sent"]] == ["bo"]
    assert [p["username"] for p in again["recently_reminded"]] == ["anna"]
    history = client.get(f"/api/rounds/{round.pk}/reminders").json()
    assert history["count"] == 2
    assert {item["person"]["username"] for item in history["items"]} == {"anna", "bo"}
    one = client.get(f"/api/rounds/{round.pk}/reminders", {"limit": 1, "offset": 1}).json()
    assert one["count"] == 2 and len(one["items"]) == 1
    days = client.put(
        f"/api/rounds/{round.pk}/reminder-days",
        data=json.dumps({"days": [3]}),
        content_type="application/json",
    )
    assert days.json() == {"days": [3]}


def test_without_mail_the_page_says_so_and_nothing_is_sent(client, controller, round):
    client.force_login(controller)
    with override_settings(**email_settings_from_url("")):
        page = client.get(reverse("followups:missing_people", args=[round.pk]))
        assert "E-post är inte inställd" in page.content.decode()
        send_from_page(client, round, everyone="1")
        api = Client()
        api.force_login(controller)
        answer = api.post(
            f"/api/rounds/{round.pk}/reminders", data="{}", content_type="application/json"
        )
        assert answer.status_code == 409
        assert answer.json()["code"] == "mail_not_set_up"
        with pytest.raises(CommandError, match="VPLAN_EMAIL_URL"):
            call_command("remind", "--all-open")
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("persona,status", [("editor", 403), ("reader", 403), ("outsider", 404)])
def test_only_controllers_send(client, request, round, persona, status, mail):
    client.force_login(request.getfixturevalue(persona))
    assert send_from_page(client, round, everyone="1").status_code == status
    assert mail.messages == []
