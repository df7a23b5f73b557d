"""Optimizers (SGD with momentum, Adam) and learning-rate schedules.

A learning rate is a number or a schedule: a callable from the step index (0, 1, …) to
the rate, such as :func:`linear_decay` or any ``lambda k: ...``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd import Value
from autograd.tape import Held

__all__ = ["SGD", "Adam", "Optimizer", "exponential_decay", "linear_decay"]

Schedule = Callable[[int], float]


def linear_decay(start: float, end: float, steps: int) -> Schedule:
    """From ``start`` at step 0 to ``end`` at step ``steps``, linearly, then ``end``.

    >>> lr = linear_decay(1.0, 0.1, 100); lr(0), lr(50), lr(200)
    (1.0, 0.55, 0.1)
    """
    if steps < 1:
        raise ValueError(f"linear_decay: steps must be >= 1, got {steps!r}")
    return lambda k: end if k >= steps else start + (end - start) * k / steps


def exponential_decay(start: float, rate: float) -> Schedule:
    """``start · rate**k`` at step k.

    >>> exponential_decay(1.0, 0.5)(3)
    0.125
    """
    if not 0.0 < rate <= 1.0:
        raise ValueError(f"exponential_decay: rate must be in (0, 1], got {rate!r}")
    return lambda k: start * rate**k


class Optimizer:
    """Base of the optimizers: holds the parameters and the learning rate or schedule.

    ``params`` is an iterable of Values, or a :class:`autograd.tape.Held` (parameters
    kept in a tape's arrays): then every step is a few NumPy operations on those arrays,
    with the same formulas, so the numbers are the same as the Values would get.
    """

    def __init__(
        self, params: Iterable[Value] | Held, lr: float | Schedule, weight_decay: float
    ) -> None:
        self.held = params if isinstance(params, Held) else None
        self.params = list(params.values if isinstance(params, Held) else params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: no parameters to optimize")
        for i, p in enumerate(self.params):
            if not isinstance(p, Value):
                raise TypeError(
                    f"{type(self).__name__}: parameter {i} must be a Value, not {type(p).__name__}"
                )
        if not callable(lr):
            _check_rate(type(self).__name__, lr)
        if not weight_decay >= 0.0:
            raise ValueError(
                f"{type(self).__name__}: weight_decay must be >= 0, got {weight_decay!r}"
            )
        self.lr = lr
        self.weight_decay = weight_decay
        self.steps = 0

    def current_lr(self) -> float:
        """The learning rate the next :meth:`step` uses."""
        rate = self.lr(self.steps) if callable(self.lr) else self.lr
        _check_rate(f"{type(self).__name__} schedule at step {self.steps}", rate)
        return float(rate)

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` to 0.0 (the held gradients, for a ``Held``)."""
        if self.held is not None:
            self.held.grad[:] = 0.0
            return
        for p in self.params:
            p.grad = 0.0

    def _gradients(self) -> Any:
        """The gradients with weight decay added: a list, or an array for a ``Held``."""
        wd = self.weight_decay
        if self.held is not None:
            return self.held.grad + wd * self.held.data if wd else self.held.grad
        return [p.grad + wd * p.data for p in self.params] if wd else [p.grad for p in self.params]


def _check_rate(who: str, lr: object) -> None:
    if (
        isinstance(lr, bool)
        or not isinstance(lr, (int, float))
        or not (lr > 0 and math.isfinite(lr))
    ):
        raise ValueError(f"{who}: the learning rate must be a positive finite number, got {lr!r}")


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum and weight decay.

    v ← μ·v + (g + λ·p);  p ← p − lr·v   (PyTorch's formulation; μ = 0 is plain SGD).

    >>> w = Value(1.0); w.grad = 0.5
    >>> SGD([w], lr=0.1).step(); w.data
    0.95
    """

    def __init__(
        self,
        params: Iterable[Value] | Held,
        lr: float | Schedule,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"SGD: momentum must be in [0, 1), got {momentum!r}")
        self.momentum = momentum
        self.velocity: Any = np.zeros(len(self.params)) if self.held else [0.0] * len(self.params)

    def step(self) -> None:
        """Move every parameter against its gradient."""
        lr = self.current_lr()
        grads = self._gradients()
        if self.held is not None:
            if self.momentum:
                self.velocity = self.momentum * self.velocity + grads
                grads = self.velocity
            self.held.data -= lr * grads
        else:
            if self.momentum:
                self.velocity = [self.momentum * v + g for v, g in zip(self.velocity, grads)]
                grads = self.velocity
            for p, g in zip(self.params, grads):
                p.data -= lr * g
        self.steps += 1


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015) with bias correction; weight decay adds λ·p to the gradient.

    m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  p ← p − lr·m̂ / (√v̂ + ε)

    >>> w = Value(1.0); w.grad = 0.5
    >>> Adam([w], lr=0.1).step(); round(w.data, 6)     # the first step moves by ≈ lr
    0.9
    """

    def __init__(
        self,
        params: Iterable[Value] | Held,
        lr: float | Schedule = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"Adam: betas must be two numbers in [0, 1), got {betas!r}")
        if not eps > 0.0:
            raise ValueError(f"Adam: eps must be > 0, got {eps!r}")
        self.betas, self.eps = (float(betas[0]), float(betas[1])), eps
        zeros = np.zeros(len(self.params)) if self.held else [0.0] * len(self.params)
        self.m: Any = zeros
        self.v: Any = zeros.copy() if self.held else list(zeros)

    def step(self) -> None:
        """One Adam update of every parameter."""
        lr = self.current_lr()
        b1, b2 = self.betas
        grads = self._gradients()
        k = self.steps + 1
        c1, c2 = 1 - b1**k, 1 - b2**k
        if self.held is not None:
            self.m = b1 * self.m + (1 - b1) * grads
            self.v = b2 * self.v + (1 - b2) * grads * grads
            self.held.data -= lr * (self.m / c1) / (np.sqrt(self.v / c2) + self.eps)
        else:
            self.m = [b1 * m + (1 - b1) * g for m, g in zip(self.m, grads)]
            self.v = [b2 * v + (1 - b2) * g * g for v, g in zip(self.v, grads)]
            for p, m, v in zip(self.params, self.m, self.v):
                p.data -= lr * (m / c1) / (math.sqrt(v / c2) + self.eps)
        self.steps = k
