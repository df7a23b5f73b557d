"""Reproducible initialisation: random generators from a seed, and fan-in scaled weights."""

from __future__ import annotations

import math
import random

__all__ = ["make_rng", "weight_bound"]


def make_rng(seed: int | None = None, rng: random.Random | None = None) -> random.Random:
    """The generator to draw from: ``rng`` if given, else a new one seeded with ``seed``.

    With neither, ``seed`` defaults to 0, so an unseeded model is still reproducible.

    >>> make_rng(1).random() == make_rng(1).random()
    True
    """
    if rng is not None and seed is not None:
        raise ValueError("pass either seed or rng, not both")
    if rng is not None:
        if not isinstance(rng, random.Random):
            raise TypeError(f"rng must be a random.Random, not {type(rng).__name__}")
        return rng
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}: {seed!r}")
    return random.Random(0 if seed is None else seed)


def weight_bound(nin: int, activation: str) -> float:
    """Half-width of the uniform distribution a neuron's weights are drawn from.

    Scaled by fan-in so the pre-activation Σ wᵢxᵢ keeps the variance of its inputs from
    layer to layer: U(−a, a) has variance a²/3, so a = √(3·gain/nin) gives Var(w) =
    gain/nin. gain = 2 for relu (He et al., 2015: relu zeroes half its inputs, halving
    the variance) and 1 otherwise (LeCun). micrograd's U(−1, 1) instead grows the
    pre-activations with √nin and saturates tanh and sigmoid in wide layers.

    >>> weight_bound(6, "relu")
    1.0
    """
    gain = 2.0 if activation == "relu" else 1.0
    return math.sqrt(3.0 * gain / nin)
