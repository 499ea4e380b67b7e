"""Normalisation rules and warnings, on small reports made up in the test."""

from __future__ import annotations

from vplan.imports.detect import parse_text
from vplan.imports.normalise import (
    BoardRegistry,
    compose_activity_text,
    join_lines,
    parse_assignment,
    parse_deadline,
    split_board_goal,
    split_carry_over,
)

HEADER = "Nämndmål\tAktivitet\tNämnd\tSlutdatum\tStatus\tKommentar"


def _report(*rows: str) -> str:
    return "\n".join(
        [
            "Uppföljning av Exempelförvaltningens verksamhetsplan 2031",
            "",
            "Uppföljningen avser läget per den 31 augusti.",
            "",
            "## Ekonomi",
            "",
            "Kommunövergripande mål: Ett exempelmål",
            "",
            HEADER,
            *rows,
        ]
    )


def test_board_spellings_normalise_and_unknown_codes_warn() -> None:
    document = parse_text(
        _report(
            "<b>Titel</b> <i>Beskrivning av målet</i>\tGöra något\tBiN och BoU\tDecember\tPågående\t",
            "\tGöra något annat\tBIN, XyZ\tQ4\tGenomfört\t",
        )
    )
    first, second = document.activities
    assert first.boards == ["BIN", "BOU"]
    assert second.boards == ["BIN", "XYZ"]
    codes = [warning.code for warning in document.warnings]
    assert "unknown_board" in codes
    assert "inconsistent_boards" in codes
    assert first.board_goal == "Titel"
    assert first.board_goal_description == "Beskrivning av målet"


def test_registry_passed_in_decides_what_is_known() -> None:
    document = parse_text(
        _report("\tGöra något\tXyZ\tDecember\tPågående\t"),
        board_registry=BoardRegistry(["XYZ"]),
    )
    assert [w.code for w in document.warnings] == []


def test_unknown_and_missing_statuses_warn() -> None:
    document = parse_text(
        _report(
            "\tGöra något\tBiN\tDecember\tFunderar\t",
            "\tGöra något annat\tBiN\tDecember\t\t",
        )
    )
    codes = [warning.code for warning in document.warnings]
    assert codes.count("unknown_status") == 1
    assert codes.count("missing_status") == 1


def test_same_activity_with_different_end_dates_and_statuses_warns() -> None:
    document = parse_text(
        _report(
            "\tSamma aktivitet.\tBiN\tJuni\tGenomfört\t",
            "\tSamma aktivitet\tBiN\tDecember*\tPågående\t",
        )
    )
    codes = [warning.code for warning in document.warnings]
    assert "conflicting_deadlines" in codes
    assert "conflicting_statuses" in codes
    assert document.activities[1].postponed is True
    assert document.activities[1].deadline == "December"


def test_document_metadata_is_found() -> None:
    document = parse_text(_report("\tGöra något\tBiN\tDecember\tPågående\t"))
    assert document.plan_year == 2031
    assert document.as_of == "31 augusti"
    assert document.organisation == "Exempelförvaltningen"
    assert document.activities[0].perspective == "Ekonomi"
    assert document.activities[0].municipal_goal == "Ett exempelmål"


def test_assignment_rows_set_number_and_count_as_activity_with_status() -> None:
    document = parse_text(
        _report(
            "\t<b>Alla nämnder ska göra X.</b> (Kommungemensamt strategiskt utvecklingsuppdrag 9)"
            "\t\t\t\t",
            "\t<ul><li>Första steget</li></ul>\tBiN\tMaj\tPågående\t",
            "\t<b>Nämnden ska göra Y.</b> (Nämndspecifikt strategiskt utvecklingsuppdrag 12)"
            "\tBiN\tDecember\tKvarstår\t",
        )
    )
    first, second = document.activities
    assert (first.text, first.assignment_number, first.assignment_kind) == (
        "Första steget",
        9,
        "municipal",
    )
    assert (second.text, second.assignment_number) == ("Nämnden ska göra Y.", 12)


def test_text_rules() -> None:
    assert join_lines(["Ta fram en åtgärds-", "plan för barn- och", "unga"]) == (
        "Ta fram en åtgärdsplan för barn- och unga"
    )
    assert compose_activity_text("● Förälder\ntext\n○ Barn ett\n○ Barn två") == (
        "Förälder text: Barn ett; Barn två"
    )
    assert split_carry_over("Göra något. Kvarstår från 2029") == ("Göra något.", 2029)
    assert parse_deadline("Förskjuts till 2031*") == ("Förskjuts till 2031", True)
    assert split_board_goal("Mål i kort form Alla ska få en beskrivning") == (
        "Mål i kort form",
        "Alla ska få en beskrivning",
    )
    assert split_board_goal("Kort mål - Beskrivning") == ("Kort mål", "Beskrivning")
    heading = parse_assignment(
        "Strategiskt utvecklingsuppdrag: Göra Z ... (Strategiskt utvecklingsuppdrag 4)"
    )
    assert (heading.text, heading.number, heading.labelled) == ("Göra Z", 4, True)
