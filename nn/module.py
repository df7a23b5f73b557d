"""``Module``: the base of every model: named parameters, gradients, and saved state."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from os import PathLike

from autograd import Value

__all__ = ["Module"]


class Module:
    """Something with parameters: a neuron, a layer, a network.

    Subclasses implement :meth:`named_parameters`; everything else builds on it.
    Parameter names are dotted paths (``layers.0.neurons.1.w.2``), stable from run to
    run, and double as the parameters' labels in rendered graphs.
    """

    def named_parameters(self) -> list[tuple[str, Value]]:
        """(dotted name, Value) for every parameter, in a stable order."""
        raise NotImplementedError(f"{type(self).__name__} must define named_parameters()")

    def parameters(self) -> list[Value]:
        """Every parameter, in the order of :meth:`named_parameters`."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` to 0.0 (leaf gradients accumulate otherwise)."""
        for p in self.parameters():
            p.grad = 0.0

    def state_dict(self) -> dict[str, float]:
        """The parameters' values as plain floats keyed by dotted name (JSON-serialisable)."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, float]) -> None:
        """Set every parameter from ``state``, which must name exactly this model's parameters.

        Everything is checked before anything is assigned: on error the model is unchanged.

        Raises:
            ValueError: naming the first missing or unexpected parameter.
            TypeError: naming the first value that is not a finite real number.
        """
        params = self.named_parameters()
        names = [name for name, _ in params]
        known = set(names)
        for name in names:
            if name not in state:
                raise ValueError(
                    f"load_state_dict: missing parameter {name!r} "
                    f"(this {type(self).__name__} has {len(names)}, the state {len(state)})"
                )
        for name in state:
            if name not in known:
                raise ValueError(
                    f"load_state_dict: unexpected parameter {name!r} "
                    f"(this {type(self).__name__} has {len(names)}, the state {len(state)})"
                )
        values = []
        for name in names:
            x = state[name]
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
                raise TypeError(
                    f"load_state_dict: parameter {name!r} must be a finite real number, "
                    f"got {type(x).__name__}: {x!r}"
                )
            values.append(float(x))
        for (_, p), x in zip(params, values):
            p.data = x

    def save(self, path: str | PathLike[str]) -> None:
        """Write :meth:`state_dict` to ``path`` as JSON."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.state_dict(), f, indent=1)

    def load(self, path: str | PathLike[str]) -> None:
        """Read a JSON state written by :meth:`save` and load it (see :meth:`load_state_dict`)."""
        with open(path, encoding="utf-8") as f:
            state = json.load(f)
        if not isinstance(state, dict):
            raise ValueError(f"load: {path} does not hold a state dict (a JSON object)")
        self.load_state_dict(state)
