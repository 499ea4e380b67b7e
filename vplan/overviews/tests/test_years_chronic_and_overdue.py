"""Share done over the years, chronic activities, and activities past their end date."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine

from vplan.overviews.figures import (
    chronic_activities,
    done_share_by_year,
    is_past,
    load_rows,
    overdue_activities,
)
from vplan.overviews.tests.overview_data import CATEGORY_OF, SPEC_2023, SPEC_2024, build_year
from vplan.plans.editing import change_end_date
from vplan.plans.end_dates import EndDate
from vplan.testing.factories import make_activity, make_board, make_plan, make_round, report

# The figures as a superuser reads them: every round, every status.
SEES_EVERYTHING = SimpleNamespace(is_superuser=True, is_authenticated=True)


@pytest.fixture
def boards(administration):
    return {
        "BIN": make_board(code="BIN", administration=administration),
        "BOU": make_board(code="BOU", administration=administration),
    }


def test_share_done_per_year_matches_the_spec(administration, boards):
    plan_2023, *_ = build_year(
        administration=administration, boards=boards, year=2023, spec=SPEC_2023
    )
    plan_2024, *_ = build_year(
        administration=administration, boards=boards, year=2024, spec=SPEC_2024
    )

    shares = done_share_by_year(user=SEES_EVERYTHING, plans=[plan_2023, plan_2024])

    expected = [
        (year, sum(CATEGORY_OF[r[5]] == "done" for r in spec), len(spec))
        for year, spec in ((2023, SPEC_2023), (2024, SPEC_2024))
    ]
    assert [(s.year, s.done, s.total) for s in shares] == expected
    assert shares[0].percent == round(100 * expected[0][1] / expected[0][2])


def test_share_done_for_one_board(administration, boards):
    plan_2023, *_ = build_year(
        administration=administration, boards=boards, year=2023, spec=SPEC_2023
    )
    shares = done_share_by_year(user=SEES_EVERYTHING, plans=[plan_2023], board=boards["BOU"])
    bou = [r for r in SPEC_2023 if "BOU" in r[2]]
    assert [(s.done, s.total) for s in shares] == [
        (sum(CATEGORY_OF[r[5]] == "done" for r in bou), len(bou))
    ]


def test_postponed_twice_is_chronic_even_without_being_carried(plan, controller):
    moved = make_activity(plan=plan, text="Flyttas hela tiden", decided_end="Mars")
    once = make_activity(plan=plan, text="Flyttas en gång", decided_end="Mars")
    change_end_date(activity=moved, new_end="Juni", by=controller)
    change_end_date(activity=moved, new_end="Oktober", by=controller)
    change_end_date(activity=once, new_end="Juni", by=controller)

    rows = load_rows(user=SEES_EVERYTHING, plans=[plan])
    chronic = chronic_activities(rows, history=rows)

    assert [(c.row.text, c.times_postponed, c.times_carried_over) for c in chronic] == [
        ("Flyttas hela tiden", 2, 0)
    ]


def test_postponements_add_up_along_the_chain_of_years(administration, board, controller):
    first = make_plan(administration=administration, year=2023, boards=[board])
    second = make_plan(administration=administration, year=2024, boards=[board])
    old = make_activity(plan=first, text="Lokalplan", decided_end="Mars", current_end="Juni")
    new = make_activity(plan=second, text="Lokalplan", carried_over_from=old)
    change_end_date(activity=new, new_end="Oktober", by=controller)

    history = load_rows(user=SEES_EVERYTHING, plans=[first, second])
    chronic = chronic_activities(load_rows(user=SEES_EVERYTHING, plans=[second]), history=history)

    assert [(c.row.id, c.times_postponed, c.times_carried_over) for c in chronic] == [
        (new.pk, 2, 1)
    ]


def test_imported_kvarstar_marker_counts_as_one_carry_over(administration, board):
    first = make_plan(administration=administration, year=2022, boards=[board])
    second = make_plan(administration=administration, year=2023, boards=[board])
    old = make_activity(plan=first, text="Rapportera frånvaro")
    old.carried_over_from_year = 2021
    old.save(update_fields=["carried_over_from_year"])
    new = make_activity(plan=second, text="Rapportera frånvaro", carried_over_from=old)

    history = load_rows(user=SEES_EVERYTHING, plans=[first, second])
    chronic = chronic_activities(load_rows(user=SEES_EVERYTHING, plans=[second]), history=history)

    assert [(c.row.id, c.times_carried_over, c.first_year) for c in chronic] == [(new.pk, 2, 2021)]


@pytest.mark.parametrize(
    "end,plan_year,today,past",
    [
        ("December", 2023, datetime.date(2023, 12, 31), False),
        ("December", 2023, datetime.date(2024, 1, 1), True),
        ("Juni", 2024, datetime.date(2024, 6, 30), False),
        ("Juni", 2024, datetime.date(2024, 7, 1), True),
        ("Q2", 2024, datetime.date(2024, 7, 1), True),
        ("Förskjuts till 2025", 2024, datetime.date(2025, 6, 1), False),
        ("Verksamhetsberättelse", 2024, datetime.date(2024, 12, 31), False),
        ("2024-05-14", 2024, datetime.date(2024, 5, 14), False),
        ("2024-05-14", 2024, datetime.date(2024, 5, 15), True),
    ],
)
def test_when_an_end_date_has_gone_by(end, plan_year, today, past):
    assert is_past(EndDate(end), plan_year, today) is past


def test_overdue_means_past_the_end_date_and_not_done(plan):
    year_end = make_round(plan=plan, as_of=datetime.date(2024, 12, 31))
    late = make_activity(plan=plan, text="Sen", decided_end="Mars")
    done = make_activity(plan=plan, text="Klar", decided_end="Mars")
    later = make_activity(plan=plan, text="Inte än", decided_end="Oktober")
    unreported = make_activity(plan=plan, text="Ingen status", decided_end="Februari")
    report(activity=late, round=year_end, status="Pågående")
    report(activity=done, round=year_end, status="Genomfört")
    report(activity=later, round=year_end, status="Pågående")

    overdue = overdue_activities(
        load_rows(user=SEES_EVERYTHING, plans=[plan]), today=datetime.date(2024, 6, 15)
    )

    assert [row.id for row in overdue] == [unreported.pk, late.pk]


@time_machine.travel(datetime.datetime(2024, 6, 15, 12, tzinfo=datetime.UTC))
def test_the_overdue_page_uses_todays_date(client, plan, reader):
    make_activity(plan=plan, text="Sen aktivitet", decided_end="Mars")
    make_activity(plan=plan, text="Framtida aktivitet", decided_end="Oktober")
    client.force_login(reader)

    response = client.get(f"/overviews/{plan.administration_id}/overdue/")

    content = response.content.decode()
    assert "Sen aktivitet" in content
    assert "Framtida aktivitet" not in content


def test_imported_postponements_count_once_each_year(administration, board):
    first = make_plan(administration=administration, year=2022, boards=[board])
    second = make_plan(administration=administration, year=2023, boards=[board])
    old = make_activity(plan=first, text="Säkerställa rapportering", decided_end="December")
    old.postponed_from_unknown_date = True  # 'December*' in an imported report
    old.save(update_fields=["postponed_from_unknown_date"])
    new = make_activity(plan=second, text="Säkerställa rapportering", carried_over_from=old)
    new.postponed_from_unknown_date = True
    new.save(update_fields=["postponed_from_unknown_date"])

    history = load_rows(user=SEES_EVERYTHING, plans=[first, second])
    chronic = chronic_activities(load_rows(user=SEES_EVERYTHING, plans=[second]), history=history)

    assert [(c.row.id, c.times_postponed) for c in chronic] == [(new.pk, 2)]
