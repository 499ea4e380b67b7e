"""What users typed, made harmless for the files Vplan writes.

Every renderer of a file (CSV, Excel, Word, PDF, HTML) passes the texts users wrote through here,
so that a comment or an activity text can neither break a report nor run in a spreadsheet:

- ``xml_safe(text)``: XML 1.0 refuses most control characters, and lxml (Word), openpyxl
  (Excel) and WeasyPrint (PDF) refuse or mangle them. A vertical tab or form feed becomes a line
  break, the other C0 controls (but tab, line feed and carriage return), the non-characters
  U+FFFE and U+FFFF and lone surrogates are dropped. Texts stored before any input rule render.
- ``spreadsheet_cell(value)``: a text for a CSV cell. XML-safe as above, and a text that a
  spreadsheet would read as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return: the OWASP list) gets a single quote in front, so the program shows it as
  text. Numbers, dates and ``None`` pass unchanged: a negative budget figure stays a number.
- ``append_sheet_row(sheet, values)``: a row of an Excel sheet (openpyxl) whose texts are
  XML-safe string cells. A text beginning like a formula is kept as typed but stored as a
  string with Excel's quote prefix, never as a formula.
"""

import dataclasses
import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"

_LINE_BREAKING_CONTROLS = re.compile("[\x0b\x0c]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 cannot carry; vertical tab and form feed become
    line breaks. A clean text is returned as it is."""
    if not _NOT_IN_XML.search(text):
        return text
    return _XML_ILLEGAL.sub("", _LINE_BREAKING_CONTROLS.sub("\n", text))


def xml_safe_or_none(text: str | None) -> str | None:
    return None if text is None else xml_safe(text)


def xml_safe_copy(value: Any) -> Any:
    """The value with every text in it XML-safe: strings, and the strings inside dataclasses,
    lists, tuples and dicts, at any depth (a report model). What needs no change is returned as
    it is, the same object, so a clean report costs one walk and no copies."""
    if isinstance(value, str):
        return xml_safe(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            if not field.init:
                continue
            old = getattr(value, field.name)
            new = xml_safe_copy(old)
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, (list, tuple)):
        items = [xml_safe_copy(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        if isinstance(value, list):
            return items
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        pairs = {key: xml_safe_copy(item) for key, item in value.items()}
        if all(pairs[key] is item for key, item in value.items()):
            return value
        return pairs
    return value


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def spreadsheet_cell(value: Any) -> Any:
    """A value for a CSV cell: a text is XML-safe and, if a spreadsheet would take it for a
    formula, prefixed with a single quote; anything else is returned as it is."""
    if not isinstance(value, str):
        return value
    text = xml_safe(value)
    return CSV_TEXT_PREFIX + text if looks_like_formula(text) else text


def spreadsheet_row(values) -> list:
    return [spreadsheet_cell(value) for value in values]


def sheet_cell(sheet, value: Any):
    """A value for an openpyxl worksheet: a text becomes an XML-safe string cell, never a
    formula (a text beginning like a formula keeps its characters and gets the quote prefix that
    Excel itself sets when one types a leading apostrophe); anything else is returned as it is."""
    if not isinstance(value, str):
        return value
    # openpyxl is imported when a sheet is written, not with the module (every page and command
    # start-up imports this module; openpyxl costs them 0.25 s).
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=xml_safe(value))
    cell.data_type = "s"
    if looks_like_formula(cell.value):
        cell.quotePrefix = True
    return cell


def append_sheet_row(sheet, values) -> None:
    """Append a row to an openpyxl worksheet, every text through ``sheet_cell``."""
    sheet.append([sheet_cell(sheet, value) for value in values])
