"""Shared by the seed demos: load a notebook's weights into an ``nn`` model, and print the
engine's numbers beside the notebook's hand-derived formula and its printout."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nn import MLP


def load_weights(
    model: MLP, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray] | None = None
) -> None:
    """Set ``model``'s parameters from matrices in the notebooks' layout (``x @ W``:
    shape (n_in, n_out)) and optional bias vectors."""
    state = {}
    for k, w in enumerate(weights):
        w = np.asarray(w, dtype=float).reshape(len(w), -1)
        for j in range(w.shape[1]):
            for i in range(w.shape[0]):
                state[f"layers.{k}.neurons.{j}.w.{i}"] = float(w[i, j])
            if biases is not None:
                state[f"layers.{k}.neurons.{j}.b"] = float(np.ravel(biases[k])[j])
    model.load_state_dict(state)


class Table:
    """Rows of: quantity, engine, hand-derived formula (NumPy), notebook printout, note."""

    def __init__(self, title: str) -> None:
        self.disagreements = 0
        print(f"\n{title}\n")
        print(f"{'quantity':<24}{'engine':>16}{'formula':>16}{'notebook':>16}  note")

    def row(
        self, name: str, engine: float, formula: float, printed: str = "", note: str = ""
    ) -> None:
        """Print one quantity; the engine and the formula must agree to 1e-9 (relative)."""
        agree = abs(engine - formula) <= 1e-9 * max(1.0, abs(formula))
        self.disagreements += not agree
        mark = "" if agree else "  <-- ENGINE AND FORMULA DISAGREE"
        print(f"{name:<24}{engine:>16.8g}{formula:>16.8g}{printed:>16}  {note}{mark}")

    def rows(
        self,
        name: str,
        engine: Sequence[float],
        formula: Sequence[float],
        printed: Sequence[str] = (),
        note: str = "",
    ) -> None:
        """One row per element of a vector or flattened matrix."""
        labels = list(printed) + [""] * (len(engine) - len(printed))
        for i, (e, f, p) in enumerate(zip(engine, formula, labels)):
            self.row(f"{name}[{i}]", float(e), float(f), p, note if i == 0 else "")

    def done(self) -> int:
        """Print the verdict; return the exit status (0 when everything agrees)."""
        if self.disagreements:
            print(f"\n{self.disagreements} quantities disagree")
            return 1
        print("\nevery engine value agrees with the hand-derived formula")
        return 0


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """σ(z) in NumPy."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
