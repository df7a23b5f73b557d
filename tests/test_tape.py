"""The tape replays exactly what the scalar engine computes: values, gradients, errors.

Every comparison is with the scalar engine on the same graph: forward values and leaf
gradients agree to 1e-12 relative (the tape may sum in another order), batched replays
agree with one scalar run per row, and bad input raises what the scalar engine raises.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import Value, apply, linear, primitive, sum_of
from autograd.graph import record
from autograd.primitives import PRIMITIVES
from autograd.strategies import Expression, expressions
from autograd.tape import Held, Tape

from seed_reference import (
    NET_000_TARGET,
    NET_000_WEIGHTS,
    NET_000_X,
    SEED_003_INPUTS,
    seed_003_relu_weights,
)
from seed_values import relu_net, sigmoid_mlp


def close(got: float, want: float, scale: float = 0.0) -> bool:
    """Equal to 1e-12 relative, or to 1e-12 of ``scale`` (the size of terms that cancel)."""
    return abs(got - want) <= 1e-12 * max(abs(want), scale) or got == want


def moons_loss(model: nn.MLP, n: int = 100) -> tuple[Value, list[Value]]:
    """micrograd's moons loss: hinge over ``n`` samples plus 1e-4 · L2, inputs as leaves."""
    points, labels = nn.make_moons(n, noise=0.1, seed=1337)
    inputs = [[Value(a, "x0"), Value(b, "x1")] for a, b in points.tolist()]
    scores = [model(x) for x in inputs]
    losses = [(1 + -y * s).relu() for y, s in zip(labels.tolist(), scores)]
    params = model.parameters()
    loss = sum_of(losses) * (1.0 / n) + 1e-4 * sum_of([p * p for p in params])
    return loss, [v for row in inputs for v in row]


# ---------------------------------------------------------------- the moons step


def test_moons_step_forward_and_gradients_equal_the_scalar_engine() -> None:
    model = nn.MLP(2, [16, 16, 1], seed=3)
    loss, _ = moons_loss(model)
    params = model.parameters()
    loss.backward()
    want = [p.grad for p in params]
    tape = Tape(loss)
    model.zero_grad()
    assert tape.forward() == pytest.approx(loss.data, rel=1e-12)
    tape.backward()
    for p, g in zip(params, want):
        assert close(p.grad, g, scale=1e-3), (p.label, p.grad, g)


def test_moons_training_through_a_tape_follows_the_scalar_training() -> None:
    scalar_model, tape_model = nn.MLP(2, [16, 16, 1], seed=5), nn.MLP(2, [16, 16, 1], seed=5)
    tape_loss, _ = moons_loss(tape_model, 40)
    tape = Tape(tape_loss)
    held = tape.hold(tape_model.parameters())
    tape_opt = nn.SGD(held, lr=0.5, momentum=0.9)
    scalar_opt = nn.SGD(scalar_model.parameters(), lr=0.5, momentum=0.9)
    for _ in range(5):
        loss, _ = moons_loss(scalar_model, 40)  # the scalar engine rebuilds every step
        scalar_opt.zero_grad()
        loss.backward()
        scalar_opt.step()
        got = tape.forward()
        tape_opt.zero_grad()
        tape.backward()
        tape_opt.step()
        assert close(got, loss.data)
    held.sync()
    for a, b in zip(tape_model.parameters(), scalar_model.parameters()):
        assert close(a.data, b.data, scale=1.0)


def test_a_tape_reads_the_leaves_current_data_at_every_forward() -> None:
    model = nn.MLP(2, [4, 1], seed=0)
    loss, inputs = moons_loss(model, 8)
    tape = Tape(loss)
    for p in model.parameters():
        p.data *= 0.5
    inputs[0].data = 3.0
    rebuilt = sum_of(
        [
            (1 + -y * model(x)).relu()
            for x, y in zip(
                [[inputs[2 * i], inputs[2 * i + 1]] for i in range(8)],
                nn.make_moons(8, noise=0.1, seed=1337)[1].tolist(),
            )
        ]
    ) * (1.0 / 8) + 1e-4 * sum_of([p * p for p in model.parameters()])
    assert close(tape.forward(), rebuilt.data)
    assert loss.data == tape.forward()  # the output's .data is updated too


# ---------------------------------------------------------------- any expression


@given(expressions(max_steps=10))
def test_random_expressions_replay_as_the_scalar_engine_computes(expr: Expression) -> None:
    leaves = [Value(x) for x in expr.inputs]
    out = expr(*leaves)
    out.backward()
    want = [v.grad for v in leaves]
    scale = max([abs(out.data), *map(abs, want), 1.0]) * 1e3  # terms that may cancel
    tape = Tape(out)
    for v in leaves:
        v.grad = 0.0
    assert close(tape.forward(), out.data, scale)
    tape.backward()
    for v, g in zip(leaves, want):
        assert close(v.grad, g, scale)


