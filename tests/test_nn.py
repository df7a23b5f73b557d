"""nn: modules, layers, initialisation, state, losses and optimizers."""

from __future__ import annotations

import json
import math
import random
from fractions import Fraction

import numpy as np
import pytest

import nn.layers as layers_module
from autograd import Value, gradcheck, sum_of
from nn import (
    MLP,
    SGD,
    Adam,
    Layer,
    Neuron,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    exponential_decay,
    half_squared_error,
    hinge,
    l2,
    linear_decay,
    mse,
    softmax,
    softmax_cross_entropy,
)

from seed_reference import sigmoid

# ---------------------------------------------------------------- modules and layers


def test_named_parameters_are_dotted_stable_and_label_the_values() -> None:
    model = MLP(3, [4, 2], seed=0)
    names = [name for name, _ in model.named_parameters()]
    assert names[:5] == [
        "layers.0.neurons.0.w.0",
        "layers.0.neurons.0.w.1",
        "layers.0.neurons.0.w.2",
        "layers.0.neurons.0.b",
        "layers.0.neurons.1.w.0",
    ]
    assert len(names) == len(set(names)) == 4 * 4 + 2 * 5
    assert all(p.label == name for name, p in model.named_parameters())
    assert model.parameters() == [p for _, p in model.named_parameters()]


def test_initialisation_is_reproducible_and_fan_in_scaled() -> None:
    a, b, c = MLP(2, [8, 1], seed=5), MLP(2, [8, 1], seed=5), MLP(2, [8, 1], seed=6)
    assert a.state_dict() == b.state_dict() != c.state_dict()
    d = MLP(2, [8, 1], rng=random.Random(5))
    assert d.state_dict() == a.state_dict()
    wide = Layer(600, 1, activation="tanh", seed=0).neurons[0]
    assert max(abs(w.data) for w in wide.w) <= math.sqrt(3 / 600)
    assert all(b.data == 0.0 for _, b in a.named_parameters() if _.endswith(".b"))
    with pytest.raises(ValueError, match="either seed or rng"):
        MLP(2, [1], seed=1, rng=random.Random(1))


def test_calls_return_a_list_or_a_single_value() -> None:
    assert isinstance(Layer(2, 3, seed=0)([1, 2]), list)
    assert isinstance(Layer(2, 1, seed=0)([1, 2]), Value)
    assert isinstance(MLP(2, [3, 1], seed=0)([Value(1.0), 2]), Value)
    out = MLP(2, [16, 1, 1], seed=0)([0.5, -0.5])  # one-neuron layers compose
    assert isinstance(out, Value)


def test_activations_by_name() -> None:
    x = [0.3, -0.7]
    for act, op in (
        ("relu", "relu"),
        ("tanh", "tanh"),
        ("sigmoid", "sigmoid"),
        ("linear", "linear"),
    ):
        assert Neuron(2, activation=act, seed=1)(x).op == op
    assert Neuron(2, bias=False, activation="linear", seed=1)(x).op == "dot"
    with pytest.raises(ValueError, match="unknown activation 'gelu'; choose one of relu, tanh"):
        MLP(2, [3, 1], activation="gelu")


def test_neuron_computes_activation_of_w_dot_x_plus_b() -> None:
    n = Neuron(3, activation="tanh", seed=2)
    n.b.data = 0.25  # type: ignore[union-attr]
    x = [0.1, -0.2, 0.3]
    want = math.tanh(sum(w.data * xi for w, xi in zip(n.w, x)) + 0.25)
    assert n(x).data == pytest.approx(want, rel=1e-15)


ONE_INPUT_MODELS = [
    lambda: Neuron(1, activation="tanh", seed=0),
    lambda: Layer(1, 3, activation="tanh", seed=0),
    lambda: MLP(1, [4, 1], activation="tanh", seed=0),
    lambda: MLP(1, [4, 2], activation="tanh", seed=0),
]


def _data(out):  # type: ignore[no-untyped-def]
    return [v.data for v in out] if isinstance(out, list) else out.data


ONE_INPUT_IDS = ["Neuron(1)", "Layer(1, 3)", "MLP(1, [4, 1])", "MLP(1, [4, 2])"]


@pytest.mark.parametrize("make", ONE_INPUT_MODELS, ids=ONE_INPUT_IDS)
@pytest.mark.parametrize("single", [0.5, 1, np.float64(0.5), Fraction(1, 2)])
def test_a_one_input_model_takes_a_single_number(make, single) -> None:  # type: ignore[no-untyped-def]
    model = make()
    assert _data(model(single)) == _data(model([single]))


