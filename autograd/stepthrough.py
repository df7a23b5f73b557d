"""The backward pass frame by frame: one SVG per step, and a self-contained HTML page to
step through them.

Frame 0 shows the forward pass with only d(root)/d(root) = seed known. Each following
frame takes the next node in reverse topological order (the order ``backward()`` takes),
passes its gradient to its inputs, and highlights that node and the inputs that received
a contribution; gradients not yet known show as ``·``. The last frame holds the same
gradients ``backward()`` computes. Nothing reads or writes ``.grad``.
"""

from __future__ import annotations

import html
import json
from itertools import groupby
from pathlib import Path
from typing import Any

from autograd.explain import backward_steps, formula, node_names
from autograd.render import check_dot, draw_dot
from autograd.value import Value

__all__ = ["backward_frames", "stepthrough_html", "write_frames", "write_stepthrough"]


def backward_frames(
    root: Value, grad: float = 1.0
) -> list[tuple[str, dict[Value, float], list[Value]]]:
    """The frames: (caption, gradients known so far, nodes to highlight), frame 0 first.

    >>> x = Value(3.0, label="x"); y = x * x; y.label = "y"
    >>> [caption for caption, _, _ in backward_frames(y)]
    ['start: d(y)/d(y) = 1', 'y = x * x passes 1 to its inputs: x += 3, x += 3']
    """
    names = node_names(root)
    known: dict[Value, float] = {root: float(grad)}
    frames: list[tuple[str, dict[Value, float], list[Value]]] = [
        (f"start: d({names[id(root)]})/d({names[id(root)]}) = {grad:.4g}", dict(known), [root])
    ]
    # backward_steps lists each node's steps together, in backward order: one frame each.
    for node, group in groupby(backward_steps(root, grad), key=lambda s: s.node):
        mine = list(group)
        for s in mine:
            known[s.input] = s.total
        parts = ", ".join(f"{names[id(s.input)]} += {s.contribution:.4g}" for s in mine)
        caption = (
            f"{names[id(node)]} = {formula(node, names)} passes "
            f"{known[node]:.4g} to its inputs: {parts}"
        )
        frames.append((caption, dict(known), [node, *(s.input for s in mine)]))
    return frames


def stepthrough_html(
    root: Value, grad: float = 1.0, title: str = "backward pass", **options: Any
) -> str:
    """One self-contained HTML page (inline SVGs, no network) stepping through the frames.

    Buttons (and the ← → keys) move to the previous and next frame. ``options`` go to
    :func:`autograd.draw_dot` (``rankdir="TB"``…).

    Raises:
        GraphvizNotFoundError: if Graphviz's ``dot`` is not installed.
    """
    check_dot()
    frames = backward_frames(root, grad)
    svgs: list[tuple[str, str]] = []
    for caption, known, marked in frames:
        svg = draw_dot(root, grads=known, highlight=marked, **options).pipe(format="svg").decode()
        # Graphviz numbers its ids the same way in every frame: prefix them per frame so
        # the page's ids stay unique.
        svg = svg[svg.index("<svg") :].replace(' id="', f' id="f{len(svgs)}_')
        svgs.append((caption, svg))
    panes = "\n".join(
        f'<figure class="frame"{"" if i == 0 else " hidden"}>{svg}</figure>'
        for i, (_, svg) in enumerate(svgs)
    )
    return _PAGE.format(
        title=html.escape(title),
        last=len(svgs) - 1,
        panes=panes,
        first=html.escape(svgs[0][0]),
        captions=json.dumps([c for c, _ in svgs]),
    )


def write_frames(root: Value, folder: str | Path, grad: float = 1.0, **options: Any) -> list[Path]:
    """Write one SVG per frame (``step_000.svg``, ``step_001.svg``…) into ``folder``.

    Returns the paths in order. ``options`` go to :func:`autograd.draw_dot`.

    Raises:
        GraphvizNotFoundError: if Graphviz's ``dot`` is not installed.
    """
    check_dot()
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, (_, known, marked) in enumerate(backward_frames(root, grad)):
        path = target / f"step_{k:03d}.svg"
        path.write_bytes(
            draw_dot(root, grads=known, highlight=marked, **options).pipe(format="svg")
        )
        paths.append(path)
    return paths


def write_stepthrough(root: Value, path: str | Path, grad: float = 1.0, **options: Any) -> Path:
    """Write :func:`stepthrough_html` to ``path`` and return it as a ``Path``."""
    target = Path(path)
    target.write_text(stepthrough_html(root, grad, **options), encoding="utf-8")
    return target


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  body {{ font-family: Helvetica, Arial, sans-serif; margin: 1.5em; background: #fff; }}
  nav {{ display: flex; gap: 1em; align-items: center; margin-bottom: 0.5em; }}
  button {{ font-size: 1em; padding: 0.3em 1em; }}
  #caption {{ font-family: monospace; margin: 0.5em 0 1em; min-height: 1.5em; }}
  figure {{ margin: 0; }}
  svg {{ max-width: 100%; height: auto; }}
</style>
</head>
<body>
<h1>{title}</h1>
<nav>
  <button id="prev" type="button">&larr; previous</button>
  <span id="counter">step 0 of {last}</span>
  <button id="next" type="button">next &rarr;</button>
</nav>
<p id="caption">{first}</p>
{panes}
<script>
  const frames = document.querySelectorAll(".frame");
  const captions = {captions};
  let current = 0;
  function show(k) {{
    current = Math.max(0, Math.min(frames.length - 1, k));
    frames.forEach((f, i) => {{ f.hidden = i !== current; }});
    const counter = document.getElementById("counter");
    counter.textContent = "step " + current + " of " + (frames.length - 1);
    document.getElementById("caption").textContent = captions[current];
    document.getElementById("prev").disabled = current === 0;
    document.getElementById("next").disabled = current === frames.length - 1;
  }}
  document.getElementById("prev").onclick = () => show(current - 1);
  document.getElementById("next").onclick = () => show(current + 1);
  document.addEventListener("keydown", (e) => {{
    if (e.key === "ArrowLeft") show(current - 1);
    if (e.key === "ArrowRight") show(current + 1);
  }});
  show(0);
</script>
</body>
</html>
"""
