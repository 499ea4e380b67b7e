import pytest

from vplan.plans.end_dates import EndDate, Kind, strip_postponement_mark


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("December", Kind.MONTH),
        ("Maj/November", Kind.MONTH),
        ("December 2022", Kind.MONTH),
        ("Q4", Kind.QUARTER),
        ("Delrapport 2", Kind.REPORTING_POINT),
        ("Verksamhetsberättelse", Kind.REPORTING_POINT),
        ("Förskjuts till 2023", Kind.LATER_YEAR),
        ("2024-05-31", Kind.DATE),
        ("Löpande", Kind.OTHER),
    ],
)
def test_end_dates_know_their_kind_and_render_as_written(text, kind):
    end = EndDate(text)
    assert end.kind == kind
    assert str(end) == text


def test_asterisk_marks_a_moved_end_date_and_is_not_part_of_the_date():
    assert strip_postponement_mark("December*") == ("December", True)
    assert strip_postponement_mark("Juni") == ("Juni", False)
    assert str(EndDate("December *")) == "December"


def test_end_dates_sort_by_when_they_fall_in_the_plan_year():
    texts = [
        "Förskjuts till 2025",
        "Verksamhetsberättelse",
        "December",
        "Q3",
        "Delrapport 1",
        "Mars",
        "2024-06-15",
        "Juni",
    ]
    ordered = sorted(texts, key=lambda t: EndDate(t).sort_key(2024))
    assert ordered == [
        "Mars",
        "Delrapport 1",
        "2024-06-15",
        "Juni",
        "Q3",
        "December",
        "Verksamhetsberättelse",
        "Förskjuts till 2025",
    ]


def test_constructors_write_what_the_documents_write():
    assert str(EndDate.month(12)) == "December"
    assert str(EndDate.quarter(4)) == "Q4"
    assert str(EndDate.later_year(2026)) == "Förskjuts till 2026"
