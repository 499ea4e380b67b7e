"""The text parsers raise nothing but ImportFormatError, whatever text they are given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vplan.imports.detect import parse_text
from vplan.imports.parsed import ImportFormatError, ParsedDocument

# Pieces of the reports' structure, so generated text reaches the parsers' deeper paths.
FRAGMENTS = [
    "Nämndmål",
    "Aktivitet",
    "Nämnd",
    "Slutdatum",
    "Status",
    "Kommentar",
    "Samhälle",
    "Medborgare",
    "Kommunövergripande mål: ",
    "Strategiskt utvecklingsuppdrag: ",
    "(Kommungemensamt strategiskt utvecklingsuppdrag 7)",
    "BiN",
    "BoU och BIN",
    "December*",
    "Q4",
    "Förskjuts till 2031*",
    "Genomfört",
    "Pågående",
    "PågåendeÖversikt",
    "Kvarstår från 2029",
    "● ",
    "○ ",
    "- ",
    "<b>",
    "</b>",
    "<ul><li>",
    "</li></ul>",
    "<sup>1</sup>",
    "\t",
    "\n",
    "\n\n",
    " ",
    ".",
    "Ett mål",
    "en aktivitet som görs",
]

structured = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map(
    "".join
)


def _parse_or_refuse(text: str) -> None:
    try:
        result = parse_text(text, source="fuzz.txt")
    except ImportFormatError as error:
        assert "fuzz.txt" in str(error)
        return
    assert isinstance(result, ParsedDocument)
    result.to_schema_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_raises_only_import_errors(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structured)
def test_report_like_text_raises_only_import_errors(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join), max_size=12))
def test_tab_tables_raise_only_import_errors(cells: list[str]) -> None:
    header = "Nämndmål\tAktivitet\tNämnd\tSlutdatum\tStatus\tKommentar\n"
    _parse_or_refuse(header + "\t".join(cells) + "\n" + "\n".join(cells))
