"""The report model: one pass over the round, every text the formats show."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.reports.document import ActivityLine, AssignmentBlock, build_report
from vplan.testing.factories import make_activity, report


def _lines(built):
    return [
        row
        for perspective in built.perspectives
        for section in perspective.sections
        for group in section.groups
        for row in group.rows
    ]


def test_title_boards_and_introduction_with_the_as_of_date(report_data):
    built = build_report(round=report_data.round, language="sv")

    assert built.title == "Uppföljning av Testförvaltningens verksamhetsplan 2024"
    assert built.boards == ["Bildningsnämnden", "Barn- och ungdomsnämnden"]
    assert built.introduction[0].endswith(
        "Uppföljningen har fokus på om aktiviteterna är genomförda eller inte per den 31 mars 2024."
    )
    assert [entry.title for entry in built.toc] == [
        "Inledning",
        "Sammanfattning",
        "Strategiska utvecklingsuppdrag",
        "Samhälle",
        "Medborgare",
    ]


def test_the_rounds_own_introduction_replaces_the_standard_text(report_data):
    report_data.round.introduction = "Första stycket.\n\nAndra stycket om läget."
    report_data.round.save(update_fields=["introduction"])

    built = build_report(round=report_data.round, language="sv")

    assert built.introduction == ["Första stycket.", "Andra stycket om läget."]


def test_legend_explains_the_asterisk_when_an_end_date_moved(report_data):
    built = build_report(round=report_data.round, language="sv")

    assert built.legend == (
        "En asterisk (*) efter slutdatumet betyder att aktivitetens slutdatum har flyttats "
        "jämfört med verksamhetsplanen som beslutades den 12 oktober 2023."
    )
    reading = next(r for r in _lines(built) if r.text.startswith("Stärka läsförståelsen"))
    assert reading.end_display == "December*"
    assert reading.decided_end == "Juni"


def test_no_legend_without_moved_end_dates(plan):
    activity = make_activity(plan=plan, decided_end="Maj")
    from vplan.testing.factories import make_round

    round = make_round(plan=plan)
    report(activity=activity, round=round, status="Pågående")

    assert build_report(round=round, language="sv").legend == ""


def test_sections_follow_perspective_municipal_goal_board_goal_and_assignment(report_data):
    built = build_report(round=report_data.round, language="sv")

    society, citizens = built.perspectives
    assert society.name == "Samhälle"
    assert society.sections[0].heading == (
        "Kommunövergripande mål: Ökad trygghet och minskad segregation"
    )
    (no_goal,) = society.sections[0].groups
    assert no_goal.board_goal_title == ""
    block = no_goal.rows[0]
    assert isinstance(block, AssignmentBlock)
    assert block.label == "Kommungemensamt strategiskt utvecklingsuppdrag 2"
    assert [line.text for line in block.activities] == [
        "Genomföra trygghetsvandringar på skolgårdarna"
    ]

    learning, equal = citizens.sections[0].groups
    assert learning.board_goal_title == "Maximalt lärande"
    assert learning.row_count == 4
    texts = [row.text for row in learning.rows]
    assert texts == [
        "Stärka läsförståelsen i årskurs 1–3",
        "Läsombud på varje skola",
        "Följa upp språkutvecklingen",
        "Utveckla elevhälsans arbete med närvaro",
    ]
    assert learning.rows[1].is_part
    assert [type(row) for row in equal.rows] == [
        ActivityLine,
        AssignmentBlock,
        ActivityLine,
        AssignmentBlock,
    ]


def test_carried_over_activity_is_marked_with_its_year(report_data):
    built = build_report(round=report_data.round, language="sv")

    carried = next(r for r in _lines(built) if r.text == "Följa upp språkutvecklingen")
    assert carried.carried_over_label == "Kvarstår från 2023"


def test_activity_in_two_places_gets_a_footnote_in_each(report_data):
    built = build_report(round=report_data.round, language="sv")

    shared = [r for r in _lines(built) if r.text == "Utveckla elevhälsans arbete med närvaro"]
    assert [line.footnote.number for line in shared] == [1, 2]
    assert shared[0].footnote.text == (
        "Aktiviteten står även under nämndmål ”Likvärdiga möjligheter”."
    )
    assert built.perspectives[1].sections[0].footnotes == [s.footnote for s in shared]


def test_assignment_reported_directly_carries_its_own_status(report_data):
    built = build_report(round=report_data.round, language="sv")

    blocks = [r for r in _lines(built) if isinstance(r, AssignmentBlock)]
    direct = next(b for b in blocks if b.number == 22)
    assert not direct.spans_row
    assert direct.status == "Ej aktuellt"
    assert direct.direct.comment == "Struket i budgeten."
    assert next(b for b in blocks if b.number == 18).spans_row


def test_summary_counts_each_activity_once_per_perspective_and_board(report_data):
    built = build_report(round=report_data.round, language="sv")
    summary = built.summary

    assert [label for _, label in summary.categories] == [
        "Genomfört",
        "Pågående",
        "Ej påbörjat",
        "Avbrutet",
        "Ej rapporterat",
    ]
    by_perspective = {row.label: (row.counts, row.total) for row in summary.by_perspective}
    assert by_perspective == {
        "Samhälle": ((0, 1, 0, 0, 0), 1),
        "Medborgare": ((2, 1, 1, 1, 1), 6),
    }
    by_board = {row.label: row.counts for row in summary.by_board}
    assert by_board == {"BiN": (0, 1, 0, 1, 1), "BoU": (2, 2, 1, 0, 1)}
    assert (summary.total.counts, summary.total.total) == ((2, 2, 1, 1, 1), 7)


def test_one_record_per_placement_with_every_field(report_data):
    built = build_report(round=report_data.round, language="sv")

    assert len(built.records) == 8  # 7 activities, one of them in two places
    reading = next(r for r in built.records if r.activity.startswith("Stärka"))
    assert reading.perspective == "Medborgare"
    assert reading.municipal_goal == "Skolor där fler klarar kunskapsmålen"
    assert reading.board_goal == "Maximalt lärande"
    assert (reading.decided_end, reading.current_end, reading.postponed) == (
        "Juni",
        "December",
        "Ja",
    )
    assert reading.status_category == "Genomfört"
    assert reading.changed_by == "controller"
    eligibility = next(r for r in built.records if r.activity.startswith("Kartlägga"))
    assert (eligibility.assignment_number, eligibility.assignment_kind) == (18, "Nämndspecifikt")


def test_english_report(report_data):
    built = build_report(round=report_data.round, language="en")

    assert built.title == "Follow-up of Testförvaltningens activity plan 2024"
    assert built.labels.columns[0] == "Board goal"


def test_query_count_does_not_grow_with_the_plan(report_data, plan, board):
    with CaptureQueriesContext(connection) as small:
        build_report(round=report_data.round)
    for n in range(15):
        activity = make_activity(
            plan=plan, text=f"Extra {n}", board_goal=report_data.learning, boards=[board]
        )
        report(activity=activity, round=report_data.round, status="Pågående")
    with CaptureQueriesContext(connection) as large:
        built = build_report(round=report_data.round)

    assert len(built.records) == 8 + 15
    assert len(large) == len(small)
