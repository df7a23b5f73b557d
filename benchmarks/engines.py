"""One moons training step per engine, all from the same weights and data.

A step is: forward pass over the 100 samples, hinge loss mean(relu(1 - y·score)) plus
ALPHA · Σ p², zero the gradients, backward, one SGD update. Each engine exposes
``load(params)`` (set every parameter, in :func:`benchmarks.moons.flatten` order),
``step() -> loss`` and, for the graph engines, ``build()`` and ``backward(loss)`` so the
suite can time the two halves separately.
"""

from __future__ import annotations

from typing import Any

from benchmarks.moons import ALPHA, LEARNING_RATE, SIZES, Weights, flatten


class Chainrule:
    """chainrule: ``nn.MLP``, one ``linear`` node per neuron (Σ wᵢxᵢ + b), then ``relu``."""

    name = "chainrule"

    def __init__(self, weights: Weights, xs: list[list[float]], ys: list[float]) -> None:
        from autograd import Value
        from nn import MLP

        self.model: Any = MLP(SIZES[0], list(SIZES[1:]))
        # nn's parameter order (neuron by neuron, weights then bias) is flatten()'s order.
        self.params: list[Any] = self.model.parameters()
        self.load(flatten(weights))
        self.xs, self.ys = xs, ys
        self.Value = Value
        self.forward: Any = lambda model, x: model(x)

    def load(self, params: list[float]) -> None:
        for p, x in zip(self.params, params, strict=True):
            p.data = x

    def build(self) -> Any:
        from autograd import dot, sum_of

        Value, forward = self.Value, self.forward
        scores = [forward(self.model, [Value(a), Value(b)]) for a, b in self.xs]
        losses = [(1 + -y * s).relu() for y, s in zip(self.ys, scores)]
        data_loss = sum_of(losses) * (1.0 / len(losses))
        return data_loss + ALPHA * dot(self.params, self.params)

    def backward(self, loss: Any) -> None:
        for p in self.params:
            p.grad = 0.0
        loss.backward()

    def step(self) -> float:
        loss = self.build()
        self.backward(loss)
        for p in self.params:
            p.data -= LEARNING_RATE * p.grad
        return float(loss.data)


# The model of the binary-nodes variant (same weights, micrograd's graph shape).
def build_chainrule_mlp(weights: Weights) -> list[list[tuple[list[Any], Any]]]:
    """Layers of neurons ``(w, b)`` holding chainrule Values initialised from ``weights``."""
    from autograd import Value

    return [[([Value(x) for x in w], Value(b)) for w, b in layer] for layer in weights]


class ChainruleBinaryNodes(Chainrule):
    """chainrule on micrograd's graph shape: Σ wᵢxᵢ + b as a chain of binary + and * nodes.

    Not how chainrule is meant to be used: it isolates what the n-ary ``linear`` node buys.
    """

    name = "chainrule, binary nodes"

    def __init__(self, weights: Weights, xs: list[list[float]], ys: list[float]) -> None:
        super().__init__(weights, xs, ys)
        self.model = build_chainrule_mlp(weights)
        self.params = [p for layer in self.model for w, b in layer for p in (*w, b)]
        self.forward = binary_forward


def binary_forward(model: list[list[tuple[list[Any], Any]]], x: list[Any]) -> Any:
    """The MLP's output built as micrograd builds it: act = b + w₁x₁ + w₂x₂ + ..."""
    last = len(model) - 1
    for i, layer in enumerate(model):
        out = []
        for w, b in layer:
            act = b
            for wi, xi in zip(w, x):
                act = act + wi * xi
            out.append(act if i == last else act.relu())
        x = out
    return x[0]


