"""IT object plans through the API: members read the plan, its report and exchange file;
controllers and administrators approve versions, link activities, change the budget and import;
every refusal per persona."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.imports.tests.test_read_objectplan import SMALL_PLAN
from vplan.objectplans.models import BudgetLine, ObjectPlan, SharedBudgetPost
from vplan.objectplans.tests.factories import (
    make_budget_line,
    make_it_object,
    make_object_plan,
    make_object_plan_activity,
)
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_plan,
    make_round,
    report,
)

from .conftest import MANAGE_REFUSALS, MANAGERS

pytestmark = pytest.mark.django_db

MEMBERS = ["admin_user", "controller", "editor", "reader"]


@pytest.fixture
def object_plan(administration, board, other_board):
    it_object = make_it_object(administration=administration, short_name="UKFA", name="Utbildning")
    object_plan = make_object_plan(it_object=it_object, year=2024)
    make_budget_line(object_plan=object_plan, board=board, kind="VM", amount="1234567.50")
    make_budget_line(object_plan=object_plan, board=other_board, kind="VU", amount="100.25")
    return object_plan


@pytest.fixture
def item(object_plan):
    return make_object_plan_activity(object_plan=object_plan, text="Ny lärplattform")


def base(object_plan) -> str:
    return f"/objectplans/{object_plan.pk}"


def upload(text: str, name: str = "objektplan.md") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/markdown")


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_read_the_plan_with_its_budget(api_as, object_plan, item, persona):
    api = api_as(persona)
    assert [p["id"] for p in api.get("/objectplans").json()["items"]] == [object_plan.pk]
    response = api.get(base(object_plan))
    assert response.status_code == 200
    body = response.json()
    assert body["it_object"]["short_name"] == "UKFA" and body["year"] == 2024
    assert body["can_manage"] == (persona in MANAGERS)
    assert [v["number"] for v in body["versions"]] == ["0.1", "0.8", "0.9", "1.0"]
    assert body["current_version"]["number"] == "0.1"
    budget = body["budget"]
    assert budget["total"] == "1234667.75"
    assert budget["by_kind"] == {"VM": "1234567.50", "VU": "100.25"}
    assert {b["board"]: b["amounts"] for b in budget["by_board"]} == {
        "BiN": {"VM": "1234567.50"},
        "BoU": {"VU": "100.25"},
    }
    assert [a["text"] for a in body["activities"]] == ["Ny lärplattform"]
    assert len(body["budget_lines"]) == 2


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_others_do_not_see_the_plan(api_as, object_plan, persona, outsider):
    api = api_as(persona)
    assert api.get("/objectplans").json()["items"] == []
    for path in ["", "/report/docx", "/report/pdf", "/export"]:
        assert api.get(f"{base(object_plan)}{path}").status_code == 404, path


def test_members_of_another_administration_do_not_see_it(api_as, object_plan, reader):
    other = make_object_plan(administration=make_administration())
    api = api_as("reader")
    assert api.get(f"/objectplans/{other.pk}").status_code == 404
    assert [p["id"] for p in api.get("/objectplans").json()["items"]] == [object_plan.pk]
    assert api.get("/objectplans", year=2023).json()["items"] == []


def test_the_report_downloads_as_word_and_pdf(api_as, object_plan, reader):
    api = api_as("reader")
    docx = api.get(f"{base(object_plan)}/report/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx["Content-Disposition"] == 'attachment; filename="objektplan-ukfa-2024.docx"'
    pdf = api.get(f"{base(object_plan)}/report/pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert api.get(f"{base(object_plan)}/report/odt").status_code == 404


def test_the_exchange_file_downloads_and_imports_back(api_as, object_plan, controller):
    api = api_as("controller")
    export = api.get(f"{base(object_plan)}/export")
    assert export.status_code == 200
    assert export["Content-Type"] == "application/json; charset=utf-8"
    assert export["Content-Disposition"] == 'attachment; filename="objektplan-ukfa-2024.json"'
    assert export.json()["format"] == "vplan-objectplan"
    for _ in range(2):  # the second time, nothing is left to change
        again = api.client.post(
            "/api/objectplans/import", {"file": upload(export.content.decode(), "ukfa.json")}
        )
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["changed"], again.json()["deleted"]) == (0, 0, 0)
    assert again.json()["object_plan"]["id"] == object_plan.pk
    assert ObjectPlan.objects.count() == 1


# --- importing -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_import_an_object_plan(api_as, administration, persona):
    response = api_as(persona).client.post("/api/objectplans/import", {"file": upload(SMALL_PLAN)})
    assert response.status_code == 201
    plan = ObjectPlan.objects.get()
    body = response.json()
    assert body["object_plan"]["id"] == plan.pk and body["created"] > 0
    assert plan.it_object.administration == administration


@pytest.mark.parametrize(
    "persona, refusal", [("editor", 403), ("reader", 403), ("outsider", 403), ("anonymous", 401)]
)
def test_only_managers_import(api_as, administration, persona, refusal, outsider):
    response = api_as(persona).client.post("/api/objectplans/import", {"file": upload(SMALL_PLAN)})
    assert response.status_code == refusal
    assert not ObjectPlan.objects.exists()


def test_importing_over_another_administrations_object_is_refused(api_as, controller):
    make_it_object(administration=make_administration(), short_name="SO")
    response = api_as("controller").client.post(
        "/api/objectplans/import", {"file": upload(SMALL_PLAN)}
    )
    assert response.status_code == 403
    assert not ObjectPlan.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        (
            {"file": upload(SMALL_PLAN.replace("OMN Total\t\t300,15", "OMN Total\t\t300,16"))},
            "file",
        ),
        ({"file": upload("**Uppföljning 2022**\n\nNämndmål\tAktivitet\n")}, "file"),
        ({"file": upload("{not json", "plan.json")}, "file"),
        ({"file": upload(SMALL_PLAN), "administration": 999999}, "administration"),
        ({"file": upload(SMALL_PLAN), "administration": "UTB"}, "administration"),
        ({}, "file"),
    ],
)
def test_a_bad_import_names_the_field(api_as, controller, data, field):
    response = api_as("controller").client.post("/api/objectplans/import", data)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not ObjectPlan.objects.exists()


# --- versions and links --------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_approve_a_version(api_as, object_plan, persona):
    response = api_as(persona).post(
        f"{base(object_plan)}/versions/approve",
        {"state": "preliminary", "approved_on": "2023-09-29", "approver_name": "Objektägarna"},
    )
    assert response.status_code == 200
    version = response.json()
    assert (version["number"], version["date"], version["approver"]) == (
        "0.8",
        "2023-09-29",
        "Objektägarna",
    )
    assert version["approved_by"] == {"admin_user": "admin"}.get(persona, persona)


def test_approving_a_passed_state_is_a_conflict(api_as, object_plan, controller):
    api = api_as("controller")
    api.post(f"{base(object_plan)}/versions/approve", {"state": "decided"})
    response = api.post(f"{base(object_plan)}/versions/approve", {"state": "final"})
    assert response.status_code == 409
    assert response.json()["code"] == "state" and list(response.json()["errors"]) == ["state"]
    draft = api.post(f"{base(object_plan)}/versions/approve", {"state": "draft"})
    assert draft.status_code == 400 and list(draft.json()["errors"]) == ["state"]


def test_an_activity_is_linked_and_shares_its_status(api_as, object_plan, item, plan, controller):
    activity = make_activity(plan=plan, text="Gemensam aktivitet")
    report(activity=activity, round=make_round(plan=plan), status="Pågående")
    api = api_as("controller")
    url = f"{base(object_plan)}/activities/{item.pk}/link"
    linked = api.post(url, {"activity": activity.pk})
    assert linked.status_code == 200
    assert linked.json()["activity"]["id"] == activity.pk and linked.json()["status"] == "Pågående"
    # The linked activity has the shape of an activity's carried_over_from (a chain link).
    chain_link = {"id", "plan_id", "year", "text", "current_end"}
    assert set(linked.json()["activity"]) == chain_link
    unlinked = api.post(url, {"activity": None})
    assert unlinked.json()["activity"] is None
    item.refresh_from_db()
    assert item.activity is None


def test_only_an_activity_of_the_same_year_you_may_read_is_linked(
    api_as, object_plan, item, controller
):
    elsewhere = make_activity(plan=make_plan(administration=make_administration(), year=2024))
    last_year = make_activity(plan=make_plan(administration=object_plan.administration, year=2023))
    api = api_as("controller")
    url = f"{base(object_plan)}/activities/{item.pk}/link"
    for activity_id in [elsewhere.pk, last_year.pk, 999999]:
        response = api.post(url, {"activity": activity_id})
        assert response.status_code == 400 and list(response.json()["errors"]) == ["activity"]
    other = make_object_plan_activity(
        object_plan=make_object_plan(administration=make_administration())
    )
    assert (
        api.post(f"{base(object_plan)}/activities/{other.pk}/link", {"activity": None}).status_code
        == 404
    )


# --- the budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_add_and_remove_a_budget_line(api_as, object_plan, persona):
    api = api_as(persona)
    added = api.post(
        f"{base(object_plan)}/budget/lines",
        {"board": "bou", "kind": "VM", "amount": "1 000,50", "system": "Lärplattform"},
    )
    assert added.status_code == 201
    line = added.json()
    assert (line["board"], line["amount"], line["system"]) == ("BoU", "1000.50", "Lärplattform")
    total = api.get(base(object_plan)).json()["budget"]["total"]
    assert total == "1235668.25"
    assert api.delete(f"{base(object_plan)}/budget/lines/{line['id']}").status_code == 204
    assert BudgetLine.all_objects.get(pk=line["id"]).is_deleted
    assert api.delete(f"{base(object_plan)}/budget/lines/{line['id']}").status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"board": "BiN", "kind": "VM", "amount": "mycket"}, "amount"),
        ({"board": "BiN", "kind": "VM", "amount": "1e5"}, "amount"),
        ({"board": "BiN", "kind": "VM", "amount": 10.5}, "amount"),
        ({"board": "KoF", "kind": "VM", "amount": "10"}, "board"),
        ({"board": "BiN", "kind": "XX", "amount": "10"}, "kind"),
        ({"board": "BiN", "kind": "VM", "amount": "10", "konto": 1}, "konto"),
    ],
)
def test_a_bad_budget_line_names_the_field(api_as, object_plan, controller, body, field):
    response = api_as("controller").post(f"{base(object_plan)}/budget/lines", body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert BudgetLine.objects.filter(object_plan=object_plan).count() == 2


def test_a_shared_post_is_split_exactly_and_removed_with_its_lines(api_as, object_plan, controller):
    api = api_as("controller")
    key = api.post(
        f"{base(object_plan)}/budget/keys",
        {
            "shares": [{"board": "BoU", "weight": 70}, {"board": "BiN", "weight": 30}],
            "text": "70/30",
        },
    )
    assert key.status_code == 201
    assert key.json()["label"] == "BoU/BiN 70/30"
    post = api.post(
        f"{base(object_plan)}/budget/shared-posts",
        {"key": key.json()["id"], "kind": "VU", "amount": "100,01", "system": "Lärplattform"},
    )
    assert post.status_code == 201
    assert {line["board"]: line["amount"] for line in post.json()["lines"]} == {
        "BoU": "70.01",
        "BiN": "30.00",
    }
    line_id = post.json()["lines"][0]["id"]
    refused = api.delete(f"{base(object_plan)}/budget/lines/{line_id}")
    assert refused.status_code == 409 and refused.json()["code"] == "state"
    removed = api.delete(f"{base(object_plan)}/budget/shared-posts/{post.json()['id']}")
    assert removed.status_code == 204
    assert not SharedBudgetPost.objects.exists()
    assert BudgetLine.objects.filter(object_plan=object_plan).count() == 2


@pytest.mark.parametrize(
    "shares, field",
    [
        ([{"board": "BoU", "weight": 70}], "shares"),
        ([{"board": "BoU", "weight": 70}, {"board": "BoU", "weight": 30}], "shares"),
        ([{"board": "BoU", "weight": 70}, {"board": "KoF", "weight": 30}], "shares.1.board"),
        ([{"board": "BoU", "weight": -1}, {"board": "BiN", "weight": 30}], "shares.0.weight"),
    ],
)
def test_a_bad_allocation_key_names_the_field(api_as, object_plan, controller, shares, field):
    response = api_as("controller").post(f"{base(object_plan)}/budget/keys", {"shares": shares})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not object_plan.allocation_keys.exists()


def test_a_shared_post_needs_a_key_of_this_plan(api_as, object_plan, controller):
    response = api_as("controller").post(
        f"{base(object_plan)}/budget/shared-posts", {"key": 999999, "kind": "VU", "amount": "10"}
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["key"]


def test_the_forecast_sets_the_difference(api_as, object_plan, controller):
    api = api_as("controller")
    response = api.post(
        f"{base(object_plan)}/budget/forecast",
        {"forecast": "1 000 000", "explanation": "Nya licenser\n\nFler elever"},
    )
    assert response.status_code == 200
    budget = response.json()
    assert (budget["forecast"], budget["difference"]) == ("1000000.00", "234667.75")
    assert budget["forecast_explanation"] == ["Nya licenser", "Fler elever"]
    cleared = api.post(f"{base(object_plan)}/budget/forecast", {"forecast": None})
    assert cleared.json()["forecast"] is None and cleared.json()["difference"] is None


# --- refusals ------------------------------------------------------------------------------


def changes(object_plan, item, line):
    return [
        ("post", f"{base(object_plan)}/versions/approve", {"state": "preliminary"}),
        ("post", f"{base(object_plan)}/activities/{item.pk}/link", {"activity": None}),
        (
            "post",
            f"{base(object_plan)}/budget/lines",
            {"board": "BiN", "kind": "VM", "amount": "1"},
        ),
        ("delete", f"{base(object_plan)}/budget/lines/{line.pk}", None),
        (
            "post",
            f"{base(object_plan)}/budget/keys",
            {"shares": [{"board": "BiN", "weight": 1}, {"board": "BoU", "weight": 1}]},
        ),
        (
            "post",
            f"{base(object_plan)}/budget/shared-posts",
            {"key": 1, "kind": "VM", "amount": "1"},
        ),
        ("delete", f"{base(object_plan)}/budget/shared-posts/1", None),
        ("post", f"{base(object_plan)}/budget/forecast", {"forecast": "10"}),
    ]


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
def test_only_managers_change_the_plan(api_as, object_plan, item, persona, refusal, outsider):
    api = api_as(persona)
    line = BudgetLine.objects.filter(object_plan=object_plan).first()
    for method, path, body in changes(object_plan, item, line):
        response = api.post(path, body) if method == "post" else api.delete(path)
        assert response.status_code == refusal, path
    object_plan.refresh_from_db()
    assert not object_plan.versions.filter(date__isnull=False).exists()
    assert BudgetLine.objects.filter(object_plan=object_plan).count() == 2
    assert not object_plan.allocation_keys.exists()
    assert object_plan.previous_year_forecast is None


def queries(api, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured)


def test_reading_plans_does_not_run_more_queries_as_they_grow(
    api_as, object_plan, item, plan, board, controller
):
    """Counted with one of each thing, then with several: prefetches for things that are not
    there at all are skipped, so the first count is not taken on an empty plan."""
    api = api_as("controller")
    round = make_round(plan=plan)
    api.post(
        f"{base(object_plan)}/budget/keys",
        {"shares": [{"board": "BoU", "weight": 1}, {"board": "BiN", "weight": 1}]},
    )
    key = object_plan.allocation_keys.get().pk

    def grow(times: int) -> None:
        for _ in range(times):
            activity = make_activity(plan=plan)
            report(activity=activity, round=round, status="Pågående")
            make_object_plan_activity(object_plan=object_plan, activity=activity)
            make_budget_line(object_plan=object_plan, board=board, amount="100.00")
            make_object_plan(it_object=make_it_object(administration=object_plan.administration))
            api.post(
                f"{base(object_plan)}/budget/shared-posts",
                {"key": key, "kind": "VU", "amount": "9"},
            )

    grow(1)
    small = (queries(api, base(object_plan)), queries(api, "/objectplans"))
    grow(4)
    assert (queries(api, base(object_plan)), queries(api, "/objectplans")) == small
