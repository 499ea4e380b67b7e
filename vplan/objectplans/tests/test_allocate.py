"""Splitting a shared post by an allocation key: exact to the öre, largest remainder."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vplan.objectplans.allocate import AllocationError, allocate

amounts = st.integers(min_value=-(10**14) + 1, max_value=10**14 - 1).map(
    lambda ore: Decimal(ore) / 100
)
weights = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=1000),
        st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
    ),
    min_size=1,
    max_size=12,
).filter(lambda ws: sum(ws) > 0)


def test_the_seed_keys_split_a_post_exactly():
    assert allocate(Decimal("1000.00"), [70, 30]) == [Decimal("700.00"), Decimal("300.00")]
    assert allocate(Decimal("1000.00"), [10, 20, 50, 20]) == [
        Decimal("100.00"),
        Decimal("200.00"),
        Decimal("500.00"),
        Decimal("200.00"),
    ]


def test_left_over_ore_go_to_the_largest_remainders():
    # 0.05 by 70/30: exact 0.035 and 0.015 -> floors 3 and 1 öre, one öre left for the 0.5 vs 0.5
    # remainder tie: the first of the key wins.
    assert allocate(Decimal("0.05"), [70, 30]) == [Decimal("0.04"), Decimal("0.01")]
    # 1.00 by 1/1/1: 33.33.. each, one öre left: the first share takes it.
    assert allocate(Decimal("1.00"), [1, 1, 1]) == [
        Decimal("0.34"),
        Decimal("0.33"),
        Decimal("0.33"),
    ]
    # 10.00 by 1/2 (3.333.. and 6.666..): the larger remainder (0.666.. öre) gets the öre.
    assert allocate(Decimal("10.00"), [1, 2]) == [Decimal("3.33"), Decimal("6.67")]


def test_ties_follow_the_order_of_the_key():
    assert allocate(Decimal("0.01"), [1, 1]) == [Decimal("0.01"), Decimal("0.00")]
    assert allocate(Decimal("0.01"), [0, 1, 1]) == [
        Decimal("0.00"),
        Decimal("0.01"),
        Decimal("0.00"),
    ]


def test_a_negative_post_is_split_like_the_positive_one():
    assert allocate(Decimal("-0.05"), [70, 30]) == [Decimal("-0.04"), Decimal("-0.01")]


@pytest.mark.parametrize(
    "amount, key, message",
    [
        (Decimal("1.005"), [1, 1], "two decimals"),
        (1.5, [1, 1], "Decimal"),
        (Decimal("1.00"), [0.7, 0.3], "int or a Decimal"),
        (Decimal("1.00"), [], "at least one"),
        (Decimal("1.00"), [0, 0], "zero"),
        (Decimal("1.00"), [1, -1], "negative"),
        (Decimal("NaN"), [1, 1], "finite"),
    ],
)
def test_bad_input_is_refused_with_the_reason(amount, key, message):
    with pytest.raises(AllocationError, match=message):
        allocate(amount, key)


@given(amount=amounts, key=weights)
def test_any_post_split_by_any_key_adds_up_exactly(amount, key):
    shares = allocate(amount, key)
    assert len(shares) == len(key)
    assert sum(shares, Decimal(0)) == amount
    assert all(share == share.quantize(Decimal("0.01")) for share in shares)


@given(amount=amounts, key=weights)
def test_each_share_is_within_one_ore_of_its_exact_share(amount, key):
    shares = allocate(amount, key)
    total_weight = sum(Fraction(w) for w in key)
    for share, weight in zip(shares, key, strict=True):
        exact = Fraction(amount) * Fraction(weight) / total_weight
        assert abs(Fraction(share) - exact) < Fraction(1, 100)


@given(amount=amounts, key=weights)
def test_a_zero_weight_gets_nothing(amount, key):
    shares = allocate(amount, key)
    for share, weight in zip(shares, key, strict=True):
        if weight == 0:
            assert share == 0
