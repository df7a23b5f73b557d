"""Loss functions of Values: each returns one Value to call ``backward()`` on.

Predictions and targets may be single Values/numbers or equal-length sequences; a size
mismatch raises ``ValueError`` with both sizes.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Value, ValueLike, sum_of

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "half_squared_error",
    "hinge",
    "l2",
    "mse",
    "softmax",
    "softmax_cross_entropy",
]

Values = ValueLike | Sequence[ValueLike]


def _pairs(name: str, predictions: Values, targets: Values) -> list[tuple[Value, ValueLike]]:
    preds = [predictions] if not isinstance(predictions, Sequence) else list(predictions)
    tgts = [targets] if not isinstance(targets, Sequence) else list(targets)
    if len(preds) != len(tgts):
        raise ValueError(f"{name}: {len(preds)} predictions but {len(tgts)} targets")
    if not preds:
        raise ValueError(f"{name}: no predictions")
    return [(p if isinstance(p, Value) else Value(p), t) for p, t in zip(preds, tgts)]


def mse(predictions: Values, targets: Values) -> Value:
    """Mean squared error: (1/n) Σ (ŷᵢ − yᵢ)².

    >>> mse([Value(1.0), Value(3.0)], [0.0, 1.0]).data
    2.5
    """
    pairs = _pairs("mse", predictions, targets)
    return sum_of([(p - t) ** 2 for p, t in pairs]) * (1.0 / len(pairs))


def half_squared_error(predictions: Values, targets: Values) -> Value:
    """The seed notebooks' E = ½ Σ (yᵢ − ŷᵢ)², whose gradient is ŷ − y.

    >>> half_squared_error(Value(0.5), 1.0).data
    0.125
    """
    pairs = _pairs("half_squared_error", predictions, targets)
    return sum_of([(t - p) ** 2 for p, t in pairs]) * 0.5


def hinge(scores: Values, labels: Values) -> Value:
    """Max-margin loss (1/n) Σ max(0, 1 − yᵢ·sᵢ) for labels yᵢ in {−1, +1}.

    >>> hinge([Value(2.0), Value(0.5)], [1, 1]).data
    0.25
    """
    pairs = _pairs("hinge", scores, labels)
    for _, y in pairs:
        if float(y) not in (-1.0, 1.0):
            raise ValueError(f"hinge: labels must be -1 or +1, got {float(y)!r}")
    return sum_of([(1.0 - s * y).relu() for s, y in pairs]) * (1.0 / len(pairs))


def _softplus(z: Value) -> Value:
    # log(1 + eᶻ) = max(z, 0) + log(1 + e^−|z|): exp never sees a positive argument.
    magnitude = z.relu() + (-z).relu()
    return z.relu() + (1.0 + (-magnitude).exp()).log()


def binary_cross_entropy_with_logits(logits: Values, targets: Values) -> Value:
    """(1/n) Σ [softplus(zᵢ) − tᵢ zᵢ]: cross-entropy of σ(z) against t ∈ [0, 1].

    Stable for any logit (no overflow at z = ±1000). Prefer it to
    :func:`binary_cross_entropy` on probabilities.

    >>> round(binary_cross_entropy_with_logits(Value(0.0), 1.0).data, 6)   # log 2
    0.693147
    """
    pairs = _pairs("binary_cross_entropy_with_logits", logits, targets)
    return sum_of([_softplus(z) - z * t for z, t in pairs]) * (1.0 / len(pairs))


def binary_cross_entropy(probabilities: Values, targets: Values) -> Value:
    """−(1/n) Σ [tᵢ log pᵢ + (1 − tᵢ) log(1 − pᵢ)] for probabilities pᵢ in (0, 1).

    Raises:
        ValueError: if a probability is not strictly between 0 and 1 (use
            :func:`binary_cross_entropy_with_logits` on logits instead).

    >>> round(binary_cross_entropy(Value(0.5), 1.0).data, 6)
    0.693147
    """
    pairs = _pairs("binary_cross_entropy", probabilities, targets)
    for p, _ in pairs:
        if not 0.0 < p.data < 1.0:
            raise ValueError(
                f"binary_cross_entropy: probabilities must be in (0, 1), got {p.data!r}; "
                "for logits use binary_cross_entropy_with_logits"
            )
    terms = [p.log() * t + (1.0 - p).log() * (1.0 - float(t)) for p, t in pairs]
    return sum_of(terms) * (-1.0 / len(pairs))


def softmax(logits: Sequence[ValueLike]) -> list[Value]:
    """e^zᵢ / Σⱼ e^zⱼ, computed as e^(zᵢ − m) / Σⱼ e^(zⱼ − m) with m = max z (a constant):
    the same function, and exp never overflows.

    >>> [round(p.data, 6) for p in softmax([Value(2.0), Value(4.0), Value(5.0)])]
    [0.035119, 0.259496, 0.705385]
    """
    zs = [z if isinstance(z, Value) else Value(z) for z in logits]
    if not zs:
        raise ValueError("softmax: no logits")
    m = max(z.data for z in zs)
    exps = [(z - m).exp() for z in zs]
    total = sum_of(exps)
    return [e / total for e in exps]


def softmax_cross_entropy(logits: Sequence[ValueLike], target: int) -> Value:
    """−log softmax(z)[target] = logsumexp(z) − z_target, shifted by max z for stability.

    Raises:
        ValueError: if ``target`` is not an index of ``logits``.

    >>> round(softmax_cross_entropy([Value(1000.0), Value(0.0)], 1).data, 6)
    1000.0
    """
    zs = [z if isinstance(z, Value) else Value(z) for z in logits]
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(zs):
        raise ValueError(
            f"softmax_cross_entropy: target must be a class index in [0, {len(zs)}), got {target!r}"
        )
    m = max(z.data for z in zs)
    log_sum_exp = sum_of([(z - m).exp() for z in zs]).log() + m
    return log_sum_exp - zs[target]


def l2(parameters: Sequence[Value]) -> Value:
    """Σ p², the L2 penalty (multiply by a strength, e.g. ``1e-4 * l2(model.parameters())``).

    >>> l2([Value(3.0), Value(4.0)]).data
    25.0
    """
    return sum_of([p * p for p in parameters])