@pytest.mark.parametrize("make", ONE_INPUT_MODELS, ids=ONE_INPUT_IDS)
def test_a_one_input_model_takes_a_single_value_and_its_gradient_flows(make) -> None:  # type: ignore[no-untyped-def]
    model = make()
    a, b = Value(0.3), Value(0.3)
    out_a, out_b = model(a), model([b])
    sum_of(out_a if isinstance(out_a, list) else [out_a]).backward()
    sum_of(out_b if isinstance(out_b, list) else [out_b]).backward()
    assert a.grad == b.grad != 0.0


@pytest.mark.parametrize("x", [[0.5, -1.0], (0.5, -1.0), np.array([0.5, -1.0]), [Value(0.5), -1.0]])
def test_inputs_may_be_a_list_a_tuple_or_a_1d_array(x) -> None:  # type: ignore[no-untyped-def]
    model = MLP(2, [4, 1], seed=0)
    assert model(x).data == model([0.5, -1.0]).data  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("make", "call", "error", "match"),
    [
        (lambda: Neuron(3, seed=0), [1, 2], ValueError, "^Neuron expects 3 inputs, got 2$"),
        (lambda: Layer(2, 4, seed=0), [1, 2, 3], ValueError, "^Layer expects 2 inputs, got 3$"),
        (lambda: MLP(2, [4, 1], seed=0), [1], ValueError, "^MLP expects 2 inputs, got 1$"),
        (lambda: MLP(2, [4, 1], seed=0), (1, 2, 3), ValueError, "^MLP expects 2 inputs, got 3$"),
        (lambda: MLP(1, [4, 1], seed=0), [1, 2], ValueError, "^MLP expects 1 input, got 2$"),
        (lambda: MLP(1, [4, 1], seed=0), [], ValueError, "^MLP expects 1 input, got 0$"),
        (lambda: MLP(2, [4, 1], seed=0), np.zeros(3), ValueError, "^MLP expects 2 inputs, got 3$"),
        (
            lambda: MLP(2, [4, 1], seed=0),
            1.0,
            ValueError,
            r"^MLP expects 2 inputs, got a single number 1\.0$",
        ),
        (
            lambda: MLP(2, [4, 1], seed=0),
            Value(1.0),
            ValueError,
            r"^MLP expects 2 inputs, got a single Value Value\(data=1\.0, grad=0\.0\)$",
        ),
        (
            lambda: Layer(2, 4, seed=0),
            3,
            ValueError,
            "^Layer expects 2 inputs, got a single number 3$",
        ),
        (
            lambda: Neuron(3, seed=0),
            np.float64(2.0),
            ValueError,
            "^Neuron expects 3 inputs, got a single number",
        ),
        (
            lambda: MLP(2, [4, 1], seed=0),
            np.zeros((2, 1)),
            ValueError,
            r"^MLP expects 2 inputs as a 1-D sequence, got an array of shape \(2, 1\)$",
        ),
        (
            lambda: MLP(2, [4, 1], seed=0),
            None,
            TypeError,
            "^MLP expects 2 inputs as a list, tuple or 1-D array, got NoneType: None$",
        ),
        (
            lambda: MLP(1, [4, 1], seed=0),
            None,
            TypeError,
            r"^MLP expects 1 input as a list, tuple or 1-D array \(or a single number or "
            r"Value\), got NoneType: None$",
        ),
        (  # unordered: which input goes to which weight would be up to the set
            lambda: MLP(2, [4, 1], seed=0),
            {1.0, 2.0},
            TypeError,
            "^MLP expects 2 inputs as a list, tuple or 1-D array, got set: ",
        ),
        (
            lambda: Layer(2, 4, seed=0),
            "ab",
            TypeError,
            "^Layer expects 2 inputs as a list, tuple or 1-D array, got str: 'ab'$",
        ),
        (
            lambda: Neuron(2, seed=0),
            (x for x in [1.0, 2.0]),
            TypeError,
            "^Neuron expects 2 inputs as a list, tuple or 1-D array, got generator: ",
        ),
        (
            lambda: MLP(1, [4, 1], seed=0),
            1j,
            TypeError,
            r"^MLP expects 1 input as a list, tuple or 1-D array .*, got complex: 1j$",
        ),
    ],
)
def test_wrong_inputs_say_what_was_expected_before_building_any_node(  # type: ignore[no-untyped-def]
    make, call, error, match, monkeypatch
) -> None:
    model = make()

    def no_node(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a node was built before the inputs were checked")

    monkeypatch.setattr(layers_module, "linear", no_node)
    monkeypatch.setattr(layers_module, "dot", no_node)
    with pytest.raises(error, match=match):
        model(call)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((0, [1]), "MLP nin must be a positive int, got 0"),
        ((2, []), "non-empty list"),
        ((2, [3, 0]), "layer size"),
    ],
)
def test_bad_sizes(args: tuple, match: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=match):
        MLP(*args)


