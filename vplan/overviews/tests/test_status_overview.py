"""Status categories per perspective, board, goal and assignment, checked against the spec."""

from collections import Counter
from types import SimpleNamespace

import pytest
from django.urls import reverse

from vplan.followups.models import StatusReport
from vplan.overviews.figures import CATEGORIES, load_rows, status_table
from vplan.overviews.tests.overview_data import CATEGORY_OF, SPEC_2023, SPEC_2024, build_year
from vplan.testing.factories import make_board, make_round, report

# The figures as a superuser reads them: every round, every status.
SEES_EVERYTHING = SimpleNamespace(is_superuser=True, is_authenticated=True)


@pytest.fixture
def history(administration):
    boards = {
        "BIN": make_board(code="BIN", administration=administration),
        "BOU": make_board(code="BOU", administration=administration),
    }
    plan_2023, round_2023, _ = build_year(
        administration=administration, boards=boards, year=2023, spec=SPEC_2023
    )
    plan_2024, round_2024, _ = build_year(
        administration=administration, boards=boards, year=2024, spec=SPEC_2024
    )
    return {"boards": boards, "plans": [plan_2023, plan_2024], "rounds": [round_2023, round_2024]}


def _expected(spec, key_of) -> dict:
    expected: dict = {}
    for row in spec:
        for key in key_of(row):
            expected.setdefault(key, Counter())[CATEGORY_OF[row[5]]] += 1
    return expected


def _table_as_dict(table) -> dict:
    return {
        group.label: Counter({k: v for k, v in group.counts.items() if v}) for group in table.groups
    }


def test_per_perspective_of_one_plan(history):
    table = status_table(
        load_rows(user=SEES_EVERYTHING, plans=history["plans"][:1]), by="perspective"
    )
    assert _table_as_dict(table) == _expected(SPEC_2023, lambda row: [row[1]])
    assert table.total.total == len(SPEC_2023)
    assert table.total.count("done") == 2
    # the same count, straight from the reports:
    assert (
        table.total.count("done")
        == StatusReport.objects.filter(round=history["rounds"][0], status__category="done").count()
    )


def test_per_board_counts_an_activity_under_each_of_its_boards(history):
    table = status_table(load_rows(user=SEES_EVERYTHING, plans=history["plans"][:1]), by="board")
    assert _table_as_dict(table) == _expected(SPEC_2023, lambda row: row[2])


def test_per_board_goal_and_assignment(history):
    rows = load_rows(user=SEES_EVERYTHING, plans=history["plans"][:1])
    goals = _table_as_dict(status_table(rows, by="board_goal"))
    for goal, counts in _expected(SPEC_2023, lambda row: [row[3]] if row[3] else []).items():
        assert goals[goal] == counts
    assignments = _table_as_dict(status_table(rows, by="assignment"))
    expected = _expected(SPEC_2023, lambda row: [f"{row[4]}. Uppdrag {row[4]}"] if row[4] else [])
    for label, counts in expected.items():
        assert assignments[label] == counts


def test_across_years_each_plan_counts_its_latest_round(history):
    plan_2023 = history["plans"][0]
    earlier = make_round(plan=plan_2023, as_of=plan_2023.rounds.get().as_of.replace(month=3))
    report(activity=plan_2023.activities.first(), round=earlier, status="Kvarstår")

    table = status_table(load_rows(user=SEES_EVERYTHING, plans=history["plans"]), by="perspective")

    expected = _expected(SPEC_2023 + SPEC_2024, lambda row: [row[1]])
    assert _table_as_dict(table) == expected
    assert table.total.total == len(SPEC_2023) + len(SPEC_2024)


def test_a_chosen_round_counts_that_round(history):
    plan_2023 = history["plans"][0]
    spring = make_round(plan=plan_2023, as_of=plan_2023.rounds.get().as_of.replace(month=3))
    report(activity=plan_2023.activities.first(), round=spring, status="Kvarstår")

    table = status_table(
        load_rows(user=SEES_EVERYTHING, plans=[plan_2023], round=spring), by="perspective"
    )

    assert table.total.counts == Counter({"not_started": 1, "none": len(SPEC_2023) - 1})


def test_board_filter(history):
    rows = load_rows(
        user=SEES_EVERYTHING, plans=history["plans"][:1], board=history["boards"]["BIN"]
    )
    assert sorted(row.text for row in rows) == sorted(r[0] for r in SPEC_2023 if "BIN" in r[2])


def test_the_page_shows_chart_and_table_with_the_same_numbers(client, history, reader):
    client.force_login(reader)
    plan_2023 = history["plans"][0]
    url = reverse("overviews:status", args=[plan_2023.administration_id])

    response = client.get(url, {"year": 2023, "by": "perspective"})

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert 'role="img"' in content and "aria-labelledby" in content and "<title id=" in content
    assert ' style="' not in content and "<script>" not in content
    assert '<th scope="row">Medborgare</th>' in content
    medborgare = Counter(CATEGORY_OF[r[5]] for r in SPEC_2023 if r[1] == "Medborgare")
    cells = "".join(f'<td class="numeric">{medborgare[c]}</td>' for c in CATEGORIES)
    assert cells in "".join(content.split("\n"))
    assert "year=2023" in content and "format=csv" in content  # filters kept in the CSV link


def test_a_part_counts_where_its_activity_stands(plan):
    from vplan.plans.models import Activity
    from vplan.testing.factories import make_activity, make_municipal_goal

    goal = make_municipal_goal(plan=plan, perspective_name="Ekonomi")
    parent = make_activity(plan=plan, text="Införa modellen", municipal_goal=goal)
    Activity.objects.create(plan=plan, text="Etapp 2", parent=parent).boards.set(plan.boards.all())

    table = status_table(load_rows(user=SEES_EVERYTHING, plans=[plan]), by="perspective")

    assert [(g.label, g.total) for g in table.groups] == [("Ekonomi", 2)]
