"""Splitting a shared budget post between boards so that the shares add up exactly, to the öre.

The rule (largest remainder, also called Hamilton's method), for an amount in kronor with at most
two decimals and non-negative weights such as 70/30 or 10/20/50/20:

1. Work in öre, with exact fractions: the exact share of weight w is amount * w / sum(weights).
2. Give every share its exact value floored to a whole öre.
3. The öre that are left over (always fewer than the number of shares) are handed out one at a
   time to the shares with the largest remainders, that is the largest fractional part cut off
   in step 2; when two remainders are equal, the share that comes first in the key wins.

So the shares always add up exactly to the post, and each share is within one öre of its exact
share (it is the exact share floored, or floored plus one öre). A negative amount (a reduction)
is split as the positive amount and every share negated, so splitting is symmetric.
No floats are involved anywhere: amounts are Decimal, the arithmetic is on integers and Fractions.
"""

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

ORE = Decimal("0.01")


class AllocationError(ValueError):
    """The amount or the weights cannot be split (what is wrong is in the message)."""


def _as_fraction(weight) -> Fraction:
    if isinstance(weight, bool) or isinstance(weight, float):
        raise AllocationError(
            f"Weight {weight!r} must be an int or a Decimal, not {type(weight).__name__}."
        )
    if isinstance(weight, int | Decimal | Fraction):
        if isinstance(weight, Decimal) and not weight.is_finite():
            raise AllocationError(f"Weight {weight!r} is not a finite number.")
        return Fraction(weight)
    raise AllocationError(f"Weight {weight!r} must be an int or a Decimal.")


def amount_in_ore(amount: Decimal) -> int:
    """Decimal('1234.50') -> 123450; refuses floats and amounts finer than one öre."""
    if not isinstance(amount, Decimal | int) or isinstance(amount, bool):
        raise AllocationError(f"Amount {amount!r} must be a Decimal, not {type(amount).__name__}.")
    amount = Decimal(amount)
    if not amount.is_finite():
        raise AllocationError(f"Amount {amount!r} is not a finite number.")
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise AllocationError(f"Amount {amount} has more than two decimals (finer than one öre).")
    return int(ore)


def allocate(amount: Decimal, weights: Sequence[int | Decimal]) -> list[Decimal]:
    """Split `amount` by `weights`, largest remainder to the öre; the shares sum to `amount`.

    >>> allocate(Decimal("100.00"), [1, 1, 1])
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    >>> allocate(Decimal("1000.01"), [70, 30])
    [Decimal('700.01'), Decimal('300.00')]
    """
    if not weights:
        raise AllocationError("An allocation key needs at least one weight.")
    fractions = [_as_fraction(weight) for weight in weights]
    if any(weight < 0 for weight in fractions):
        raise AllocationError(f"Weights must not be negative: {list(weights)!r}.")
    if sum(fractions) == 0:
        raise AllocationError(f"The weights add up to zero: {list(weights)!r}.")

    ore = amount_in_ore(amount)
    sign, ore = (-1, -ore) if ore < 0 else (1, ore)

    # Whole-number weights with the same proportions, so every share is an integer division:
    # share i is exactly ore * w_i / W öre, its floor ore * w_i // W and its remainder the rest.
    scale = math.lcm(*(weight.denominator for weight in fractions))
    whole = [int(weight * scale) for weight in fractions]
    total = sum(whole)
    floors = [ore * weight // total for weight in whole]
    remainders = [ore * weight % total for weight in whole]
    left_over = ore - sum(floors)
    # Largest remainder first; equal remainders in the key's order (the index breaks the tie).
    by_remainder = sorted(range(len(whole)), key=lambda i: (-remainders[i], i))
    for index in by_remainder[:left_over]:
        floors[index] += 1
    return [(Decimal(sign * share) * ORE).quantize(ORE) for share in floors]
