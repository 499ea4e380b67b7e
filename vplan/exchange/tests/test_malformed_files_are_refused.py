import json

import pytest
from django.core.management import CommandError, call_command

from vplan.exchange.export import dumps, export_plans
from vplan.followups.models import StatusReport
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_activity, make_round, report


def counts():
    return (Plan.all_objects.count(), Activity.all_objects.count(), StatusReport.objects.count())


@pytest.fixture
def valid_document(plan, editor):
    activity = make_activity(plan=plan, text="Införa en ny rutin")
    round = make_round(plan=plan)
    report(activity=activity, round=round, status="Pågående", author=editor)
    document = json.loads(dumps(export_plans()))
    document["plans"][0]["year"] = 2031
    for round_data in document["plans"][0]["rounds"]:  # a round lies in its plan's year
        for field in ("as_of", "reporting_deadline"):
            if round_data.get(field):
                round_data[field] = "2031" + round_data[field][4:]
    for item in document["plans"][0]["activities"]:
        item["id"] = item["id"][:-4] + "beef"
    for round_data in document["plans"][0]["rounds"]:
        for report_data in round_data["reports"]:
            report_data["activity"] = report_data["activity"][:-4] + "beef"
    return document


def load_file(tmp_path, content: str | bytes):
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CommandError) as error:
        call_command("load", str(path))
    return str(error.value)


def test_the_valid_document_loads(tmp_path, valid_document):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(valid_document), encoding="utf-8")
    call_command("load", str(path))
    assert Plan.objects.filter(year=2031).exists()


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda d: d.pop("format"), "format: expected 'vplan-exchange'"),
        (lambda d: d["plans"][0].update(year="2031"), "plans[0].year: expected a whole number"),
        (
            lambda d: d["plans"][0]["activities"][0].update(decided_end=None),
            "plans[0].activities[0].decided_end: expected a string",
        ),
        (
            lambda d: d["plans"][0]["activities"][0]["placements"][0].update(perspective="Okänt"),
            "plans[0].activities[0].placements[0].perspective: unknown perspective 'Okänt'",
        ),
        (
            lambda d: d["plans"][0]["rounds"][0]["reports"][0].update(status="Nästan klart"),
            "plans[0].rounds[0].reports[0].status: unknown status 'Nästan klart'",
        ),
        (
            lambda d: d["plans"][0]["rounds"][0]["reports"][0].update(created_at="igår"),
            "plans[0].rounds[0].reports[0].created_at: not a date and time",
        ),
        (
            lambda d: d["plans"][0]["activities"][0].update(boards=["XYZ"]),
            "plans[0].activities[0].boards: 'XYZ' is not one of the plan's boards",
        ),
        (
            lambda d: d["plans"][0]["activities"][0].update(decided_end_date="Juni"),
            "plans[0].activities[0].decided_end_date: is not a key of the exchange format",
        ),
        (
            lambda d: d["plans"][0]["activities"][0].update(text="x" * 20_001),
            "plans[0].activities[0].text: is longer than 20000 characters",
        ),
        (
            lambda d: d["plans"][0]["rounds"][0]["reports"][0].update(version=0),
            "plans[0].rounds[0].reports[0].version: versions are 1, 2, ... once each",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_where_and_what_and_nothing_is_written(
    tmp_path, valid_document, break_it, expected
):
    before = counts()
    break_it(valid_document)
    message = load_file(tmp_path, json.dumps(valid_document))
    assert expected in message
    assert "nothing was loaded" in message
    assert counts() == before


def test_a_problem_in_the_last_plan_leaves_the_first_unwritten(tmp_path, valid_document):
    second = json.loads(json.dumps(valid_document["plans"][0]))
    second["year"] = 2031  # the same year twice: refused when the second is reached
    for item in second["activities"]:
        item["id"] = item["id"][:-4] + "cafe"
    for round_data in second["rounds"]:
        for report_data in round_data["reports"]:
            report_data["activity"] = report_data["activity"][:-4] + "cafe"
    valid_document["plans"].append(second)
    before = counts()
    path = tmp_path / "two.json"
    path.write_text(json.dumps(valid_document), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load", str(path))
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00binary", "is not UTF-8 text"),
        ("{ not json", "is not valid JSON (line 1"),
        ("[]", "(top level): expected an object"),
        # Deeper than any exchange document: valid JSON, too deep for the parser, broken too.
        (b"[" * 40 + b"]" * 40, "is nested deeper than 32 levels (at byte 32)"),
        (b"[" * 100_000 + b"]" * 100_000, "is nested deeper than 32 levels (at byte 32)"),
        (b'{"a": ' + b"[" * 40, "is nested deeper than 32 levels (at byte 37)"),
    ],
)
def test_files_that_are_not_exchange_documents_are_refused(tmp_path, db, content, expected):
    assert expected in load_file(tmp_path, content)


def test_every_problem_found_is_named_the_first_one_first(tmp_path, valid_document):
    valid_document["plans"][0].update(year="2031", state="beslutad")
    valid_document["plans"][0]["activities"][0].update(decided_end=None)

    message = load_file(tmp_path, json.dumps(valid_document))

    assert message.index("plans[0].year: expected a whole number") < message.index(
        "plans[0].state: 'beslutad' is not one of ['decided', 'draft', 'revised']"
    )
    assert "plans[0].activities[0].decided_end: expected a string" in message


def test_a_list_longer_than_its_bound_is_refused(tmp_path, valid_document):
    placements = valid_document["plans"][0]["activities"][0]["placements"]
    valid_document["plans"][0]["activities"][0]["placements"] = placements * 101

    message = load_file(tmp_path, json.dumps(valid_document))

    assert "plans[0].activities[0].placements: has more than 100 items" in message


def test_a_round_dated_far_outside_its_plans_year_is_refused(tmp_path, valid_document):
    valid_document["plans"][0]["rounds"][0]["as_of"] = "0484-04-30"
    before = counts()
    message = load_file(tmp_path, json.dumps(valid_document))
    assert "plans[0].rounds[0]" in message
    assert counts() == before
