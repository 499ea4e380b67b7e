"""The API never returns what the page hides: each read endpoint next to its page, per persona.

For every persona (signed out, an outsider, reader, editor, controller, admin) and every pair of
page and API endpoint that read the same thing, every secret the page does not show (a person's
name, the text of an activity in a plan the persona may not read, a status reported after the
round's last publication) must be missing from the API response too.
"""

import html
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from vplan.followups import round_lifecycle
from vplan.followups.models import FollowUpRound
from vplan.objectplans.models import ObjectPlan
from vplan.organisation import permissions
from vplan.testing.factories import make_activity, make_plan, report

PERSONAS = [None, "outsider", "reader", "editor", "controller", "admin"]
UNPUBLISHED_TEXT = "Hemlig aktivitet i en plan som ingen publicerat"
UNPUBLISHED_COMMENT = "Utkast som inte är publicerat än"


@pytest.fixture
def world(demo):
    """The demo, plus an unpublished 2023 plan that a 2024 activity was carried over from, and
    a published round reopened with a status reported since its publication."""
    get_user_model().objects.create_user("outsider", password="demo", first_name="Olle")
    administration = demo["administration"]
    old_plan = make_plan(
        administration=administration, year=2023, boards=list(administration.boards.all())
    )
    secret = make_activity(plan=old_plan, text=UNPUBLISHED_TEXT)
    carried = demo["plans"][2024].activities.order_by("id").first()
    carried.carried_over_from = secret
    carried.save(update_fields=["carried_over_from"])

    reopened = demo["rounds"][(2026, "mars")]
    controller = demo["users"]["controller"]
    # The demo's October round is open too: reopening March beside it is a choice.
    keep_open = round_lifecycle.Override(chosen=True)
    round_lifecycle.reopen_round(round=reopened, by=controller, keep_other_rounds_open=keep_open)
    reopened.refresh_from_db()
    late = demo["plans"][2026].activities.order_by("id").first()
    report(
        activity=late,
        round=reopened,
        status="Genomfört",
        comment=UNPUBLISHED_COMMENT,
        author=controller,
    )
    return {"demo": demo, "carried": carried, "late": late, "reopened": reopened}


def secrets(persona=None) -> list[str]:
    """Names of people (but the reader's own, shown in the page header) and unpublished text."""
    names = []
    for user in get_user_model().objects.exclude(username=persona or ""):
        names += [user.get_full_name(), user.first_name, user.last_name]
    return sorted({n for n in names if n and len(n) > 3}) + [UNPUBLISHED_TEXT, UNPUBLISHED_COMMENT]


def pairs(world) -> list[tuple[str, str]]:
    """(page, API endpoint) reading the same thing."""
    demo = world["demo"]
    found = []
    for plan in demo["plans"].values():
        found.append((f"/plans/{plan.pk}/", f"/api/plans/{plan.pk}"))
        for round in FollowUpRound.objects.filter(plan=plan):
            found += [
                (f"/plans/{plan.pk}/?round={round.pk}", f"/api/plans/{plan.pk}?round={round.pk}"),
                (f"/rounds/{round.pk}/?board=", f"/api/rounds/{round.pk}/entries"),
                (f"/rounds/{round.pk}/", f"/api/rounds/{round.pk}"),
                # The report as data: its page shows it, the page's CSV download every field.
                (f"/reports/rounds/{round.pk}/download/csv/", f"/api/rounds/{round.pk}/report"),
                (f"/reports/rounds/{round.pk}/download/csv/", f"/api/rounds/{round.pk}/report/csv"),
                (f"/rounds/{round.pk}/missing/", f"/api/rounds/{round.pk}/missing"),
            ]
    for activity in [world["carried"], world["late"]]:
        found.append((f"/activities/{activity.pk}/", f"/api/activities/{activity.pk}"))
        for round in FollowUpRound.objects.filter(plan=activity.plan):
            found.append(
                (
                    f"/activities/{activity.pk}/",
                    f"/api/rounds/{round.pk}/activities/{activity.pk}/reports",
                )
            )
    administration = demo["administration"].pk
    found += [
        (
            f"/overviews/{administration}/status/",
            f"/api/administrations/{administration}/overviews/status",
        ),
        (
            f"/overviews/{administration}/overdue/",
            f"/api/administrations/{administration}/overviews/overdue",
        ),
        ("/search/?q=hemlig", "/api/search?q=hemlig"),
        (
            f"/lineage/plans/{demo['plans'][2025].pk}/",
            f"/api/plans/{demo['plans'][2025].pk}/lineage",
        ),
        (f"/activities/{world['carried'].pk}/", f"/api/history/activities/{world['carried'].pk}"),
    ]
    for object_plan in ObjectPlan.objects.all():
        found.append((f"/objectplans/{object_plan.pk}/", f"/api/objectplans/{object_plan.pk}"))
    return found


def client_for(username):
    client = Client()
    if username:
        assert client.login(username=username, password="demo")
    return client


def body(response) -> str:
    """What a reader reads: JSON as text, a page's text without its markup."""
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    text = response.content.decode("utf-8", errors="replace")
    if content_type.startswith("text/html"):
        text = html.unescape(" ".join(re.sub(r"<[^>]+>", "", text).split()))
    return text


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_returns_nothing_its_page_hides(world, persona):
    client = client_for(persona)
    hidden = secrets(persona)
    leaks = []
    pages = {}  # a page shared by several endpoints is read once
    for page_url, api_url in pairs(world):
        if page_url not in pages:
            pages[page_url] = client.get(page_url)
        page = pages[page_url]
        api = client.get(api_url)
        assert page.status_code < 500 and api.status_code < 500, (page_url, api_url)
        if api.status_code >= 400:
            continue
        page_text = body(page) if page.status_code == 200 else ""
        api_text = body(api)
        leaks += [(api_url, s) for s in hidden if s in api_text and s not in page_text]
    assert leaks == []


@pytest.mark.parametrize("persona", [None, "outsider"])
def test_the_public_reads_no_personal_name_and_nothing_unpublished(world, persona):
    client = client_for(persona)
    hidden = secrets(persona)
    urls = dict.fromkeys(url for pair in pairs(world) for url in pair)  # each once, in order
    for url in urls:
        text = body(client.get(url))
        for secret in hidden:
            assert secret not in text, f"{url} shows {secret!r} to {persona or 'the public'}"


def test_the_one_redaction_rule_decides_names_for_every_persona(world):
    administration = world["demo"]["administration"]
    users = get_user_model().objects
    assert not permissions.sees_personal_names(users.get(username="outsider"), administration)
    for username in ["reader", "editor", "controller", "admin"]:
        assert permissions.sees_personal_names(users.get(username=username), administration)
