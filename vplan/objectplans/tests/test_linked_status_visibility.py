"""An object plan shows a linked activity's status only from a round its reader may read
(issue 14, case 9): the rule of the activity page, in the page, the Word and PDF files and the API.
"""

import datetime
import io

import pdfplumber
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from vplan.followups.models import FollowUpRound
from vplan.followups.round_lifecycle import close_round, publish_round
from vplan.objectplans.models import ObjectPlanActivity
from vplan.objectplans.tests.factories import make_object_plan_activity
from vplan.organisation.models import Membership, Role
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_board,
    make_plan,
    make_round,
    make_user,
    report,
)

PUBLISHED = "Pågående"
UNPUBLISHED = "Genomfört"
UNPUBLISHED_COMMENT = "Klart, men inte publicerat"


@pytest.fixture
def other_administration(db):
    return make_administration(name="Kultur- och fritidsförvaltningen", short_code="KFF")


@pytest.fixture
def linked(other_administration, object_plan):
    """An activity of another administration: published 'Pågående' in March, then 'Genomfört'
    in the open August round. The object plan (of the test administration) links to it."""
    board = make_board(code="KoF", administration=other_administration)
    plan = make_plan(administration=other_administration, year=object_plan.year, boards=[board])
    activity = make_activity(plan=plan, text="Införa nytt bokningssystem")
    march = make_round(plan=plan, as_of=datetime.date(plan.year, 3, 31))
    august = make_round(plan=plan, as_of=datetime.date(plan.year, 8, 31))
    report(activity=activity, round=march, status=PUBLISHED, comment="Upphandlingen pågår")
    FollowUpRound.objects.filter(pk=march.pk).update(state=FollowUpRound.State.PUBLISHED)
    report(activity=activity, round=august, status=UNPUBLISHED, comment=UNPUBLISHED_COMMENT)
    item = make_object_plan_activity(
        object_plan=object_plan, unit="KOF", text="Nytt bokningssystem", activity=activity
    )
    return {"activity": activity, "march": march, "august": august, "item": item}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def statuses_in_html(html: str) -> set[str]:
    return {status for status in (PUBLISHED, UNPUBLISHED) if status in html}


def page_of(client, object_plan) -> str:
    response = client.get(reverse("objectplans:detail", args=[object_plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["admin_user", "controller", "editor", "reader"])
def test_the_object_plan_page_shows_the_status_its_reader_may_read(
    request, persona, object_plan, linked
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert statuses_in_html(page_of(client, object_plan)) == {PUBLISHED}
    # The activity's own page, read by the same user, shows that status and not the newer one.
    activity_page = client.get(reverse("plans:activity", args=[linked["activity"].pk]))
    assert activity_page.status_code == 200
    assert statuses_in_html(activity_page.content.decode()) == {PUBLISHED}


def test_a_member_of_both_administrations_sees_the_newest_status_on_the_page(
    administration, other_administration, object_plan, linked
):
    both = make_user(username="bada")
    for each in (administration, other_administration):
        Membership.objects.create(user=both, administration=each, role=Role.READER)
    html = page_of(client_for(both), object_plan)
    assert UNPUBLISHED in html and UNPUBLISHED_COMMENT not in html


def test_the_word_and_pdf_files_show_the_status_every_reader_may_read(
    controller, object_plan, linked
):
    client = client_for(controller)
    docx = client.get(reverse("objectplans:report_docx", args=[object_plan.pk]))
    assert docx.status_code == 200
    rows = [
        [cell.text for cell in row.cells]
        for table in Document(io.BytesIO(docx.content)).tables
        for row in table.rows
    ]
    assert ["KOF", "Nytt bokningssystem", PUBLISHED] in rows
    assert not any(UNPUBLISHED in cell for row in rows for cell in row)
    pdf = client.get(reverse("objectplans:report_pdf", args=[object_plan.pk]))
    assert pdf.status_code == 200
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert statuses_in_html(text) == {PUBLISHED}


@pytest.mark.parametrize("persona", ["controller", "reader"])
def test_the_api_shows_the_status_its_reader_may_read(request, persona, object_plan, linked):
    client = client_for(request.getfixturevalue(persona))
    body = client.get(f"/api/objectplans/{object_plan.pk}").json()
    [item] = body["activities"]
    assert item["status"] == PUBLISHED


def test_once_the_round_is_published_everyone_sees_the_newest_status(
    controller, object_plan, linked
):
    owner = make_user(username="kff-controller")
    Membership.objects.create(
        user=owner, administration=linked["activity"].plan.administration, role=Role.CONTROLLER
    )
    close_round(round=linked["august"], by=owner)
    publish_round(round=linked["august"], by=owner)
    client = client_for(controller)
    assert statuses_in_html(page_of(client, object_plan)) == {UNPUBLISHED}
    items = ObjectPlanActivity.objects.filter(object_plan=object_plan).with_linked_status()
    assert [item.status_display for item in items] == [UNPUBLISHED]


def test_an_activity_of_the_object_plans_own_administration_shows_its_open_round(
    plan, controller, reader, object_plan
):
    """Its readers are members of that administration: they read its open rounds too."""
    activity = make_activity(plan=plan, text="Eget elevregister")
    report(activity=activity, round=make_round(plan=plan), status=UNPUBLISHED)
    make_object_plan_activity(object_plan=object_plan, text="Elevregister", activity=activity)
    for user in (controller, reader):
        assert statuses_in_html(page_of(client_for(user), object_plan)) == {UNPUBLISHED}
    items = ObjectPlanActivity.objects.filter(object_plan=object_plan).with_linked_status()
    assert [item.status_display for item in items] == [UNPUBLISHED]


def test_an_item_is_held_to_its_own_object_plans_readers_in_a_mixed_query(
    other_administration, object_plan, linked
):
    """Listed with an object plan of the activity's own administration, an item of another
    object plan still shows only what that plan's readers may read."""
    from vplan.objectplans.tests.factories import make_object_plan

    theirs = make_object_plan(administration=other_administration, year=object_plan.year)
    make_object_plan_activity(object_plan=theirs, text="Deras rad", activity=linked["activity"])
    items = ObjectPlanActivity.objects.order_by("object_plan_id").with_linked_status()
    by_text = {item.text: item.status_display for item in items}
    assert by_text == {"Nytt bokningssystem": PUBLISHED, "Deras rad": UNPUBLISHED}


def test_the_status_without_a_prefetch_follows_the_same_rule(object_plan, linked):
    item = ObjectPlanActivity.objects.get(pk=linked["item"].pk)
    assert item.status_display == PUBLISHED
