"""A small plan that exercises every feature of the report, built with the shared factories."""

import datetime
from types import SimpleNamespace

import pytest

from vplan.plans.models import Activity, Assignment
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    place,
    report,
)


@pytest.fixture
def report_data(plan, board, other_board, controller):
    """Plan 2024 of Testförvaltningen with its round 'per 31 mars 2024':

    - Samhälle / "Ökad trygghet och minskad segregation": common assignment 2 with one activity
      (no board goal).
    - Medborgare / "Skolor där fler klarar kunskapsmålen": board goal "Maximalt lärande" with a
      postponed activity (Juni -> December*) and its unplaced part, an activity carried over from
      2023, and one activity that also stands under "Likvärdiga möjligheter"; "Likvärdiga
      möjligheter" also holds board-specific assignment 18 with an activity and assignment 22
      reported directly ('Ej aktuellt').
    """
    plan.decided_on = datetime.date(2023, 10, 12)
    plan.save(update_fields=["decided_on"])
    previous = make_plan(administration=plan.administration, year=2023, boards=[other_board])
    old = make_activity(plan=previous, text="Följa upp språkutvecklingen", boards=[other_board])

    safety = make_municipal_goal(
        plan=plan, perspective_name="Samhälle", title="Ökad trygghet och minskad segregation"
    )
    segregation = make_assignment(
        plan=plan, number=2, text="Samtliga nämnder ska motverka segregation."
    )
    schoolyard = make_activity(
        plan=plan,
        text="Genomföra trygghetsvandringar på skolgårdarna",
        boards=[board, other_board],
        decided_end="Oktober",
        municipal_goal=safety,
        assignment=segregation,
    )

    knowledge = make_municipal_goal(
        plan=plan, perspective_name="Medborgare", title="Skolor där fler klarar kunskapsmålen"
    )
    learning = make_board_goal(
        plan=plan,
        municipal_goal=knowledge,
        title="Maximalt lärande",
        description="Varje barn och elev når så långt som möjligt.",
    )
    learning.order = 1
    learning.save(update_fields=["order"])
    equal = make_board_goal(
        plan=plan,
        municipal_goal=knowledge,
        title="Likvärdiga möjligheter",
        description="Skolan är likvärdig för alla.",
    )
    equal.order = 2
    equal.save(update_fields=["order"])
    reading = make_activity(
        plan=plan,
        text="Stärka läsförståelsen i årskurs 1–3",
        boards=[other_board],
        decided_end="Juni",
        current_end="December",
        board_goal=learning,
    )
    reading_part = Activity.objects.create(
        plan=plan,
        text="Läsombud på varje skola",
        decided_end=None,
        current_end=None,
        parent=reading,
    )
    reading_part.boards.set([other_board])
    carried = make_activity(
        plan=plan,
        text="Följa upp språkutvecklingen",
        boards=[other_board],
        board_goal=learning,
        carried_over_from=old,
    )
    shared = make_activity(
        plan=plan,
        text="Utveckla elevhälsans arbete med närvaro",
        boards=[board, other_board],
        board_goal=learning,
    )
    place(activity=shared, municipal_goal=knowledge, board_goal=equal)
    throughput = make_assignment(
        plan=plan,
        number=18,
        text="Barn- och ungdomsnämnden ska öka behörigheten till gymnasieskolan.",
        scope=Assignment.Scope.BOARD_SPECIFIC,
    )
    throughput.boards.set([other_board])
    eligibility = make_activity(
        plan=plan,
        text="Kartlägga elever som riskerar att inte bli behöriga",
        boards=[other_board],
        decided_end="Q3",
        board_goal=equal,
        assignment=throughput,
    )
    language_req = make_assignment(
        plan=plan,
        number=22,
        text="Bildningsnämnden ska värdera språkkrav för personal.",
        scope=Assignment.Scope.BOARD_SPECIFIC,
    )
    language_req.boards.set([board])
    direct = make_activity(
        plan=plan,
        text="Bildningsnämnden ska värdera språkkrav för personal.",
        boards=[board],
        board_goal=equal,
        assignment=language_req,
    )
    direct.represents_assignment = True
    direct.save(update_fields=["represents_assignment"])

    round = make_round(plan=plan, as_of=datetime.date(2024, 3, 31), label="Uppföljning per 31 mars")
    report(
        activity=schoolyard,
        round=round,
        status="Pågående",
        comment="Vandringar på två skolor.",
        author=controller,
    )
    report(
        activity=reading,
        round=round,
        status="Genomfört",
        comment="Klart före sommaren – även för förskoleklass.",
        author=controller,
    )
    report(activity=reading_part, round=round, status="Genomfört", author=controller)
    report(
        activity=carried,
        round=round,
        status="Kvarstår",
        comment="Skjuts till hösten.",
        author=controller,
    )
    report(activity=eligibility, round=round, status="Pågående", author=controller)
    report(
        activity=direct,
        round=round,
        status="Ej aktuellt",
        comment="Struket i budgeten.",
        author=controller,
    )
    # `shared` has no report yet: it shows with an empty status and counts as not reported.
    return SimpleNamespace(
        plan=plan,
        round=round,
        schoolyard=schoolyard,
        reading=reading,
        reading_part=reading_part,
        carried=carried,
        shared=shared,
        eligibility=eligibility,
        direct=direct,
        learning=learning,
        equal=equal,
    )