def rebuild(output: Value, data: dict[int, float]) -> Value:
    """The graph below ``output`` built again node by node with the scalar engine's
    ``apply``, its leaves holding ``data`` (by ``id``) where given."""
    recording = record(output)
    made: list[Value] = []
    for node, ins in zip(recording.nodes, recording.inputs):
        if not ins:
            made.append(Value(data.get(id(node), node.data)))
        else:
            assert node.primitive is not None
            made.append(apply(node.primitive, *(made[i] for i in ins)))
    return made[-1]


@given(expressions(max_steps=8), st.floats(-3, 3))
def test_random_expressions_at_new_inputs_raise_or_agree_with_a_rebuild(
    expr: Expression, shift: float
) -> None:
    leaves = [Value(x) for x in expr.inputs]
    out = expr(*leaves)
    tape = Tape(out)
    for v in leaves:
        v.data += shift
    try:
        want = rebuild(out, {id(v): v.data for v in leaves}).data
    except (ValueError, ZeroDivisionError, OverflowError) as error:
        with pytest.raises(type(error)):
            tape.forward()
        return
    assert close(tape.forward(), want, max(abs(want), 1.0) * 1e3)


def test_every_built_in_primitive_replays_in_groups_and_alone() -> None:
    xs = [Value(0.3 + 0.1 * i, f"x{i}") for i in range(6)]
    ops = {
        "add": lambda a, b: a + b,
        "mul": lambda a, b: a * b,
        "neg": lambda a, b: -a,
        "pow": lambda a, b: a**b,
        "exp": lambda a, b: a.exp(),
        "log": lambda a, b: a.log(),
        "sqrt": lambda a, b: a.sqrt(),
        "abs": lambda a, b: abs(a - 0.5),
        "tanh": lambda a, b: a.tanh(),
        "sigmoid": lambda a, b: a.sigmoid(),
        "relu": lambda a, b: (a - 0.5).relu(),
        "sum": lambda a, b: sum_of([a, b, a]),
        "dot": lambda a, b: a * 0.0 + sum_of([a * b]),
        "linear": lambda a, b: linear([a, b], [b, a], a),
    }
    assert set(ops) == {name for name, row in PRIMITIVES.items() if row.elementwise}
    for width in (1, 5):  # alone (run one at a time), and as a group of five
        terms = [op(xs[k], xs[k + 1]) for op in ops.values() for k in range(width)]
        out = sum_of(terms)
        out.backward()
        want = [v.grad for v in xs]
        for v in xs:
            v.grad = 0.0
        tape = Tape(out)
        assert close(tape.forward(), out.data)
        tape.backward()
        assert all(close(v.grad, g) for v, g in zip(xs, want))
        for v in xs:
            v.grad = 0.0


@pytest.mark.slow
def test_a_million_node_chain() -> None:
    x = Value(1.5, "x")
    y = x
    for _ in range(500_000):  # a mul node and a constant per step: 1,000,001 nodes
        y = y * 1.0
    tape = Tape(y)
    assert len(tape) == 1_000_001
    x.data = 2.0
    assert tape.forward() == 2.0
    tape.backward()
    assert x.grad == 1.0


# ---------------------------------------------------------------- batches and per-sample


def _one_sample_model() -> tuple[nn.MLP, Value, Value, Value]:
    model = nn.MLP(2, [8, 8, 1], activation="tanh", seed=2)
    a, b = Value(0.0, "a"), Value(0.0, "b")
    return model, a, b, model([a, b]).sigmoid()


def test_a_batched_forward_equals_one_scalar_run_per_row() -> None:
    model, a, b, out = _one_sample_model()
    rows = np.random.default_rng(0).uniform(-2, 2, size=(50, 2))
    got = Tape(out).forward(feed={a: rows[:, 0], b: rows[:, 1]})
    assert got.shape == (50,)
    for (x0, x1), value in zip(rows.tolist(), got.tolist()):
        assert close(value, model([x0, x1]).sigmoid().data)


def test_per_sample_gradients_equal_one_scalar_backward_per_row() -> None:
    model, a, b, out = _one_sample_model()
    params = model.parameters()
    rows = np.random.default_rng(1).uniform(-2, 2, size=(7, 2))
    grads = Tape(out).gradients({a: rows[:, 0], b: rows[:, 1]}, [*params, a])
    assert grads.shape == (7, len(params) + 1)
    assert all(p.grad == 0.0 for p in params)  # gradients() writes no .grad
    for row, (x0, x1) in zip(grads, rows.tolist()):
        xa = Value(x0)
        model.zero_grad()
        model([xa, x1]).sigmoid().backward()
        want = [p.grad for p in params] + [xa.grad]
        assert all(close(g, w, 1e-3) for g, w in zip(row.tolist(), want))


