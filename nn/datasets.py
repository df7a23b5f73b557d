"""Toy datasets for the demos, the tests and the benchmarks.

One dataset so far: ``make_moons``, the two interleaving half circles of micrograd's demo,
drawn exactly as scikit-learn draws them, so a seed gives scikit-learn's points.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = ["make_moons"]


def make_moons(
    n_samples: int = 100, noise: float = 0.1, seed: int = 0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Two interleaving half circles with Gaussian noise, labelled −1 and +1.

    The upper moon (cos t, sin t), t in [0, π], has label −1; the lower moon
    (1 − cos t, ½ − sin t) has label +1. Its ``n_samples // 2`` points are the upper moon's,
    the rest the lower moon's, evenly spaced in t, then shuffled, then N(0, noise²) is added
    to every coordinate. The draws are scikit-learn's, in its order, from
    ``np.random.RandomState(seed)``: the points equal
    ``sklearn.datasets.make_moons(n_samples, noise=noise, random_state=seed)`` bit for bit,
    with its classes 0/1 mapped to −1/+1 as micrograd's demo does (``y * 2 - 1``). So
    ``make_moons(100, 0.1, seed=1337)`` is micrograd's ``demo.ipynb`` data, which used
    ``np.random.seed(1337)``. No global random state is touched.

    Args:
        n_samples: number of points, at least 1.
        noise: standard deviation of the Gaussian noise, finite and at least 0.
        seed: seed of NumPy's legacy ``RandomState`` (0 to 2**32 − 1).

    Returns:
        ``(points, labels)``: an array of shape (n_samples, 2) and one of shape
        (n_samples,) holding −1.0 and +1.0.

    Raises:
        TypeError: if ``n_samples`` is not an int.
        ValueError: if ``n_samples`` < 1 or ``noise`` is negative or not finite.

    >>> points, labels = make_moons(6, noise=0.0, seed=0)
    >>> points.shape, sorted(labels.tolist())
    ((6, 2), [-1.0, -1.0, -1.0, 1.0, 1.0, 1.0])
    >>> bool((points[labels < 0, 1] >= 0).all())  # the upper moon, without noise
    True
    """
    if not isinstance(n_samples, int | np.integer) or isinstance(n_samples, bool):
        raise TypeError(f"make_moons: n_samples must be an int, got {n_samples!r}")
    if n_samples < 1:
        raise ValueError(f"make_moons: n_samples must be at least 1, got {n_samples}")
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"make_moons: noise must be finite and >= 0, got {noise!r}")
    rng = np.random.RandomState(seed)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    t_upper = np.linspace(0.0, np.pi, n_upper)
    t_lower = np.linspace(0.0, np.pi, n_lower)
    # Written as scikit-learn writes them (1 − sin − .5, not .5 − sin) for the same last bits.
    xs = np.append(np.cos(t_upper), 1 - np.cos(t_lower))
    ys = np.append(np.sin(t_upper), 1 - np.sin(t_lower) - 0.5)
    points = np.vstack([xs, ys]).T
    labels = np.hstack([-np.ones(n_upper), np.ones(n_lower)])
    order = np.arange(n_samples)
    rng.shuffle(order)  # scikit-learn shuffles before it adds the noise
    points, labels = points[order], labels[order]
    points = points + rng.normal(scale=noise, size=points.shape)
    return points, labels
