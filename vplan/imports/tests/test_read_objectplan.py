"""Reading an object plan document: the structure of the shared object plan's ground truth, and
the rules the reader follows on a small plan written for these tests."""

import datetime
import json
from decimal import Decimal

import pytest

from vplan.imports.read_objectplan import (
    ObjectPlanParseError,
    looks_like_object_plan,
    parse_date,
    parse_object_plan,
    parse_object_plan_text,
)
from vplan.objectplans.parsed import dumps_exact

from .helpers import load_truth

SMALL_PLAN = """
**Strategisk objektplan för objektet
Skola och Omsorg
för år 2025**

## Versionshantering

<b>Version</b>\t<b>Datum</b>\t<b>Kommentar</b>
0.1\t\tUtkast
0.8\t2024-10-01\tPreliminär
1.0\t\tBeslutad

## Bakgrund och föregående förvaltningsperiod

Objektet Skola och Omsorg (SO) hade ett lugnt år.

Följande blev försenade:

- Nytt schemasystem

Följande blev dyrare än budget:

- Ny lärplattform
- Nytt schemasystem

Skälet var brist på konsulter.

## Förvaltningsperiod

Planen gäller 2025-01-01 – 2025-12-31.

## Övergripande förutsättningar

ID nr\tStyrande dokument\tMål/inriktning\tPåverkan på objektet
1\tSkolplan\t<p><b>SK</b></p> <ul><li>• Införa nytt schemasystem</li></ul>\t<i>Stor</i>

\t\t<ul><li>• Byta lärplattform</li></ul> <p><b>OM:</b></p> <ul><li>• Digitala larm</li></ul>\t
2\tBudget\t\t
---\t---\t---\t---

## Långsiktiga mål skolan (SK)

ID nr\tMål\tBeskrivning av målet
1\t<b>Mål 1:</b> Digitala verktyg .\tAlla ska ha verktyg. <ul><li>● 1:1, Elever har datorer;</li><li>● 1:2, Lärare har datorer</li></ul>

## Långsiktiga mål OM

Omsorgen samordnar sina system.

## Budget och finansiering

VM = Vidmakthållande av befintligt.

VU = Vidareutveckling.

VM/VU\tBudget 2025\tPrognos 2024
VM\t1 000,50\t
VU\t500,00\t
<b>Total</b>\t<b>1 500,50</b>\t<b>1 200,00</b>

Skillnaden beror på:

- Nya licenser

Nämnd\tVM/VU\tBudget 2025
SKN\tVM\t700,35
SKN\tVU\t500,00
SKN Total\t\t1 200,35
OMN\tVM\t300,15
OMN Total\t\t300,15
<b>Total</b>\t\t<b>1 500,50</b>

## Finansiering

- Kostnader belastar den verksamhet som använder systemet.
- Gemensamma poster mellan SKN och OMN fördelas 60/40.
"""


def parse(text=SMALL_PLAN):
    return parse_object_plan_text(text, source="small.md")


def test_object_plan_seed_gives_the_structure_of_its_ground_truth(object_plan_seed):
    parsed = parse_object_plan(object_plan_seed)
    ours = json.loads(dumps_exact(parsed.summary()))
    truth = load_truth("004.json")
    assert list(ours) == list(truth)
    assert ours == truth


def test_object_plan_seed_amounts_are_exact_decimals(object_plan_seed):
    parsed = parse_object_plan(object_plan_seed)
    assert all(isinstance(line.amount, Decimal) for line in parsed.budget_lines)
    assert json.loads(dumps_exact(parsed.summary()), parse_float=Decimal)["budget"][
        "total"
    ] == Decimal("28751201.00")


def test_title_object_year_short_name_and_period():
    parsed = parse()
    assert parsed.title == "Strategisk objektplan för objektet Skola och Omsorg för år 2025"
    assert parsed.object == "Skola och Omsorg"
    assert parsed.object_short == "SO"
    assert parsed.year == 2025
    assert (parsed.period_start, parsed.period_end) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )


def test_versions_get_their_states_and_dates():
    versions = parse().versions
    assert [(v.version, v.state, v.date) for v in versions] == [
        ("0.1", "draft", None),
        ("0.8", "preliminary", datetime.date(2024, 10, 1)),
        ("1.0", "decided", None),
    ]


def test_last_years_delays_and_overruns_are_told_apart_by_their_lead_in():
    parsed = parse()
    assert parsed.delays == ["Nytt schemasystem"]
    assert parsed.over_budget == ["Ny lärplattform", "Nytt schemasystem"]
    assert parsed.follow_up_reasons == "Skälet var brist på konsulter."
    assert "lugnt år" in parsed.background


def test_a_continued_table_row_belongs_to_the_row_above():
    parsed = parse()
    assert [d.id for d in parsed.governing_documents] == [1, 2]
    assert "Byta lärplattform" in parsed.governing_documents[0].goal
    assert parsed.governing_documents[0].impact == "Stor"


