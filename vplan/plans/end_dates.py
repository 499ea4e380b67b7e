"""End dates as the documents write them: a month, a quarter, a reporting point, a date, a later year.

An `EndDate` keeps the text exactly as written (without the asterisk that marks a moved date),
knows what kind of date it is, and sorts by when it falls within (or after) the plan's year.
"""

import datetime
import re
from dataclasses import dataclass
from functools import total_ordering

from vplan.swedish.months import MONTH_NUMBERS, MONTHS

# Reporting points in the yearly cycle and the month they fall in.
REPORTING_POINTS = {
    "delrapport 1": 4,
    "tertialrapport 1": 4,
    "delårsrapport": 8,
    "delrapport 2": 8,
    "tertialrapport 2": 8,
    "delrapport 3": 12,
    "verksamhetsberättelse": 13,  # after December: the year-end report is written in the new year
    "årsredovisning": 13,
}

_QUARTER = re.compile(r"^q([1-4])(?:\s+(\d{4}))?$", re.IGNORECASE)
_MONTH = re.compile(r"^([a-zåäö]+)(?:\s+(\d{4}))?$", re.IGNORECASE)
_LATER_YEAR = re.compile(
    r"^(?:förskjuts|flyttas|skjuts)\s+(?:fram\s+)?till\s+(\d{4})$", re.IGNORECASE
)
_YEAR = re.compile(r"^(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SEVERAL_MONTHS = re.compile(r"^[a-zåäö]+(?:\s*/\s*[a-zåäö]+)+(?:\s+\d{4})?$", re.IGNORECASE)


class Kind:
    MONTH = "month"
    QUARTER = "quarter"
    REPORTING_POINT = "reporting_point"
    DATE = "date"
    LATER_YEAR = "later_year"
    OTHER = "other"


def strip_postponement_mark(text: str) -> tuple[str, bool]:
    """'December*' -> ('December', True): the asterisk marks a moved end date."""
    cleaned = " ".join(text.replace("*", " ").split())
    return cleaned, "*" in text


@total_ordering
@dataclass(frozen=True)
class EndDate:
    text: str

    def __post_init__(self):
        object.__setattr__(self, "text", " ".join(self.text.replace("*", " ").split()))

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __len__(self) -> int:
        return len(self.text)

    @classmethod
    def month(cls, number: int, year: int | None = None) -> "EndDate":
        name = MONTHS[number - 1].capitalize()
        return cls(f"{name} {year}" if year else name)

    @classmethod
    def quarter(cls, number: int, year: int | None = None) -> "EndDate":
        return cls(f"Q{number} {year}" if year else f"Q{number}")

    @classmethod
    def later_year(cls, year: int) -> "EndDate":
        return cls(f"Förskjuts till {year}")

    @classmethod
    def on(cls, date: datetime.date) -> "EndDate":
        return cls(date.isoformat())

    @property
    def kind(self) -> str:
        return self._parse()[0]

    def _parse(self) -> tuple[str, int | None, int]:
        """(kind, explicit year or None, month number 1..13 for sorting)."""
        text = self.text.strip()
        lower = text.lower()
        if match := _ISO_DATE.match(text):
            return Kind.DATE, int(match[1]), int(match[2])
        if match := _QUARTER.match(text):
            return Kind.QUARTER, int(match[2]) if match[2] else None, int(match[1]) * 3
        if match := _LATER_YEAR.match(text):
            return Kind.LATER_YEAR, int(match[1]), 12
        if match := _YEAR.match(text):
            return Kind.LATER_YEAR, int(match[1]), 12
        if lower in REPORTING_POINTS:
            return Kind.REPORTING_POINT, None, REPORTING_POINTS[lower]
        if (match := _MONTH.match(text)) and match[1].lower() in MONTH_NUMBERS:
            return Kind.MONTH, int(match[2]) if match[2] else None, MONTH_NUMBERS[match[1].lower()]
        if _SEVERAL_MONTHS.match(text):
            words = re.findall(r"[a-zåäö]+", lower)
            months = [MONTH_NUMBERS[w] for w in words if w in MONTH_NUMBERS]
            year = re.search(r"\d{4}", text)
            if months:
                return Kind.MONTH, int(year[0]) if year else None, max(months)
        return Kind.OTHER, None, 14

    def sort_key(self, plan_year: int = 0) -> tuple[int, int, int, str]:
        """Sortable (year, month, day, text); a month or quarter counts as its last day, and
        a date without a year falls in the plan's year."""
        kind, year, month = self._parse()
        day = int(self.text[-2:]) if kind == Kind.DATE else 99
        return (year if year is not None else plan_year, month, day, self.text.lower())

    def __lt__(self, other: "EndDate") -> bool:
        return self.sort_key() < other.sort_key()
