from decimal import Decimal

import pytest

from vplan.objectplans.money import format_sek, parse_amount

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "amount, written",
    [
        (Decimal("23481701"), "23 481 701,00"),
        (Decimal("8756558.5"), "8 756 558,50"),
        (Decimal("0.5"), "0,50"),
        (Decimal("999"), "999,00"),
        (Decimal("1000"), "1 000,00"),
        (Decimal("-1234.56"), "-1 234,56"),
    ],
)
def test_amounts_are_written_the_swedish_way(amount, written):
    assert format_sek(amount) == written.replace(" ", NBSP)


def test_no_amount_is_written_as_nothing():
    assert format_sek(None) == ""


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        format_sek(1.5)


@pytest.mark.parametrize(
    "written, amount",
    [
        ("23,481,701.00", "23481701.00"),
        ("23 481 701,00", "23481701.00"),
        (f"23{NBSP}481{NBSP}701,00", "23481701.00"),
        ("7251533.5", "7251533.50"),
        ("1 000", "1000.00"),
        ("1,5", "1.50"),
        ("1,000", "1000.00"),
        ("-273,000.00", "-273000.00"),
    ],
)
def test_amounts_are_read_as_written(written, amount):
    assert parse_amount(written) == Decimal(amount)


@pytest.mark.parametrize("written", ["", "tjugo", "1.2.3,4,5x", "1.005,123"])
def test_what_is_not_an_amount_is_refused(written):
    with pytest.raises(ValueError):
        parse_amount(written)