def test_lists_under_a_unit_heading_are_that_units_prioritised_activities():
    parsed = parse()
    assert [(a.unit, a.text) for a in parsed.activities] == [
        ("SK", "Införa nytt schemasystem"),
        ("SK", "Byta lärplattform"),
        ("OM", "Digitala larm"),
    ]


def test_long_term_goals_with_sub_goals_per_unit():
    areas = parse().goal_areas
    assert [a.unit for a in areas] == ["SK", "OM"]
    goal = areas[0].goals[0]
    assert (goal.id, goal.title) == (1, "Mål 1: Digitala verktyg")
    assert [(s.code, s.text) for s in goal.subgoals] == [
        ("1:1", "Elever har datorer"),
        ("1:2", "Lärare har datorer"),
    ]
    assert areas[1].text == "Omsorgen samordnar sina system."


def test_budget_lines_totals_forecast_and_keys():
    parsed = parse()
    assert [(line.board, line.kind, line.amount) for line in parsed.budget_lines] == [
        ("SKN", "VM", Decimal("700.35")),
        ("SKN", "VU", Decimal("500.00")),
        ("OMN", "VM", Decimal("300.15")),
    ]
    assert parsed.totals_by_kind() == {"VM": Decimal("1000.50"), "VU": Decimal("500.00")}
    assert parsed.total() == Decimal("1500.50")
    assert parsed.previous_year_forecast == Decimal("1200.00")
    assert parsed.forecast_explanation == ["Nya licenser"]
    assert parsed.kind_definitions == {
        "VM": "Vidmakthållande av befintligt.",
        "VU": "Vidareutveckling.",
    }
    assert [(k.boards, k.shares) for k in parsed.allocation_keys] == [
        (["SKN", "OMN"], [Decimal(60), Decimal(40)])
    ]
    assert parsed.financing_principles == [
        "Kostnader belastar den verksamhet som använder systemet."
    ]


def test_a_stated_total_that_does_not_add_up_is_an_error_naming_the_line():
    text = SMALL_PLAN.replace("SKN Total\t\t1 200,35", "SKN Total\t\t1 200,36")
    with pytest.raises(ObjectPlanParseError) as error:
        parse(text)
    line = next(n for n, t in enumerate(text.split("\n"), start=1) if t.startswith("SKN Total"))
    assert error.value.line == line
    assert "board SKN" in str(error.value) and "1200.35" in str(error.value)
    assert str(error.value).startswith(f"small.md:{line}:")


def test_a_key_with_more_shares_than_boards_is_an_error():
    text = SMALL_PLAN.replace("fördelas 60/40", "fördelas 60/30/10")
    with pytest.raises(ObjectPlanParseError, match="names 2 boards .* but 3 shares"):
        parse(text)


def test_a_budget_line_without_a_kind_is_an_error():
    text = SMALL_PLAN.replace("OMN\tVM\t300,15", "OMN\tXX\t300,15")
    with pytest.raises(ObjectPlanParseError, match="expected VM or VU"):
        parse(text)


def test_a_document_without_a_title_is_refused():
    with pytest.raises(ObjectPlanParseError, match="No title"):
        parse("## Budget\n\nNothing here.\n")


def test_an_unreadable_date_is_an_error():
    with pytest.raises(ObjectPlanParseError, match="Cannot read the date"):
        parse(SMALL_PLAN.replace("2024-10-01", "i höstas"))


@pytest.mark.parametrize(
    "written, date",
    [
        ("29/9 2021", datetime.date(2021, 9, 29)),
        ("2021-09-29", datetime.date(2021, 9, 29)),
        ("29.9.2021", datetime.date(2021, 9, 29)),
        ("29 september 2021", datetime.date(2021, 9, 29)),
        ("", None),
    ],
)
def test_dates_as_written(written, date):
    assert parse_date(written) == date


def test_an_object_plan_is_recognised_and_an_activity_report_is_not():
    assert looks_like_object_plan(SMALL_PLAN)
    assert not looks_like_object_plan(
        "# Uppföljning av verksamhetsplan 2022\n\nNämndmål\tAktivitet\n"
    )


def test_the_seed_is_recognised_as_an_object_plan(object_plan_seed):
    assert looks_like_object_plan(object_plan_seed.read_text(encoding="utf-8"))


def test_markdown_pipe_tables_are_read_like_tab_separated_ones():
    def piped(line: str) -> str:
        return f"| {' | '.join(line.split(chr(9)))} |" if "\t" in line else line

    as_pipes = "\n".join(piped(line) for line in SMALL_PLAN.split("\n"))
    as_pipes = as_pipes.replace(
        "| <b>Version</b> | <b>Datum</b> | <b>Kommentar</b> |",
        "| Version | Datum | Kommentar |\n|---|---|---|",
    )
    assert parse(as_pipes).summary() == parse().summary()
