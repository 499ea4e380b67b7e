"""Money as the Swedish documents write it, and as the source documents happen to write it.

Amounts are Decimal kronor with two decimals (öre). Swedish formatting groups thousands with a
no-break space and uses a decimal comma: Decimal("23481701") -> "23 481 701,00".
"""

import re
from decimal import Decimal, InvalidOperation

ORE = Decimal("0.01")
NO_BREAK_SPACE = "\u00a0"


def format_sek(amount: Decimal | None, *, separator: str = NO_BREAK_SPACE) -> str:
    """'23 481 701,00' (no-break spaces between thousands); '' for no amount."""
    if amount is None:
        return ""
    if not isinstance(amount, Decimal | int) or isinstance(amount, bool):
        raise TypeError(f"format_sek needs a Decimal, not {type(amount).__name__}")
    amount = Decimal(amount).quantize(ORE)
    sign = "-" if amount < 0 else ""
    whole, _, ore = f"{abs(amount):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{separator.join(groups)},{ore}"


_NUMBER = re.compile(r"^[+-]?[\d\s.,\u00a0\u202f']+$")


def parse_amount(text: str) -> Decimal:
    """Read an amount as written: '23,481,701.00', '23 481 701,00', '7251533.5', '1 000'.

    When both ',' and '.' occur, the last one is the decimal separator. When only one of them
    occurs, it is the decimal separator if it occurs once with one or two digits after it;
    otherwise it groups thousands. Raises ValueError saying what could not be read.
    """
    cleaned = text.strip().replace("kr", "").replace("SEK", "").strip()
    cleaned = cleaned.replace("\u2212", "-")
    if not cleaned or not _NUMBER.match(cleaned):
        raise ValueError(f"Not an amount: {text!r}")
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", cleaned)
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif cleaned.count(",") == 1 and re.search(r",\d{1,2}$", cleaned):
        decimal_mark = ","
    elif cleaned.count(".") == 1 and re.search(r"\.\d{1,2}$", cleaned):
        decimal_mark = "."
    else:
        decimal_mark = None
    thousands = {",", "."} - {decimal_mark}
    for mark in thousands:
        cleaned = cleaned.replace(mark, "")
    if decimal_mark == ",":
        cleaned = cleaned.replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(f"Not an amount: {text!r}") from error
    if amount != amount.quantize(ORE):
        raise ValueError(f"Amount {text!r} is finer than one öre")
    return amount.quantize(ORE)