def test_zero_grad_and_repr() -> None:
    model = MLP(2, [3, 1], seed=0)
    model([1.0, 2.0]).backward()  # type: ignore[union-attr]
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    assert repr(model) == "MLP(2, [3, 1], activation='relu', output_activation='linear')"
    assert repr(Layer(2, 3)) == "Layer(2, 3, activation='relu')"
    assert repr(Neuron(2, bias=False)) == "Neuron(2, activation='relu', bias=False)"


# ---------------------------------------------------------------- state


def test_state_dict_round_trips_through_json_and_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b = MLP(2, [4, 1], seed=1), MLP(2, [4, 1], seed=2)
    b.load_state_dict(json.loads(json.dumps(a.state_dict())))
    assert b.state_dict() == a.state_dict()
    c = MLP(2, [4, 1], seed=3)
    a.save(tmp_path / "model.json")
    c.load(tmp_path / "model.json")
    assert c.state_dict() == a.state_dict()


@pytest.mark.parametrize(
    ("edit", "error", "match"),
    [
        (
            lambda s: s.pop("layers.1.neurons.0.b"),
            ValueError,
            "missing parameter 'layers.1.neurons.0.b'",
        ),
        (
            lambda s: s.update({"layers.2.neurons.0.b": 1.0}),
            ValueError,
            "unexpected parameter 'layers.2",
        ),
        (
            lambda s: s.update({"layers.0.neurons.0.w.1": "x"}),
            TypeError,
            "must be a finite real number",
        ),
        (lambda s: s.update({"layers.0.neurons.0.w.1": math.nan}), TypeError, "finite"),
    ],
)
def test_bad_state_raises_and_leaves_the_model_unchanged(edit, error, match) -> None:  # type: ignore[no-untyped-def]
    model = MLP(2, [4, 1], seed=1)
    before = model.state_dict()
    state = {k: v + 1.0 for k, v in before.items()}
    edit(state)
    with pytest.raises(error, match=match):
        model.load_state_dict(state)
    assert model.state_dict() == before


def test_a_bigger_models_state_is_refused() -> None:
    with pytest.raises(ValueError, match="unexpected parameter 'layers.0.neurons.4.w.0'"):
        MLP(2, [4, 1]).load_state_dict(MLP(2, [5, 1]).state_dict())


# ---------------------------------------------------------------- losses


def check_gradients(loss_of, n: int, rng_seed: int = 0) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(rng_seed)
    assert gradcheck(lambda *v: loss_of(list(v)), list(rng.uniform(-2, 2, n)))


def test_mse_and_half_squared_error() -> None:
    p, t = [0.3, -1.2, 2.0], [0.0, 1.0, 1.5]
    assert mse([Value(x) for x in p], t).data == pytest.approx(np.mean((np.array(p) - t) ** 2))
    assert half_squared_error([Value(x) for x in p], t).data == pytest.approx(
        0.5 * np.sum((np.array(t) - p) ** 2)
    )
    check_gradients(lambda v: mse(v, t), 3)
    check_gradients(lambda v: half_squared_error(v, t), 3)


def test_hinge() -> None:
    s, y = [0.3, -1.2, 2.0], [1, 1, -1]
    want = np.mean(np.maximum(0, 1 - np.array(y) * s))
    assert hinge([Value(x) for x in s], y).data == pytest.approx(want)
    check_gradients(lambda v: hinge(v, y), 3)
    with pytest.raises(ValueError, match="labels must be -1 or \\+1, got 0.0"):
        hinge([Value(1.0)], [0])


def test_binary_cross_entropy_forms_agree_and_are_stable() -> None:
    z, t = [0.3, -1.2, 2.0], [1.0, 0.0, 0.3]
    p = sigmoid(z).tolist()
    want = -np.mean([ti * math.log(pi) + (1 - ti) * math.log(1 - pi) for pi, ti in zip(p, t)])
    assert binary_cross_entropy_with_logits([Value(v) for v in z], t).data == pytest.approx(want)
    assert binary_cross_entropy([Value(v) for v in p], t).data == pytest.approx(want)
    check_gradients(lambda v: binary_cross_entropy_with_logits(v, t), 3)
    big = binary_cross_entropy_with_logits([Value(1000.0), Value(-1000.0)], [0.0, 1.0])
    assert big.data == pytest.approx(1000.0)
    with pytest.raises(ValueError, match="probabilities must be in \\(0, 1\\), got 1.0"):
        binary_cross_entropy([Value(1.0)], [1.0])


