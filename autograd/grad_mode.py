"""Gradient mode: ``no_grad()`` turns graph building off, ``enable_grad()`` back on.

As in PyTorch: inside ``with no_grad():`` (or in a function decorated ``@no_grad()``)
every operation returns a leaf that keeps no inputs, so no graph is built and nothing is
kept alive; use it to evaluate a model on a grid for a plot, to measure accuracy, or in
an optimizer's update. ``enable_grad()`` turns recording back on inside it. The mode
belongs to the thread (a new thread starts with gradients enabled; asyncio tasks of one
thread share it, as in PyTorch) and is read once per operation, by
``autograd.value._node``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from threading import get_ident
from types import TracebackType
from typing import Any, TypeVar

__all__ = ["enable_grad", "is_grad_enabled", "no_grad"]

#: The threads (by ``threading.get_ident()``) in which gradients are disabled now. Every
#: operation reads the mode, so the common case, no thread in ``no_grad``, costs one test
#: of this set's emptiness (a ContextVar or threading.local read costs ~7% of a node).
DISABLED_THREADS: set[int] = set()

F = TypeVar("F", bound=Callable[..., Any])


def is_grad_enabled() -> bool:
    """True when operations in this thread record the graph (the default).

    >>> is_grad_enabled()
    True
    """
    return not DISABLED_THREADS or get_ident() not in DISABLED_THREADS


class _GradMode:
    """A context manager and decorator that sets this thread's gradient mode for a block."""

    enabled: bool

    def __init__(self) -> None:
        self._before: list[bool] = []

    def __enter__(self) -> None:
        me = get_ident()
        self._before.append(me not in DISABLED_THREADS)
        _set(me, self.enabled)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _set(get_ident(), self._before.pop())

    def __call__(self, function: F) -> F:
        """Use as a decorator: the function runs in this mode."""

        @functools.wraps(function)
        def in_mode(*args: Any, **kwargs: Any) -> Any:
            with type(self)():
                return function(*args, **kwargs)

        return in_mode  # type: ignore[return-value]


def _set(thread: int, enabled: bool) -> None:
    if enabled:
        DISABLED_THREADS.discard(thread)
    else:
        DISABLED_THREADS.add(thread)


class no_grad(_GradMode):  # PyTorch's name: used like a function
    """Operations inside record no graph: each returns a leaf with no inputs.

    >>> from autograd import Value
    >>> x = Value(2.0)
    >>> with no_grad():
    ...     y = x * x
    >>> y.data, y.is_leaf, is_grad_enabled()
    (4.0, True, True)
    """

    enabled = False


class enable_grad(_GradMode):
    """Operations inside record the graph, even within ``no_grad``.

    >>> from autograd import Value
    >>> with no_grad():
    ...     with enable_grad():
    ...         y = Value(2.0) * 3.0
    >>> y.is_leaf
    False
    """

    enabled = True
