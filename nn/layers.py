"""Neurons, layers and multi-layer perceptrons, built only on ``autograd.Value``.

A neuron's pre-activation Σ wᵢxᵢ + b is one ``linear`` node with an edge per input
(not a chain of multiply-adds): the same gradients, a fraction of the nodes and time.
"""

from __future__ import annotations

import numbers
import random
from collections.abc import Callable, Sequence
from typing import TypeAlias, cast

import numpy as np

from autograd import Value, ValueLike, dot, linear
from nn.init import make_rng, weight_bound
from nn.module import Module

__all__ = ["ACTIVATIONS", "MLP", "Layer", "Neuron"]

#: Activation functions by name; "linear" applies none (and adds no node).
ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "linear": None,
}


def _check_activation(activation: str) -> Callable[[Value], Value] | None:
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}"
        )
    return ACTIVATIONS[activation]


def _check_size(what: str, n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{what} must be a positive int, got {n!r}")
    return n


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


#: What a model can be called with: its inputs in order, or one input on its own.
Inputs: TypeAlias = Sequence[ValueLike] | ValueLike


def _check_inputs(who: str, nin: int, x: object) -> list[ValueLike]:
    """``x`` as a list of ``nin`` inputs, or an error saying what ``who`` expected.

    Accepted: a sequence (list, tuple, 1-D NumPy array) of ``nin`` numbers or Values, or,
    when ``nin == 1``, a single number or Value. Only the count and the container are
    checked here; the elements are checked where they become nodes.

    Raises:
        ValueError: the wrong number of inputs, a single one when ``nin > 1``, or an
            array that is not 1-D.
        TypeError: neither a sequence nor a number (None, a set, a dict, a string…).
    """
    expected = "1 input" if nin == 1 else f"{nin} inputs"
    if isinstance(x, (Value, numbers.Real, np.bool_)):
        if nin == 1:
            # numbers.Real (Fraction too) is wider than the ValueLike alias; Value takes it.
            return [cast(ValueLike, x)]
        what = "Value" if isinstance(x, Value) else "number"
        raise ValueError(f"{who} expects {expected}, got a single {what} {x!r}")
    if isinstance(x, np.ndarray) and x.ndim != 1:
        raise ValueError(
            f"{who} expects {expected} as a 1-D sequence, got an array of shape {x.shape}"
        )
    if isinstance(x, (str, bytes)) or not isinstance(x, (Sequence, np.ndarray)):
        one = " (or a single number or Value)" if nin == 1 else ""
        raise TypeError(
            f"{who} expects {expected} as a list, tuple or 1-D array{one}, "
            f"got {type(x).__name__}: {x!r:.60}"
        )
    if len(x) != nin:
        raise ValueError(f"{who} expects {expected}, got {len(x)}")
    return list(x)


class Neuron(Module):
    """One unit: activation(Σ wᵢxᵢ + b).

    Args:
        nin: number of inputs.
        activation: "relu", "tanh", "sigmoid" or "linear".
        bias: whether to add a bias ``b`` (initialised to 0).
        seed, rng: where the initial weights come from (see :func:`nn.init.make_rng`);
            weights are drawn from U(−a, a) with a = :func:`nn.init.weight_bound`.
        name: dotted prefix of the parameter names (set by the enclosing layer).

    >>> n = Neuron(2, activation="tanh", seed=1)
    >>> [name for name, _ in n.named_parameters()]
    ['w.0', 'w.1', 'b']
    >>> n([1.0, -2.0]).op
    'tanh'
    >>> Neuron(1, seed=1)(0.5).op       # one input may come on its own
    'relu'
    """

    def __init__(
        self,
        nin: int,
        activation: str = "relu",
        bias: bool = True,
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        name: str = "",
    ) -> None:
        self.nin = _check_size("Neuron nin", nin)
        self.activation = activation
        self._act = _check_activation(activation)
        gen = make_rng(seed, rng)
        bound = weight_bound(nin, activation)
        self.w = [Value(gen.uniform(-bound, bound), _join(name, f"w.{i}")) for i in range(nin)]
        self.b: Value | None = Value(0.0, _join(name, "b")) if bias else None
        self._name = name

    def __call__(self, x: Inputs) -> Value:
        """activation(Σ wᵢxᵢ + b) for the inputs ``x``; accepted and refused as by :class:`MLP`."""
        if type(x) is not list or len(x) != self.nin:
            x = _check_inputs("Neuron", self.nin, x)
        return self._forward(x)

    def _forward(self, x: Sequence[ValueLike]) -> Value:
        # x is known to hold nin inputs: the caller checked it once for the whole model.
        z = dot(self.w, x) if self.b is None else linear(self.w, x, self.b)
        return z if self._act is None else self._act(z)

    def named_parameters(self) -> list[tuple[str, Value]]:
        """``w.0 … w.{nin-1}`` then ``b`` (if any), under the neuron's prefix."""
        params = [(_join(self._name, f"w.{i}"), w) for i, w in enumerate(self.w)]
        if self.b is not None:
            params.append((_join(self._name, "b"), self.b))
        return params

    def __repr__(self) -> str:
        bias = "" if self.b is not None else ", bias=False"
        return f"Neuron({self.nin}, activation={self.activation!r}{bias})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs.

    Calling it returns a list of ``nout`` Values, or a single Value when ``nout == 1``.

    >>> layer = Layer(3, 2, seed=0)
    >>> len(layer([1, 2, 3])), layer.named_parameters()[4][0]
    (2, 'neurons.1.w.0')
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        bias: bool = True,
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        name: str = "",
    ) -> None:
        _check_size("Layer nin", nin)
        _check_size("Layer nout", nout)
        _check_activation(activation)
        gen = make_rng(seed, rng)
        self.nin, self.nout, self.activation = nin, nout, activation
        self.neurons = [
            Neuron(nin, activation, bias, rng=gen, name=_join(name, f"neurons.{j}"))
            for j in range(nout)
        ]

    def __call__(self, x: Inputs) -> Value | list[Value]:
        """Every neuron's output, or the single output when the layer has one neuron.

        ``x`` is accepted and refused as by :class:`MLP`.
        """
        if type(x) is not list or len(x) != self.nin:
            x = _check_inputs("Layer", self.nin, x)
        out = self._forward(x)
        return out[0] if len(out) == 1 else out

    def _forward(self, x: Sequence[ValueLike]) -> list[Value]:
        return [n._forward(x) for n in self.neurons]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Each neuron's parameters in turn (``neurons.{j}.w.{i}``, ``neurons.{j}.b``)."""
        return [pair for n in self.neurons for pair in n.named_parameters()]

    def __repr__(self) -> str:
        return f"Layer({self.nin}, {self.nout}, activation={self.activation!r})"