def test_softmax_and_cross_entropy_are_stable_for_large_logits() -> None:
    z = [1000.0, 1001.0, 999.0]
    probs = softmax([Value(v) for v in z])
    e = np.exp(np.array(z) - 1001.0)
    assert [q.data for q in probs] == pytest.approx(list(e / e.sum()))
    logits = [Value(v) for v in z]
    loss = softmax_cross_entropy(logits, 2)
    loss.backward()
    assert loss.data == pytest.approx(-math.log(e[2] / e.sum()))
    onehot = np.eye(3)[2]
    assert [v.grad for v in logits] == pytest.approx(list(e / e.sum() - onehot))
    check_gradients(lambda v: softmax_cross_entropy(v, 0), 4)
    with pytest.raises(ValueError, match="target must be a class index in \\[0, 3\\), got 3"):
        softmax_cross_entropy(logits, 3)


@pytest.mark.parametrize(
    "loss", [mse, half_squared_error, hinge, binary_cross_entropy, binary_cross_entropy_with_logits]
)
def test_every_paired_loss_names_both_sizes(loss) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=f"{loss.__name__}: 3 predictions but 2 targets"):
        loss([Value(0.5), Value(0.5), Value(0.5)], [1, 1])


def test_remaining_gradients_vs_finite_differences() -> None:
    t = [1.0, 0.0, 0.3]
    check_gradients(lambda v: binary_cross_entropy([w.sigmoid() for w in v], t), 3)
    for i in range(3):  # every output of softmax, as a function of every logit
        check_gradients(lambda v, i=i: softmax(v)[i], 3)
    check_gradients(lambda v: l2(v), 3)


def test_bce_with_logits_gradient_stays_finite_at_large_logits() -> None:
    # d/dz mean(softplus(z) − t·z) = (σ(z) − t)/n: (1 − 0)/2 and (0 − 1)/2 here
    logits = [Value(1000.0), Value(-1000.0)]
    binary_cross_entropy_with_logits(logits, [0.0, 1.0]).backward()
    assert [z.grad for z in logits] == pytest.approx([0.5, -0.5])


def test_losses_check_sizes_and_l2() -> None:
    with pytest.raises(ValueError, match="mse: 2 predictions but 3 targets"):
        mse([Value(1.0), Value(2.0)], [1, 2, 3])
    assert l2([Value(3.0), Value(4.0)]).data == 25.0


# ---------------------------------------------------------------- optimizers


def params_with_grads(values: list[float], grads: list[float]) -> list[Value]:
    ps = [Value(v) for v in values]
    for p, g in zip(ps, grads):
        p.grad = g
    return ps


def test_sgd_with_momentum_and_weight_decay_matches_numpy() -> None:
    ps = params_with_grads([1.0, -2.0], [0.5, 0.25])
    opt = SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01)
    p, v = np.array([1.0, -2.0]), np.zeros(2)
    for _ in range(3):
        opt.step()
        g = np.array([0.5, 0.25]) + 0.01 * p
        v = 0.9 * v + g
        p = p - 0.1 * v
    assert [q.data for q in ps] == pytest.approx(list(p), rel=1e-12)


def test_adam_matches_numpy() -> None:
    ps = params_with_grads([1.0, -2.0], [0.5, -0.25])
    opt = Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.1)
    p, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    for k in range(1, 4):
        opt.step()
        g = np.array([0.5, -0.25]) + 0.1 * p
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g * g
        p = p - 0.01 * (m / (1 - 0.8**k)) / (np.sqrt(v / (1 - 0.99**k)) + 1e-8)
    assert [q.data for q in ps] == pytest.approx(list(p), rel=1e-12)


def test_schedules() -> None:
    ps = params_with_grads([0.0], [1.0])
    opt = SGD(ps, lr=linear_decay(1.0, 0.5, 2))
    rates = []
    for _ in range(4):
        rates.append(opt.current_lr())
        opt.step()
    assert rates == [1.0, 0.75, 0.5, 0.5]
    assert ps[0].data == -2.75
    assert exponential_decay(2.0, 0.5)(2) == 0.5


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda ps: SGD(ps, lr=0.0), "learning rate must be a positive finite number, got 0.0"),
        (lambda ps: SGD(ps, lr=0.1, momentum=1.0), "momentum must be in \\[0, 1\\)"),
        (lambda ps: SGD(ps, lr=0.1, weight_decay=-1.0), "weight_decay must be >= 0"),
        (lambda ps: Adam(ps, betas=(0.9, 1.0)), "betas must be two numbers in \\[0, 1\\)"),
        (lambda ps: Adam(ps, eps=0.0), "eps must be > 0"),
        (lambda ps: SGD([], lr=0.1), "no parameters"),
    ],
)
def test_invalid_hyperparameters_raise_in_init(make, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=match):
        make([Value(1.0)])


def test_a_bad_schedule_value_raises_before_any_update() -> None:
    ps = params_with_grads([1.0, 2.0], [1.0, 1.0])
    opt = SGD(ps, lr=lambda k: -1.0)
    with pytest.raises(ValueError, match="schedule at step 0: the learning rate must be"):
        opt.step()
    assert [p.data for p in ps] == [1.0, 2.0]