def test_batched_backward_sums_the_rows_into_the_leaves() -> None:
    model, a, b, out = _one_sample_model()
    tape = Tape(out)
    column = np.array([0.5, -1.0, 2.0])
    tape.forward(feed={a: column, b: 0.25})
    model.zero_grad()
    tape.backward()
    got = [p.grad for p in model.parameters()]
    want = tape.gradients({a: column, b: 0.25}, model.parameters()).sum(axis=0)
    assert np.allclose(got, want, rtol=1e-13, atol=0)


# ---------------------------------------------------------------- reading any node


def test_grad_of_and_value_of_read_interior_nodes() -> None:
    x = Value(0.7, "x")
    h = (x * x).tanh()
    out = h * 3.0
    tape = Tape(out)
    tape.forward()
    tape.backward()
    assert tape.value_of(h) == h.data
    assert close(tape.grad_of(h), 3.0)
    assert h.grad == 0.0  # the tape writes only leaves


def test_reading_before_running_or_a_foreign_node_is_an_error() -> None:
    x = Value(1.0)
    tape = Tape(x * 2.0)
    with pytest.raises(RuntimeError, match="run tape.forward"):
        tape.backward()
    with pytest.raises(RuntimeError, match="value_of: run tape.forward"):
        tape.value_of(x)
    with pytest.raises(ValueError, match="grad_of: .* is not a node of this tape"):
        tape.grad_of(Value(1.0))
    with pytest.raises(TypeError, match="Tape: output must be a Value, not float"):
        Tape(1.0)  # type: ignore[arg-type]


def test_a_tape_of_a_leaf() -> None:
    x = Value(4.0)
    tape = Tape(x)
    x.data = 5.0
    assert tape.forward() == 5.0
    tape.backward(2.0)
    assert x.grad == 2.0


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda x: (x - 2.0).log(), ValueError, r"log: the argument must be > 0, got -1\.0"),
        (lambda x: (x - 2.0).sqrt(), ValueError, r"sqrt: the argument must be >= 0, got -1\.0"),
        (lambda x: ((3.0 - x) * 500.0).exp(), OverflowError, r"exp: exp\(1000\.0\) overflows"),
        (lambda x: (x - 1.0) ** -1.0, ZeroDivisionError, "pow: zero cannot be raised"),
        (lambda x: (x - 2.0) ** 0.5, ValueError, "pow: a negative base has no real"),
    ],
)
def test_a_domain_error_names_the_operation_and_node_and_changes_no_grad(
    build, error: type[Exception], message: str
) -> None:  # type: ignore[no-untyped-def]
    x, w = Value(3.0, "x"), Value(0.5, "w")
    out = build(x) * w
    tape = Tape(out)
    tape.forward()
    tape.backward()
    grads = (x.grad, w.grad)
    x.data = 1.0
    with pytest.raises(error, match=message):
        build(Value(1.0))  # the scalar engine raises the same
    with pytest.raises(error, match=message + r".*\(node "):
        tape.forward()
    assert (x.grad, w.grad) == grads


def test_a_domain_error_in_a_batch_names_the_first_offending_row() -> None:
    x = Value(1.0, "x")
    out = (x * 1.0).log()
    out.label = "logx"
    tape = Tape(out)
    with pytest.raises(ValueError, match=r"got -2\.0 \(node logx, row 2\)"):
        tape.forward(feed={x: np.array([1.0, 2.0, -2.0, -3.0])})


def test_bad_feeds_are_named() -> None:
    x, y = Value(1.0, "x"), Value(2.0, "y")
    h = x * y
    tape = Tape(h + 3.0)
    with pytest.raises(ValueError, match="arrays must have one common length.*'x' has 3 rows"):
        tape.forward(feed={x: np.ones(3), y: np.ones(4)})
    with pytest.raises(ValueError, match="feed: .* is not an input or parameter of this tape"):
        tape.forward(feed={h: 1.0})
    with pytest.raises(ValueError, match="is not an input or parameter"):
        tape.forward(feed={Value(1.0): 1.0})
    with pytest.raises(TypeError, match="the value for 'x' must be a number or a numeric array"):
        tape.forward(feed={x: np.array(["a", "b"])})
    with pytest.raises(ValueError, match=r"must be a number or a 1-D array, got .*shape \(2, 2\)"):
        tape.forward(feed={x: np.ones((2, 2))})


# ---------------------------------------------------------------- user primitives


