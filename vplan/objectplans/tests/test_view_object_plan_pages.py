"""The object plan pages per persona: members read, controllers and admins change, others are refused."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vplan.imports.tests.test_read_objectplan import SMALL_PLAN
from vplan.objectplans.models import BudgetLine, ObjectPlan
from vplan.objectplans.tests.factories import (
    make_budget_line,
    make_it_object,
    make_object_plan,
    make_object_plan_activity,
)
from vplan.testing.factories import make_activity, make_administration, make_round, report

READERS = ["reader", "editor", "controller", "admin_user"]
MANAGERS = ["controller", "admin_user"]
NOT_MANAGERS = ["reader", "editor"]


@pytest.fixture
def login(client, request):
    def as_persona(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_persona


def test_anonymous_visitors_are_sent_to_sign_in(client, object_plan):
    for url in [
        f"/objectplans/{object_plan.pk}/",
        "/objectplans/",
        f"/objectplans/{object_plan.pk}/report.pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_outsider_does_not_see_the_plan(login, object_plan):
    client = login("outsider")
    for url in ["", "report.docx", "report.pdf", "export.json"]:
        assert client.get(f"/objectplans/{object_plan.pk}/{url}").status_code == 404
    assert f"/objectplans/{object_plan.pk}/" not in client.get("/objectplans/").content.decode()


@pytest.mark.parametrize("persona", READERS)
def test_members_read_the_plan_with_one_heading(login, persona, object_plan, board):
    make_budget_line(object_plan=object_plan, board=board, amount="1234567.50")
    page = login(persona).get(f"/objectplans/{object_plan.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "1\u00a0234\u00a0567,50" in html
    assert (f"/objectplans/{object_plan.pk}/budget/lines/" in html) == (persona in MANAGERS)


def test_the_list_shows_readable_plans_and_the_import_form_to_managers(login, object_plan):
    other = make_object_plan(it_object=make_it_object(administration=make_administration()))
    html = login("reader").get("/objectplans/").content.decode()
    assert f"/objectplans/{object_plan.pk}/" in html
    assert f"/objectplans/{other.pk}/" not in html
    assert "/objectplans/import/" not in html
    assert "/objectplans/import/" in login("controller").get("/objectplans/").content.decode()


@pytest.mark.parametrize("persona", READERS)
def test_members_download_word_pdf_and_json(login, persona, object_plan):
    client = login(persona)
    docx = client.get(f"/objectplans/{object_plan.pk}/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    if persona == "reader":
        pdf = client.get(f"/objectplans/{object_plan.pk}/report.pdf")
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        client.get(f"/objectplans/{object_plan.pk}/export.json").json()["format"]
        == "vplan-objectplan"
    )


def post_targets(object_plan, item, line):
    return {
        "approve": (f"/objectplans/{object_plan.pk}/versions/approve/", {"state": "preliminary"}),
        "link": (f"/objectplans/{object_plan.pk}/activities/{item.pk}/link/", {"activity": ""}),
        "add_line": (
            f"/objectplans/{object_plan.pk}/budget/lines/",
            {"board": line.board_id, "kind": "VM", "amount": "1 000,00"},
        ),
        "remove_line": (f"/objectplans/{object_plan.pk}/budget/lines/{line.pk}/remove/", {}),
        "add_key": (f"/objectplans/{object_plan.pk}/budget/keys/", {"shares": "BiN 70, BoU 30"}),
        "forecast": (
            f"/objectplans/{object_plan.pk}/budget/forecast/",
            {"forecast": "10", "explanation": ""},
        ),
    }


@pytest.fixture
def targets(object_plan, board, other_board):
    item = make_object_plan_activity(object_plan=object_plan)
    line = make_budget_line(object_plan=object_plan, board=board)
    return post_targets(object_plan, item, line)


@pytest.mark.parametrize("persona, status", [("reader", 403), ("editor", 403), ("outsider", 404)])
@pytest.mark.parametrize(
    "action", ["approve", "link", "add_line", "remove_line", "add_key", "forecast"]
)
def test_changes_are_refused_to_those_who_do_not_manage(
    login, persona, status, action, targets, object_plan
):
    url, data = targets[action]
    assert login(persona).post(url, data).status_code == status
    assert not object_plan.versions.filter(date__isnull=False).exists()
    assert BudgetLine.objects.filter(object_plan=object_plan).count() == 1
    assert not object_plan.allocation_keys.exists()


@pytest.mark.parametrize("persona", MANAGERS)
@pytest.mark.parametrize(
    "action", ["approve", "link", "add_line", "remove_line", "add_key", "forecast"]
)
def test_controllers_and_admins_make_changes(login, persona, action, targets, object_plan):
    url, data = targets[action]
    response = login(persona).post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith(f"/objectplans/{object_plan.pk}/#")


def test_anonymous_changes_are_sent_to_sign_in(client, targets):
    for url, data in targets.values():
        assert client.post(url, data).status_code == 302


def test_a_budget_line_with_a_bad_amount_is_refused_with_the_form(login, object_plan, board):
    response = login("controller").post(
        f"/objectplans/{object_plan.pk}/budget/lines/",
        {"board": board.pk, "kind": "VM", "amount": "mycket"},
    )
    assert response.status_code == 422
    assert "Skriv ett belopp i kronor" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_shared_post_is_split_from_the_page(login, object_plan, board, other_board):
    client = login("controller")
    client.post(f"/objectplans/{object_plan.pk}/budget/keys/", {"shares": "BoU 70, BiN 30"})
    key = object_plan.allocation_keys.get()
    response = client.post(
        f"/objectplans/{object_plan.pk}/budget/shared/",
        {"key": key.pk, "kind": "VU", "amount": "100,01", "system": "Lärplattform"},
    )
    assert response.status_code == 302
    lines = {
        line.board.code: str(line.amount)
        for line in object_plan.budget_lines.select_related("board")
    }
    assert lines == {"BOU": "70.01", "BIN": "30.00"}
    post = object_plan.shared_posts.get()
    client.post(f"/objectplans/{object_plan.pk}/budget/shared/{post.pk}/remove/")
    assert not object_plan.budget_lines.exists()


def test_approving_twice_shows_why_it_is_refused(login, object_plan):
    client = login("controller")
    client.post(f"/objectplans/{object_plan.pk}/versions/approve/", {"state": "final"})
    response = client.post(f"/objectplans/{object_plan.pk}/versions/approve/", {"state": "final"})
    assert response.status_code == 422
    assert "godkändes redan" in response.content.decode()


def test_linking_in_place_returns_the_row_with_the_linked_status(login, object_plan, plan):
    activity = make_activity(plan=plan, text="Gemensam aktivitet")
    report(activity=activity, round=make_round(plan=plan), status="Pågående")
    item = make_object_plan_activity(object_plan=object_plan, text="Samma sak")
    response = login("controller").post(
        f"/objectplans/{object_plan.pk}/activities/{item.pk}/link/",
        {"activity": activity.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="item-{item.pk}"')
    assert "Pågående" in html and "<h1" not in html
    assert "vplan:announce" in response["HX-Trigger"]
    item.refresh_from_db()
    assert item.activity == activity


def test_linking_an_activity_that_cannot_be_chosen_is_refused_in_place(login, object_plan):
    item = make_object_plan_activity(object_plan=object_plan)
    response = login("controller").post(
        f"/objectplans/{object_plan.pk}/activities/{item.pk}/link/",
        {"activity": 999999},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "ds-validation-message" in response.content.decode()


def upload(text, name="objektplan.md"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/markdown")


def test_a_controller_imports_an_object_plan(login, administration):
    response = login("controller").post("/objectplans/import/", {"file": upload(SMALL_PLAN)})
    plan = ObjectPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/objectplans/{plan.pk}/"
    assert plan.it_object.administration == administration


@pytest.mark.parametrize("persona, status", [("reader", 403), ("editor", 403), ("outsider", 403)])
def test_import_is_refused_to_those_who_do_not_manage(login, persona, status, db, administration):
    assert (
        login(persona).post("/objectplans/import/", {"file": upload(SMALL_PLAN)}).status_code
        == status
    )
    assert not ObjectPlan.objects.exists()


def test_a_broken_document_is_refused_saying_where(login, administration):
    broken = SMALL_PLAN.replace("OMN Total\t\t300,15", "OMN Total\t\t300,16")
    response = login("controller").post("/objectplans/import/", {"file": upload(broken)})
    assert response.status_code == 422
    assert "objektplan.md:" in response.content.decode()
    assert not ObjectPlan.objects.exists()


def test_importing_over_another_administrations_object_is_refused(login, administration):
    make_it_object(administration=make_administration(), short_name="SO")
    response = login("controller").post("/objectplans/import/", {"file": upload(SMALL_PLAN)})
    assert response.status_code == 403


def test_a_document_that_is_no_object_plan_is_refused(login, administration):
    response = login("controller").post(
        "/objectplans/import/", {"file": upload("**Uppföljning 2022**\n\nNämndmål\tAktivitet\n")}
    )
    assert response.status_code == 422
    assert "inte ut som en strategisk objektplan" in response.content.decode()
