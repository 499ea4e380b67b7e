"""The Swedish month names, lower case as a sentence writes them ('per den 31 mars').

The one list that end dates, the report importer and the object-plan reader read dates by.
"""

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
