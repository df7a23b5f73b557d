"""chainrule's ``autograd``: reverse-mode automatic differentiation on scalars.

>>> from autograd import Value
>>> x = Value(2.0, label="x")
>>> y = (x * x).tanh()
>>> y.backward()
>>> round(x.grad, 6)       # d tanh(x²)/dx = 2x (1 - tanh²(x²))
0.005364

Not to be confused with HIPS autograd, which uses the same import name: the two cannot
be installed in the same environment.
"""

from autograd.arrays import ValueArray, as_values, data_of, grads_of
from autograd.backprop_check import check_backprop
from autograd.custom import CustomPrimitive, primitive
from autograd.explain import explain
from autograd.functional import grad, hessian, hvp, value_and_grad
from autograd.grad_mode import enable_grad, is_grad_enabled, no_grad
from autograd.gradcheck import (
    GradcheckError,
    NonDifferentiablePointWarning,
    gradcheck,
    gradgradcheck,
)
from autograd.higher_order import gradients
from autograd.primitives import PRIMITIVES, Primitive, register
from autograd.render import GraphvizNotFoundError, draw_dot, render
from autograd.stepthrough import step_through, write_frames, write_stepthrough
from autograd.tape import Held, Tape
from autograd.value import Number, Value, ValueLike, apply, dot, linear, sum_of, topological_order

__version__ = "0.1.0"

__all__ = [
    "PRIMITIVES",
    "CustomPrimitive",
    "GradcheckError",
    "GraphvizNotFoundError",
    "Held",
    "NonDifferentiablePointWarning",
    "Number",
    "Primitive",
    "Tape",
    "Value",
    "ValueArray",
    "ValueLike",
    "__version__",
    "apply",
    "as_values",
    "check_backprop",
    "data_of",
    "dot",
    "draw_dot",
    "enable_grad",
    "explain",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "gradients",
    "grads_of",
    "hessian",
    "hvp",
    "is_grad_enabled",
    "linear",
    "no_grad",
    "primitive",
    "register",
    "render",
    "step_through",
    "sum_of",
    "topological_order",
    "value_and_grad",
    "write_frames",
    "write_stepthrough",
]