class Micrograd:
    """micrograd 0.1.0 exactly as its demo notebook uses it."""

    name = "micrograd"

    def __init__(self, weights: Weights, xs: list[list[float]], ys: list[float]) -> None:
        from micrograd.engine import Value
        from micrograd.nn import MLP

        self.model = MLP(SIZES[0], list(SIZES[1:]))
        self.params = self.model.parameters()
        self.load(flatten(weights))
        self.xs, self.ys = xs, ys
        self.Value = Value

    def load(self, params: list[float]) -> None:
        for p, x in zip(self.params, params, strict=True):
            p.data = x

    def build(self) -> Any:
        Value = self.Value
        inputs = [list(map(Value, row)) for row in self.xs]
        scores = list(map(self.model, inputs))
        losses = [(1 + -y * s).relu() for y, s in zip(self.ys, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        return data_loss + ALPHA * sum(p * p for p in self.params)

    def backward(self, loss: Any) -> None:
        self.model.zero_grad()
        loss.backward()

    def step(self) -> float:
        loss = self.build()
        self.backward(loss)
        for p in self.params:
            p.data -= LEARNING_RATE * p.grad
        return float(loss.data)


class PlainFloats:
    """No graph at all: the forward and backward passes written out by hand on floats."""

    name = "plain floats"

    def __init__(self, weights: Weights, xs: list[list[float]], ys: list[float]) -> None:
        self.shape = [[len(w) for w, _ in layer] for layer in weights]
        self.load(flatten(weights))
        self.xs, self.ys = xs, ys

    def load(self, params: list[float]) -> None:
        it = iter(params)
        # layers[l][j] = [w_1, ..., w_n, b] (bias last), a mutable row per neuron
        self.layers = [[[next(it) for _ in range(n + 1)] for n in layer] for layer in self.shape]

    def step(self) -> float:
        layers = self.layers
        grads = [[[0.0] * len(row) for row in layer] for layer in layers]
        n = len(self.xs)
        data_loss = 0.0
        last = len(layers) - 1
        for x, y in zip(self.xs, self.ys):
            acts = [x]  # acts[l] = input of layer l
            for i, layer in enumerate(layers):
                a = acts[-1]
                z = [sum(map(float.__mul__, row, a)) + row[-1] for row in layer]
                acts.append(z if i == last else [v if v > 0.0 else 0.0 for v in z])
            margin = 1.0 - y * acts[-1][0]
            if margin <= 0.0:
                continue  # relu'(0) = 0: this sample contributes no loss and no gradient
            data_loss += margin
            delta = [-y / n]  # d loss / d (pre-activation) of the output layer
            for i in range(last, -1, -1):
                a = acts[i]
                layer, g = layers[i], grads[i]
                back = [0.0] * len(a)
                for row, grow, d in zip(layer, g, delta):
                    if d == 0.0:
                        continue
                    for k, ak in enumerate(a):
                        grow[k] += d * ak
                        back[k] += d * row[k]
                    grow[-1] += d
                if i:  # through the relu of the previous layer
                    delta = [b if v > 0.0 else 0.0 for b, v in zip(back, a)]
        reg = 0.0
        for layer, g in zip(layers, grads):
            for row, grow in zip(layer, g):
                for k, p in enumerate(row):
                    reg += p * p
                    grow[k] += 2.0 * ALPHA * p
        for layer, g in zip(layers, grads):
            for row, grow in zip(layer, g):
                for k in range(len(row)):
                    row[k] -= LEARNING_RATE * grow[k]
        return data_loss / n + ALPHA * reg


class Torch:
    """PyTorch, vectorised over the batch, float64, one thread."""

    name = "pytorch"

    def __init__(self, weights: Weights, xs: list[list[float]], ys: list[float]) -> None:
        import torch

        torch.set_num_threads(1)
        self.torch = torch
        self.shape = [(len(layer), len(layer[0][0])) for layer in weights]
        f64 = torch.float64
        self.params = [
            t
            for nout, nin in self.shape
            for t in (torch.zeros(nout, nin, dtype=f64), torch.zeros(nout, dtype=f64))
        ]
        for p in self.params:
            p.requires_grad_(True)
        self.load(flatten(weights))
        self.x = torch.tensor(xs, dtype=torch.float64)
        self.y = torch.tensor(ys, dtype=torch.float64)

    def load(self, params: list[float]) -> None:
        torch = self.torch
        flat = iter(params)
        with torch.no_grad():
            for (nout, nin), (w, b) in zip(self.shape, zip(self.params[::2], self.params[1::2])):
                rows = [[next(flat) for _ in range(nin + 1)] for _ in range(nout)]
                w.copy_(torch.tensor([r[:-1] for r in rows], dtype=torch.float64))
                b.copy_(torch.tensor([r[-1] for r in rows], dtype=torch.float64))

    def loss(self) -> Any:
        """The whole batch's loss as a tensor: hinge + ALPHA · Σ p²."""
        torch = self.torch
        h = self.x
        last = len(self.shape) - 1
        for i, (w, b) in enumerate(zip(self.params[::2], self.params[1::2])):
            h = h @ w.T + b
            if i != last:
                h = torch.relu(h)
        data_loss = torch.relu(1.0 - self.y * h[:, 0]).mean()
        return data_loss + ALPHA * sum((p * p).sum() for p in self.params)

    def step(self) -> float:
        torch = self.torch
        loss = self.loss()
        for p in self.params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in self.params:
                p -= LEARNING_RATE * p.grad
        return float(loss.item())


def torch_available() -> bool:
    """True when PyTorch can be imported."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True
