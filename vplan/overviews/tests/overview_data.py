"""A small administration history for the overview tests, described as plain data first so the
tests can count from the description, independently of the code under test."""

import datetime

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

# (text, perspective, boards, board goal, assignment number or None, status at year end or None)
SPEC_2023 = [
    (
        "Införa digitala närvarorutiner",
        "Medborgare",
        ["BIN"],
        "Maximalt lärande",
        None,
        "Genomfört",
    ),
    ("Kartlägga lokalbehovet", "Ekonomi", ["BIN", "BOU"], None, 34, "Pågående"),
    ("Revidera lönekriterierna", "Medarbetare", ["BOU"], "Goda arbetsplatser", None, "Kvarstår"),
    ("Utreda skolskjutsar", "Verksamhet", ["BOU"], None, 41, "Avslutad"),
    ("Stärka studiero", "Medborgare", ["BOU"], "Maximalt lärande", 21, "Genomförd"),
    ("Följa upp IM-målen", "Medborgare", ["BIN"], "Kunskap och kompetens", None, None),
]
SPEC_2024 = [
    ("Utveckla vårdnadshavarportalen", "Samhälle", ["BIN", "BOU"], None, 5, "Genomfört"),
    ("Kartlägga lokalbehovet", "Ekonomi", ["BIN", "BOU"], None, 34, "Pågående"),
    (
        "Planera barnskötarutbildning",
        "Medarbetare",
        ["BOU"],
        "Goda arbetsplatser",
        None,
        "Pågående",
    ),
]

CATEGORY_OF = {
    "Genomfört": "done",
    "Genomförd": "done",
    "Pågående": "ongoing",
    "Kvarstår": "not_started",
    "Avslutad": "stopped",
    None: "none",
}


def build_year(*, administration, boards, year, spec):
    plan = make_plan(administration=administration, year=year, boards=list(boards.values()))
    round = make_round(plan=plan, as_of=datetime.date(year, 12, 31))
    goals, assignments, municipal = {}, {}, {}
    activities = []
    for text, perspective, codes, goal, number, status in spec:
        if perspective not in municipal:
            municipal[perspective] = make_municipal_goal(plan=plan, perspective_name=perspective)
        if goal and goal not in goals:
            goals[goal] = make_board_goal(
                plan=plan, municipal_goal=municipal[perspective], title=goal
            )
        if number and number not in assignments:
            assignments[number] = make_assignment(
                plan=plan, number=number, text=f"Uppdrag {number}"
            )
        activity = make_activity(
            plan=plan,
            text=text,
            boards=[boards[code] for code in codes],
            board_goal=goals.get(goal),
            municipal_goal=None if goal else municipal[perspective],
        )
        if number:
            place(
                activity=activity,
                municipal_goal=municipal[perspective],
                assignment=assignments[number],
            )
        if status:
            report(activity=activity, round=round, status=status)
        activities.append(activity)
    return plan, round, activities