def test_a_user_primitive_replays_through_its_float_rules() -> None:
    cube = primitive(lambda x: x**3, lambda x, out: 3 * x * x, name="test_tape_cube")
    try:
        x = Value(0.5, "x")
        out = cube(x * 2.0) + cube(x)
        tape = Tape(out)
        x.data = 1.5
        assert tape.forward() == pytest.approx(3.0**3 + 1.5**3, rel=1e-15)
        tape.backward()
        assert x.grad == pytest.approx(3 * 9.0 * 2 + 3 * 1.5**2, rel=1e-15)
        rows = tape.forward(feed={x: np.array([1.0, 2.0])})
        assert rows.tolist() == [9.0, 72.0]
        assert tape.gradients({x: np.array([1.0, 2.0])}, [x]).tolist() == [[27.0], [108.0]]
    finally:
        del PRIMITIVES["test_tape_cube"]


# ---------------------------------------------------------------- held parameters


def test_held_leaves_live_in_arrays_until_synced() -> None:
    w, x = Value(2.0, "w"), Value(3.0, "x")
    tape = Tape(w * x)
    held = tape.hold([w])
    assert isinstance(held, Held) and held.data.tolist() == [2.0]
    held.data[0] = 5.0
    assert tape.forward() == 15.0 and w.data == 2.0
    tape.backward()
    assert held.grad.tolist() == [3.0] and w.grad == 0.0 and x.grad == 5.0
    held.sync()
    assert (w.data, w.grad) == (5.0, 3.0)


def test_adam_over_held_arrays_matches_adam_over_values() -> None:
    def loss_of(a: Value, b: Value) -> Value:
        return (a * b - 1.0) ** 2 + (a - 0.5).tanh() * b

    a1, b1, a2, b2 = Value(0.3), Value(-0.2), Value(0.3), Value(-0.2)
    scalar_opt = nn.Adam([a1, b1], lr=0.05, weight_decay=0.01)
    tape = Tape(loss_of(a2, b2))
    held = tape.hold([a2, b2])
    tape_opt = nn.Adam(held, lr=0.05, weight_decay=0.01)
    for _ in range(10):
        scalar_opt.zero_grad()
        loss_of(a1, b1).backward()
        scalar_opt.step()
        tape.forward()
        tape_opt.zero_grad()
        tape.backward()
        tape_opt.step()
    held.sync()
    assert (a2.data, b2.data) == pytest.approx((a1.data, b1.data), rel=1e-12)


def test_holding_something_that_is_not_a_free_leaf_is_refused() -> None:
    w = Value(2.0, "w")
    h = w * 3.0
    tape = Tape(h + 1.0)
    with pytest.raises(ValueError, match="hold: .* is not an input or parameter of this tape"):
        tape.hold([h])
    tape.hold([w])
    with pytest.raises(ValueError, match="is held already"):
        tape.hold([w])


def test_memory_is_reported_in_bytes() -> None:
    x = Value(1.0)
    tape = Tape(sum_of([x * float(k) for k in range(100)]))
    assert 0 < tape.nbytes < 100_000
    assert not math.isnan(tape.forward())


# ---------------------------------------------------------------- the seed notebooks' graphs

SEED_NETS = {
    # seed 000: 3 → 2 → 1 sigmoid, no biases, E = ½(y − ŷ)²
    "000": lambda: sigmoid_mlp(NET_000_WEIGHTS, None, NET_000_X, NET_000_TARGET),
    # seed 002: 2 → 2 → 1 sigmoid with biases
    "002": lambda: sigmoid_mlp(
        [np.array([[0.15, 0.24], [0.2, 0.3]]), np.array([[-0.4, 0.5]])],
        [np.array([1.0, 1.0]), np.array([1.0])],
        [0.5, 0.1],
        [0.9],
    ),
    # seed 003: 3 → 4 relu → 1, one sample per graph
    "003": lambda: relu_net(*seed_003_relu_weights(), SEED_003_INPUTS[1].tolist(), 1.0),
}


@pytest.mark.parametrize("seed", SEED_NETS)
def test_the_seed_notebooks_networks_replay_as_the_scalar_engine(seed: str) -> None:
    net = SEED_NETS[seed]()
    params = [v for layer in net.weights for row in layer for v in row]
    params += [v for layer in net.biases or [] for v in layer]
    net.loss.backward()
    want = [p.grad for p in params]
    tape = Tape(net.loss)
    for p in params:
        p.grad = 0.0
    assert close(tape.forward(), net.loss.data)
    tape.backward()
    assert all(close(p.grad, g) for p, g in zip(params, want))
    # an update later, the replay is the rebuilt network's loss
    for p, g in zip(params, want):
        p.data -= 0.5 * g
    assert close(tape.forward(), rebuild(net.loss, {}).data)
