"""The benchmark suite's engines compute the same training step (no timing here: the
suite itself is run with ``python -m benchmarks``)."""

from __future__ import annotations

import importlib.util

import pytest

from benchmarks.engines import Chainrule, ChainruleBinaryNodes, Micrograd, PlainFloats, Torch
from benchmarks.moons import initial_weights, make_moons

ENGINES = [PlainFloats, ChainruleBinaryNodes]
ENGINES += [Micrograd] if importlib.util.find_spec("micrograd") else []
ENGINES += [Torch] if importlib.util.find_spec("torch") else []


@pytest.mark.parametrize("other", ENGINES, ids=lambda e: e.name)
def test_every_engine_takes_the_same_two_steps_as_chainrule(other: type) -> None:
    xs, ys = make_moons(20)
    reference = Chainrule(initial_weights(), xs, ys)
    engine = other(initial_weights(), xs, ys)
    for _ in range(2):
        assert engine.step() == pytest.approx(reference.step(), abs=1e-12)


def test_chainrule_model_is_one_linear_node_per_neuron_then_relu() -> None:
    xs, ys = make_moons(1)
    loss = Chainrule(initial_weights(), xs, ys).build()
    from autograd import topological_order

    ops = [v.op for v in topological_order(loss) if v.op]
    assert ops.count("linear") == 16 + 16 + 1
    assert ops.count("relu") == 16 + 16 + 1  # the hidden neurons, and the hinge
