"""nn against finite differences and against the seed notebooks' hand-derived backprop,
for random sizes, weights and inputs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import NonDifferentiablePointWarning, gradcheck
from nn import ACTIVATIONS, MLP, half_squared_error

from seed_reference import sigmoid_mlp_backprop

sizes = st.lists(st.integers(1, 4), min_size=1, max_size=3)


@given(
    nin=st.integers(1, 3),
    nouts=sizes,
    activation=st.sampled_from(sorted(ACTIVATIONS)),
    output_activation=st.sampled_from(sorted(ACTIVATIONS)),
    bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_parameter_gradient_matches_finite_differences(
    nin: int, nouts: list[int], activation: str, output_activation: str, bias: bool, seed: int
) -> None:
    model = MLP(nin, nouts, activation, output_activation, bias, seed=seed % 2**16)
    # Parameters, inputs and targets drawn from a seeded generator (not by Hypothesis,
    # which favours exact zeros): a relu pre-activation lands exactly on its kink with
    # probability zero, where gradcheck could only report a non-differentiable point.
    rng = np.random.default_rng(seed)
    point = list(rng.uniform(-1.5, 1.5, len(model.parameters())))
    x = list(rng.uniform(-2, 2, nin))
    y = list(rng.uniform(-1, 1, nouts[-1]))

    def loss(*values):  # type: ignore[no-untyped-def]
        # The model's graph, built on the Values gradcheck passes in for its parameters.
        return half_squared_error(_forward_with(model, list(values), x), y)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonDifferentiablePointWarning)  # relu at exactly 0
        assert gradcheck(loss, point, atol=1e-5)


def _forward_with(model: MLP, values: list, x: list[float]):  # type: ignore[no-untyped-def,type-arg]
    """model(x) with its parameters replaced by ``values`` (same order)."""
    originals = [(n, n.w, n.b) for layer in model.layers for n in layer.neurons]
    it = iter(values)
    try:
        for n, w, b in originals:
            n.w = [next(it) for _ in w]
            n.b = next(it) if b is not None else None
        out = model(x)
    finally:
        for n, w, b in originals:
            n.w, n.b = w, b
    return out if isinstance(out, list) else [out]


@given(
    layer_sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
    bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_sigmoid_networks_match_the_seeds_hand_derived_backprop(
    layer_sizes: list[int], bias: bool, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    nin, nouts = layer_sizes[0], layer_sizes[1:]
    sizes_ = [nin, *nouts]
    weights = [rng.uniform(-2, 2, (sizes_[k + 1], sizes_[k])) for k in range(len(nouts))]
    biases = [rng.uniform(-1, 1, n) for n in nouts] if bias else None
    x, y = rng.uniform(-2, 2, nin), rng.uniform(0, 1, nouts[-1])

    model = MLP(nin, nouts, "sigmoid", "sigmoid", bias=bias)
    state = {}
    for k, w in enumerate(weights):
        for j, row in enumerate(w):
            for i, value in enumerate(row):
                state[f"layers.{k}.neurons.{j}.w.{i}"] = float(value)
            if biases is not None:
                state[f"layers.{k}.neurons.{j}.b"] = float(biases[k][j])
    model.load_state_dict(state)
    out = model(list(x))
    loss = half_squared_error(out, list(y))
    loss.backward()

    ref = sigmoid_mlp_backprop(weights, biases, x, y)
    assert loss.data == pytest.approx(ref["E"], rel=1e-12, abs=1e-300)
    for k, layer in enumerate(model.layers):
        for j, neuron in enumerate(layer.neurons):
            got = [w.grad for w in neuron.w]
            assert got == pytest.approx(list(ref["dW"][k][j]), rel=1e-9, abs=1e-15)
            if neuron.b is not None:
                assert neuron.b.grad == pytest.approx(ref["db"][k][j], rel=1e-9, abs=1e-15)
