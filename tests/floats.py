"""Comparing floats: bit for bit, by units in the last place, or within a rounding bound.

>>> same(0.0, -0.0), same(float("nan"), float("nan"))
(False, True)
>>> ulps(1.0, 1.0 + 2**-52), ulps(-0.0, 0.0)
(1, 0)
"""

from __future__ import annotations

import math
import struct

#: Machine epsilon of a Python float (2**-52): the gap from 1.0 to the next float.
EPS = 2.0**-52


def same(a: float, b: float) -> bool:
    """Equal bit for bit: NaN matches NaN, and 0.0 does not match -0.0."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def ulps(a: float, b: float) -> int | float:
    """How many floats lie between ``a`` and ``b`` (0 for equal numbers, ±0 included);
    ``inf`` when one is NaN or infinite and the other is not the same."""
    if same(a, b) or a == b:
        return 0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    return int(abs(_ordinal(a) - _ordinal(b)))


def _ordinal(x: float) -> int:
    """Position of ``x`` on the number line of floats: consecutive floats differ by 1."""
    bits: int = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits if bits >= 0 else -(bits & 0x7FFF_FFFF_FFFF_FFFF)


def close(got: float, want: float, rel: float, atol: float = 1e-300) -> bool:
    """``|got - want| <= rel·|want| + atol`` for a finite ``want``; equal (NaN matching NaN)
    otherwise, since no tolerance is meaningful around an infinity."""
    if not math.isfinite(want):
        return got == want or (math.isnan(got) and math.isnan(want))
    return abs(got - want) <= rel * abs(want) + atol
