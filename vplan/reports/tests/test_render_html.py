"""The HTML report, read back with html.parser."""

import pytest

from vplan.reports.formats import produce_report
from vplan.reports.tests.html_tree import parse_html

COLUMNS = ["Nämndmål", "Aktivitet", "Nämnd", "Slutdatum", "Status", "Kommentar"]


@pytest.fixture
def page(report_data):
    produced = produce_report(round=report_data.round, format="html", language="sv")
    assert produced.content_type == "text/html; charset=utf-8"
    return parse_html(produced.content.decode("utf-8"))


def _activity_tables(page):
    return [t for t in page.iter("table") if "activities" in t.attrs.get("class", "")]


def test_document_has_title_language_and_one_h1(page):
    html = page.find("html")
    assert html.attrs["lang"] == "sv"
    assert page.find("title").text == "Uppföljning av Testförvaltningens verksamhetsplan 2024"
    assert [h.clean_text() for h in page.iter("h1")] == [
        "Uppföljning av Testförvaltningens verksamhetsplan 2024"
    ]
    assert [h.clean_text() for h in page.iter("h2")] == [
        "Innehåll",
        "Inledning",
        "Sammanfattning",
        "Strategiska utvecklingsuppdrag",
        "Samhälle",
        "Medborgare",
    ]
    assert "Kommunövergripande mål: Skolor där fler klarar kunskapsmålen" in [
        h.clean_text() for h in page.iter("h3")
    ]


def test_stylesheet_embedded_for_the_standalone_file_and_nothing_inline(page):
    assert page.find("style") is not None
    assert page.find("script") is None
    assert not [e for e in page.iter() if "style" in e.attrs]


def test_table_headers_and_one_row_per_placement(page):
    society, citizens = _activity_tables(page)
    for table in (society, citizens):
        headers = [th.clean_text() for th in table.find("thead").iter("th")]
        assert headers == COLUMNS
        assert all(th.attrs["scope"] == "col" for th in table.find("thead").iter("th"))

    rows = [
        tr
        for table in (society, citizens)
        for tbody in table.iter("tbody")
        for tr in tbody.iter("tr")
    ]
    activity_rows = [tr for tr in rows if "assignment" not in tr.attrs.get("class", "")]
    direct = [tr for tr in rows if "utvecklingsuppdrag 22" in tr.clean_text()]
    assert len(activity_rows) + len(direct) == 8

    reading = next(tr for tr in rows if "Stärka läsförståelsen" in tr.clean_text())
    goal = reading.find("th")
    assert goal.attrs["scope"] == "rowgroup"
    assert goal.attrs["rowspan"] == "4"
    assert goal.find("strong").text == "Maximalt lärande"
    cells = [td.clean_text() for td in reading.iter("td")]
    assert cells == [
        "Stärka läsförståelsen i årskurs 1–3",
        "BoU",
        "December*",
        "Genomfört",
        "Klart före sommaren – även för förskoleklass.",
    ]


def test_carry_over_marker_footnotes_and_legend(page):
    text = page.clean_text()
    carried = next(td for td in page.iter("td") if "Följa upp språkutvecklingen" in td.text)
    assert carried.find("em").text == "Kvarstår från 2023"
    assert page.find("li", id="fn-1").clean_text() == (
        "1 Aktiviteten står även under nämndmål ”Likvärdiga möjligheter”."
    )
    assert page.find("a", href="#fn-2") is not None
    assert "En asterisk (*) efter slutdatumet betyder" in text


def test_spanning_assignment_row(page):
    society, _ = _activity_tables(page)
    row = next(tr for tr in society.iter("tr") if "assignment" in tr.attrs.get("class", ""))
    cell = row.find("td", colspan="5")
    assert cell.find("strong").text == "Samtliga nämnder ska motverka segregation."
    assert "(Kommungemensamt strategiskt utvecklingsuppdrag 2)" in cell.clean_text()


def test_chart_is_an_accessible_svg_with_the_table_as_text_alternative(page):
    svg = page.find("svg")
    assert svg.attrs["role"] == "img"
    labelled_by = svg.attrs["aria-labelledby"].split()
    assert svg.find("title", id=labelled_by[0]).text == (
        "Aktiviteter per statuskategori och perspektiv"
    )
    assert svg.find("desc", id=labelled_by[1]).text == "Samma siffror finns som text i tabellen."
    table = page.find("table", id="summary-perspectives")
    rows = [
        [c.clean_text() for c in tr.children if not isinstance(c, str)] for tr in table.iter("tr")
    ]
    assert rows[0] == [
        "Perspektiv",
        "Genomfört",
        "Pågående",
        "Ej påbörjat",
        "Avbrutet",
        "Ej rapporterat",
        "Totalt",
    ]
    assert rows[-1] == ["Totalt", "2", "2", "1", "1", "1", "7"]