class MLP(Module):
    """A multi-layer perceptron: layers of sizes ``nouts`` applied in turn.

    Args:
        nin: number of inputs.
        nouts: the size of each layer, the last one being the output.
        activation: the hidden layers' activation.
        output_activation: the last layer's activation ("linear" by default, for scores
            fed to a loss).
        bias, seed, rng: as for :class:`Neuron`; one generator initialises every layer.

    >>> model = MLP(2, [16, 16, 1], seed=0)
    >>> model
    MLP(2, [16, 16, 1], activation='relu', output_activation='linear')
    >>> len(model.parameters()), model.named_parameters()[-1][0]
    (337, 'layers.2.neurons.0.b')
    >>> model([0.5, -1.0]).op          # one output: a single Value
    'linear'
    >>> MLP(1, [4, 1], seed=0)(0.5).op  # one input may come on its own
    'linear'
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        bias: bool = True,
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
    ) -> None:
        _check_size("MLP nin", nin)
        if isinstance(nouts, (int, str)) or len(nouts) == 0:
            raise ValueError(f"MLP nouts must be a non-empty list of layer sizes, got {nouts!r}")
        for n in nouts:
            _check_size("every MLP layer size", n)
        _check_activation(activation)
        _check_activation(output_activation)
        gen = make_rng(seed, rng)
        sizes = [nin, *nouts]
        self.nin, self.nouts = nin, list(nouts)
        self.activation, self.output_activation = activation, output_activation
        self.layers = [
            Layer(
                sizes[i],
                sizes[i + 1],
                output_activation if i == len(nouts) - 1 else activation,
                bias,
                rng=gen,
                name=f"layers.{i}",
            )
            for i in range(len(nouts))
        ]

    def __call__(self, x: Inputs) -> Value | list[Value]:
        """The network's output: a list, or a single Value when the last layer has one.

        Args:
            x: ``nin`` numbers or Values (list, tuple or 1-D array); a single one on its
                own when ``nin == 1``.

        Raises:
            ValueError: if ``x`` does not hold ``nin`` inputs (a single number counts as
                one), or is an array that is not 1-D.
            TypeError: if ``x`` is neither a sequence nor a number (None, a set, a dict,
                a string).
            Both are raised before any node is built.
        """
        # Checked once per call, not per layer or neuron: every later size is right by
        # construction.
        if type(x) is not list or len(x) != self.nin:
            x = _check_inputs("MLP", self.nin, x)
        out = self.layers[0]._forward(x)
        for layer in self.layers[1:]:
            out = layer._forward(out)
        return out[0] if len(out) == 1 else out

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Every layer's parameters in turn (``layers.{l}.neurons.{j}.w.{i}``…)."""
        return [pair for layer in self.layers for pair in layer.named_parameters()]

    def __repr__(self) -> str:
        return (
            f"MLP({self.nin}, {self.nouts}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r})"
        )
