"""Newton's method with exact Hessians: minimise the Rosenbrock function from (-1.2, 1).

Each step solves H(x) d = -∇f(x) (2×2, by Cramer's rule) with ``grad`` and ``hessian``
from the engine. Gradient descent needs thousands of steps on this curved valley;
Newton's method needs a handful.

    python demos/newton.py [--out out]
"""

from __future__ import annotations

from collections.abc import Callable

from autograd import Value, grad, hessian


def rosenbrock(x: Value, y: Value) -> Value:
    """f(x, y) = (1 - x)² + 100 (y - x²)², minimum 0 at (1, 1)."""
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def newton(
    f: Callable[[Value, Value], Value], start: list[float], steps: int = 20, tol: float = 1e-12
) -> list[list[float]]:
    """The points visited by Newton's method on a function of two variables, start first.

    Stops when the step is shorter than ``tol`` or after ``steps`` steps.
    """
    point = list(start)
    path = [point]
    gradient, curvature = grad(f, argnums=(0, 1)), hessian(f)
    for _ in range(steps):
        gx, gy = gradient(*point)
        (a, b), (c, d) = curvature(*point)
        det = a * d - b * c
        if det == 0.0:
            raise ZeroDivisionError(f"newton: the Hessian at {point} is singular")
        dx = -(d * gx - b * gy) / det
        dy = -(a * gy - c * gx) / det
        point = [point[0] + dx, point[1] + dy]
        path.append(point)
        if (dx * dx + dy * dy) ** 0.5 < tol:
            break
    return path


def main(argv: list[str] | None = None) -> int:
    """Print every Newton step on Rosenbrock's function."""
    # Imported here, not above, so that newton() loads from this file alone
    # (tests/test_functional.py runs it with runpy, without demos/ on sys.path).
    from democli import parser, report

    args = parser(__doc__, "newton.txt (what it prints)").parse_args(argv)
    with report(args.out, "newton"):
        print(f"{'step':>4}  {'x':>20}  {'y':>20}  {'f(x, y)':>12}")
        for k, (x, y) in enumerate(newton(rosenbrock, [-1.2, 1.0])):
            value = rosenbrock(Value(x), Value(y)).data
            print(f"{k:>4}  {x:>20.15f}  {y:>20.15f}  {value:>12.3e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
