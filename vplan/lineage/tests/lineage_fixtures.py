"""Two years of one administration's plan with a reworded activity, for the lineage tests."""

import datetime

from vplan.testing.factories import make_activity, make_board_goal, make_plan, make_round, report


def two_years(*, administration, board):
    last_year = make_plan(administration=administration, year=2023, boards=[board])
    this_year = make_plan(administration=administration, year=2024, boards=[board])
    goal_then = make_board_goal(plan=last_year, title="Kunskap & kompetens")
    goal_now = make_board_goal(plan=this_year, title="Kunskap och kompetens")
    old = make_activity(
        plan=last_year,
        text="Vuxenutbildningen: Ta fram nyckeltal för genomströmning på SFI",
        board_goal=goal_then,
    )
    other_old = make_activity(
        plan=last_year, text="Revidera lönekriterierna för medarbetare och chefer"
    )
    new = make_activity(
        plan=this_year,
        text="Fortsatt utveckling av nyckeltal kring genomströmning SFI",
        board_goal=goal_now,
    )
    unrelated = make_activity(plan=this_year, text="Starta upp övningsförskolor för VFU")
    year_end = make_round(plan=last_year, as_of=datetime.date(2023, 12, 31))
    report(activity=old, round=year_end, status="Pågående")
    report(activity=other_old, round=year_end, status="Genomfört")
    return {
        "last_year": last_year,
        "this_year": this_year,
        "old": old,
        "other_old": other_old,
        "new": new,
        "unrelated": unrelated,
    }
