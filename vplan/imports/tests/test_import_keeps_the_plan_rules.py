"""The importer writes a plan through the same operations as every other write path
(vplan/plans/editing.py), so the same rules hold: every object it creates is in the change
trail, every activity stands somewhere, a row under no perspective is refused, a row without a
status reports nothing, and a removed activity goes with its parts."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from vplan.audit.models import ChangeRecord
from vplan.followups.models import StatusReport
from vplan.imports.load import Outcome, file_sha256, load_parsed_document
from vplan.imports.models import DocumentImport
from vplan.imports.parsed import ImportFormatError, ParsedActivity, ParsedDocument
from vplan.imports.tests.helpers import SEED_CASES
from vplan.plans.editing import add_part
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Placement,
    Plan,
)

from .helpers import parsed_seed, seed_path

pytestmark = pytest.mark.django_db

TEXT_SEEDS = [name for name, _truth in SEED_CASES if name.endswith(".txt")]


def _row(text: str, **fields) -> ParsedActivity:
    values = {
        "perspective": "Medborgare",
        "municipal_goal": "Ett provmål",
        "board_goal": "Första målet",
        "boards": ["BIN"],
        "deadline": "December",
        "status": "Pågående",
    }
    return ParsedActivity(text=text, **{**values, **fields})


def _document(*rows: ParsedActivity, source: str = "rapport.txt") -> ParsedDocument:
    return ParsedDocument(
        source=source, format="text", plan_year=2031, as_of="31 augusti", activities=list(rows)
    )


def _load(document: ParsedDocument, by, administration, **options):
    return load_parsed_document(
        parsed=document, by=by, sha256=document.source, administration=administration, **options
    )


def _created_ids(model) -> set[str]:
    return set(
        ChangeRecord.objects.filter(
            action=ChangeRecord.Action.CREATED,
            content_type=ContentType.objects.get_for_model(model),
        ).values_list("object_id", flat=True)
    )


@pytest.mark.parametrize("name", TEXT_SEEDS)
def test_every_object_an_imported_seed_creates_is_in_the_trail(name, controller):
    parsed = parsed_seed(name)

    result = load_parsed_document(parsed=parsed, by=controller, sha256=file_sha256(seed_path(name)))

    assert result.outcome == Outcome.IMPORTED
    plan = result.plan
    created = {
        Plan: Plan.objects.filter(pk=plan.pk),
        MunicipalGoal: MunicipalGoal.objects.filter(plan=plan),
        BoardGoal: BoardGoal.objects.filter(plan=plan),
        Assignment: Assignment.objects.filter(plan=plan),
        Activity: Activity.all_objects.filter(plan=plan),
    }
    for model, objects in created.items():
        ids = {str(pk) for pk in objects.values_list("pk", flat=True)}
        assert ids <= _created_ids(model), model
    assert _created_ids(Activity) and _created_ids(BoardGoal)
    records = ChangeRecord.objects.filter(action=ChangeRecord.Action.CREATED)
    assert not records.exclude(changed_by=controller).filter(
        content_type__model__in=["plan", "municipalgoal", "boardgoal", "assignment", "activity"]
    )


@pytest.mark.parametrize("name", TEXT_SEEDS)
def test_every_activity_of_an_imported_seed_stands_somewhere(name):
    parsed = parsed_seed(name)

    result = load_parsed_document(parsed=parsed, by=None, sha256=file_sha256(seed_path(name)))

    activities = Activity.all_objects.filter(plan=result.plan)
    assert activities.exists()
    assert not activities.filter(placements__isnull=True).exists()
    rows_with_status = {row.text for row in parsed.activities if row.status}
    assert StatusReport.objects.filter(round=result.round).count() == len(
        {activity.pk for activity in activities if activity.text in rows_with_status}
    )


def test_an_activity_listed_twice_is_one_activity_created_in_both_places(
    controller, administration
):
    document = _document(
        _row("Gemensam aktivitet"),
        _row("Gemensam aktivitet", board_goal="Andra målet"),
    )

    result = _load(document, controller, administration)

    activity = Activity.objects.get(plan=result.plan)
    assert activity.placements.count() == 2
    assert (result.activities_created, result.placements_created) == (1, 2)
    trail = ChangeRecord.objects.filter(object_id=str(activity.pk), content_type__model="activity")
    assert list(trail.values_list("action", flat=True)) == ["created"]
    placements = str(trail.get().changes["placements"])
    assert "Första målet" in placements and "Andra målet" in placements


def test_an_activity_listed_twice_in_a_further_round_gets_a_change_record_for_its_new_place(
    controller, administration
):
    _load(_document(_row("Gemensam aktivitet")), controller, administration)
    later = ParsedDocument(
        source="augusti.txt",
        format="text",
        plan_year=2031,
        as_of="31 oktober",
        activities=[
            _row("Gemensam aktivitet"),
            _row("Gemensam aktivitet", board_goal="Andra målet"),
        ],
    )

    result = _load(later, controller, administration)

    activity = Activity.objects.get(plan=result.plan)
    assert activity.placements.count() == 2
    trail = ChangeRecord.objects.filter(object_id=str(activity.pk), content_type__model="activity")
    assert sorted(trail.values_list("action", flat=True)) == ["changed", "created"]
    assert "Andra målet" in str(trail.get(action="changed").changes["placement"])


def test_a_row_under_a_perspective_and_no_goal_stands_directly_under_the_perspective(
    controller, administration
):
    document = _document(_row("Utan mål", municipal_goal=None, board_goal=None))

    result = _load(document, controller, administration)

    placement = Placement.objects.get(activity__plan=result.plan)
    assert placement.perspective.name == "Medborgare"
    assert (placement.municipal_goal, placement.board_goal, placement.assignment) == (
        None,
        None,
        None,
    )


def test_a_row_under_no_perspective_is_refused_with_the_row_named(controller, administration):
    document = _document(
        _row("Har perspektiv"),
        _row("Saknar perspektiv", perspective=None, municipal_goal=None, board_goal=None),
    )

    with pytest.raises(ImportFormatError) as raised:
        _load(document, controller, administration)

    message = raised.value.message
    assert message.startswith("row 2 'Saknar perspektiv' stands under no perspective heading")
    assert "Har perspektiv" not in message
    assert str(raised.value).startswith("rapport.txt: ")
    assert not Plan.objects.exists()
    assert not Activity.all_objects.exists()
    assert not DocumentImport.objects.exists()
    assert not ChangeRecord.objects.filter(content_type__model="plan").exists()


def test_a_row_without_a_status_gets_no_status_report_and_its_comment_is_named(
    controller, administration
):
    document = _document(
        _row("Med status", comment="Går bra"),
        _row("Utan status och kommentar", status=""),
        _row("Utan status med kommentar", status="", comment="Något att säga"),
    )

    result = _load(document, controller, administration)

    reports = StatusReport.objects.filter(round=result.round)
    assert [report.activity.text for report in reports] == ["Med status"]
    assert result.reports_created == 1
    assert Activity.objects.filter(plan=result.plan).count() == 3
    assert [(w.code, w.message) for w in result.warnings] == [
        (
            "comment_without_status",
            "row 3, 'Utan status med kommentar': the comment was not imported because the row "
            "has no status",
        )
    ]
    assert result.record.warnings[-1]["code"] == "comment_without_status"


def test_a_comment_without_a_status_is_not_named_when_another_row_reported_it(
    controller, administration
):
    document = _document(
        _row("Gemensam aktivitet", comment="Samma kommentar"),
        _row("Gemensam aktivitet", board_goal="Andra målet", status="", comment="Samma kommentar"),
    )

    result = _load(document, controller, administration)

    assert StatusReport.objects.get(round=result.round).comment == "Samma kommentar"
    assert result.warnings == []


def test_a_later_row_with_a_status_reports_for_an_activity_whose_first_row_had_none(
    controller, administration
):
    document = _document(
        _row("Gemensam aktivitet", status=""),
        _row("Gemensam aktivitet", board_goal="Andra målet", status="Genomfört"),
    )

    result = _load(document, controller, administration)

    assert StatusReport.objects.get(round=result.round).status_text == "Genomfört"


def test_a_new_version_without_a_status_leaves_the_earlier_report_standing(
    controller, administration
):
    _load(_document(_row("Aktivitet", comment="Första")), controller, administration)
    second = _document(_row("Aktivitet", status="", comment="Andra"), source="v2.txt")

    result = _load(second, controller, administration, apply_changes=True)

    assert result.outcome == Outcome.UNCHANGED
    assert result.difference.statuses == []
    report = StatusReport.objects.get()
    assert (report.status_text, report.comment) == ("Pågående", "Första")
    assert [w.code for w in result.warnings] == ["comment_without_status"]


def test_a_new_version_adds_an_activity_through_the_operations(controller, administration):
    _load(_document(_row("Första")), controller, administration)
    second = _document(
        _row("Första"),
        _row("Ny", board_goal="Nytt mål", status="", comment="Kommentar utan status"),
        source="v2.txt",
    )

    result = _load(second, controller, administration, apply_changes=True)

    assert result.outcome == Outcome.UPDATED
    added = Activity.objects.get(text="Ny")
    assert added.placements.get().board_goal.title == "Nytt mål"
    assert str(added.pk) in _created_ids(Activity)
    assert str(BoardGoal.objects.get(title="Nytt mål").pk) in _created_ids(BoardGoal)
    assert not StatusReport.objects.filter(activity=added).exists()
    assert [w.code for w in result.warnings] == ["comment_without_status"]


def test_an_activity_listed_without_a_status_and_then_dropped_is_removed(
    controller, administration
):
    _load(_document(_row("Stannar"), _row("Utan status", status="")), controller, administration)
    second = _document(_row("Stannar"), source="v2.txt")

    result = _load(second, controller, administration, apply_changes=True)

    assert [activity.text for activity in result.difference.removed] == ["Utan status"]
    assert Activity.all_objects.get(text="Utan status").is_deleted


def test_a_removed_activity_goes_with_its_parts(controller, administration):
    first = _load(_document(_row("Stannar"), _row("Går")), controller, administration)
    parent = Activity.objects.get(plan=first.plan, text="Går")
    part = add_part(parent=parent, text="Del för förskolan", decided_end="Juni", by=controller)
    second = _document(_row("Stannar"), source="v2.txt")

    result = _load(second, controller, administration, apply_changes=True)

    assert result.activities_removed == 1
    part.refresh_from_db()
    assert part.is_deleted
    deleted = ChangeRecord.objects.filter(action=ChangeRecord.Action.DELETED)
    assert set(deleted.values_list("object_id", flat=True)) == {str(parent.pk), str(part.pk)}


def test_a_new_board_on_an_existing_plan_is_recorded(controller, administration):
    _load(_document(_row("Första")), controller, administration)
    second = _document(_row("Första"), _row("Andra", boards=["BOU"]), source="v2.txt")

    result = _load(second, controller, administration, apply_changes=True)

    assert sorted(result.plan.boards.values_list("code", flat=True)) == ["BIN", "BOU"]
    change = ChangeRecord.objects.get(
        content_type__model="plan", action=ChangeRecord.Action.CHANGED
    )
    assert "BoU" in change.changes["boards"][1]


def test_several_rows_under_no_perspective_are_counted_and_named(controller, administration):
    rows = [_row(f"Rad {n}", perspective=None) for n in range(1, 8)]

    with pytest.raises(ImportFormatError) as raised:
        _load(_document(*rows), controller, administration)

    assert raised.value.message.startswith(
        "7 rows (1 'Rad 1', 2 'Rad 2', 3 'Rad 3', 4 'Rad 4', 5 'Rad 5', ...) stand under no "
        "perspective heading"
    )


def test_the_preview_says_a_row_under_no_perspective_stops_the_import(administration):
    from vplan.imports.preview import preview_import

    document = _document(
        _row("Har perspektiv"),
        _row("Saknar perspektiv", perspective=None, municipal_goal=None, board_goal=None),
    )
    preview = preview_import(parsed=document, administration=administration, sha256="0" * 64)
    assert any("Saknar perspektiv" in problem for problem in preview.problems)
    assert preview.can_import is False


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            _row("För lång status", status="Pågående " * 60),
            "row 2, 'För lång status': rounds[0].reports[1].status_text: is longer than 500 "
            "characters",
        ),
        (
            _row("För långt mål", board_goal="Mål " * 100),
            "row 2, 'För långt mål': board_goals[1].title: is longer than 300 characters",
        ),
        (
            _row("För långt slutdatum", deadline="December " * 10),
            "row 2, 'För långt slutdatum': ",
        ),
    ],
)
def test_a_report_that_starts_a_plan_is_refused_by_the_loader_with_the_row_named(
    controller, administration, row, expected
):
    document = _document(_row("Går bra"), row)

    with pytest.raises(ImportFormatError) as raised:
        _load(document, controller, administration)

    assert raised.value.message.startswith(expected)
    assert not Plan.objects.exists()
    assert not ChangeRecord.objects.filter(content_type__model="plan").exists()


def test_a_report_that_starts_a_plan_is_written_by_the_exchange_loader(controller, administration):
    from vplan.exchange.document import ExchangeDocument
    from vplan.imports.load import exchange_document_of
    from vplan.testing.factories import make_board

    document = _document(
        _row("Första", comment="Går bra"),
        _row("Första", board_goal="Andra målet", status=""),
        _row("Andra", status="Nästan klart", boards=["BIN"]),
    )
    board = make_board(code="BIN", administration=administration)

    exchange, rows = exchange_document_of(
        parsed=document, administration=administration, boards={"BIN": board}, by=controller
    )

    assert isinstance(exchange, ExchangeDocument)
    (plan,) = exchange.plans
    assert [activity.text for activity in plan.activities] == ["Första", "Andra"]
    assert len(plan.activities[0].placements) == 2
    assert [goal.title for goal in plan.board_goals] == ["Första målet", "Andra målet"]
    assert [(r.status, r.status_text) for r in plan.rounds[0].reports] == [
        ("Pågående", "Pågående"),
        (None, "Nästan klart"),
    ]
    assert rows[("activities", 1)].text == "Andra"
