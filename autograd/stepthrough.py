"""The backward pass frame by frame, numbered as :func:`autograd.explain` numbers its lines.

Frame 0 shows the graph with only d(root)/d(root) = seed known. Frame ``k`` is step ``k``
of ``explain``: one edge of the chain rule, from a node whose gradient is complete to
one of its inputs, which receives ``local × upstream``; its caption is that step's line
of ``explain``. Gradients not yet known show as ``·``. The last frame holds the
gradients ``backward()`` computes. Nothing reads or writes ``.grad``.

:func:`write_stepthrough` writes one self-contained HTML page (no network) to step
through the frames: the graph at full size with pan and zoom, the current step's node
and edge highlighted and scrolled into view, and the caption above it;
:func:`step_through` shows the same page inline in Jupyter; :func:`write_frames` writes
one SVG file per frame.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograd.explain import Step, explain
from autograd.graph import topological_order
from autograd.render import HIGHLIGHT, check_dot, draw_dot, heat_color, text_color
from autograd.value import Value

__all__ = [
    "Frame",
    "StepThrough",
    "backward_frames",
    "step_through",
    "stepthrough_html",
    "write_frames",
    "write_stepthrough",
]


@dataclass(frozen=True)
class Frame:
    """One frame: ``caption`` is the matching line of ``explain`` (frame 0: the seed),
    ``grads`` the gradients known once the frame's step is taken, ``step`` that step
    (None for frame 0)."""

    caption: str
    grads: dict[Value, float]
    step: Step | None


def backward_frames(
    root: Value, grad: float = 1.0, *, show_constants: bool = False, precision: int = 4
) -> list[Frame]:
    """The frames, frame 0 first, one per numbered line of ``explain`` after it.

    Args:
        root, grad, precision, show_constants: as for :func:`autograd.explain`.

    >>> x = Value(3.0, label="x"); y = x * x; y.label = "y"
    >>> [frame.caption for frame in backward_frames(y)]      # doctest: +NORMALIZE_WHITESPACE
    ['d(y)/d(y) = 1',
     '1. y = x × x:  d(y)/d(x) = 3  ×  upstream 1  =  3',
     '2. y = x × x:  d(y)/d(x) = 3  ×  upstream 1  =  3']
    """
    text = explain(root, grad, precision, show_constants=show_constants)
    lines = text.splitlines()
    known: dict[Value, float] = {root: float(grad)}
    frames = [Frame(lines[0], dict(known), None)]
    for k, step in enumerate(text.steps, start=1):
        known[step.input] = step.total
        frames.append(Frame(lines[k], dict(known), step))
    return frames


def stepthrough_html(
    root: Value,
    grad: float = 1.0,
    title: str = "backward pass",
    *,
    show_constants: bool = False,
    precision: int = 4,
    **options: Any,
) -> str:
    """One self-contained HTML page (an inline SVG and a script, no network) stepping
    through :func:`backward_frames`.

    The graph is drawn once, at full size (``options`` go to :func:`autograd.draw_dot`,
    e.g. ``rankdir="LR"``); each frame fills in the gradients known so far, highlights
    its node, edge and input, scrolls them into view and shows its line of ``explain``.
    Keys: ← → step (Home/End: first/last), + − zoom, 0 full size, f fit the window,
    Shift+arrows pan; the mouse drags to pan, the wheel scrolls, Ctrl+wheel zooms.

    Raises:
        GraphvizNotFoundError: if Graphviz's ``dot`` is not installed.
        ValueError: with ``collapse=True`` (a step-through draws every node).
    """
    if options.get("collapse"):
        raise ValueError(
            "stepthrough_html: collapse=True is not supported: each step is one edge of the "
            "graph drawn node by node"
        )
    check_dot()
    text = explain(root, grad, precision, show_constants=show_constants)
    lines = text.splitlines()
    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}

    # Each box's grad row over the frames: (frame, text, fill, text colour) where it
    # changes. The layout is made with each box's widest text, so none overflows.
    changes: dict[str, list[tuple[int, str, str, str]]] = {
        f"v{i}": [(0, "·", "#ffffff", "black")]
        for i, node in enumerate(order)
        if show_constants or not node.is_constant
    }
    fill = heat_color(float(grad))
    changes[f"v{len(order) - 1}"] = [(0, _number(grad, precision), fill, text_color(fill))]
    widest: dict[Value, float] = {root: float(grad)}
    frames: list[dict[str, str]] = [{"node": f"v{len(order) - 1}"}]
    for k, step in enumerate(text.steps, start=1):
        value = _number(step.total, precision)
        fill = heat_color(step.total)
        changes[f"v{index[id(step.input)]}"].append((k, value, fill, text_color(fill)))
        if len(value) >= len(_number(widest.get(step.input, 0.0), precision)):
            widest[step.input] = step.total
        i = index[id(step.node)]
        frames.append(
            {
                "node": f"v{i}",
                "op": f"op{i}",
                "edge": f"e{i}_{step.position}",
                "input": f"v{index[id(step.input)]}",
            }
        )
    graph = draw_dot(root, grads=widest, show_constants=show_constants, **options)
    svg = graph.pipe(format="svg").decode("utf-8")
    svg = svg[svg.index("<svg") :]
    data = {"captions": lines[: len(frames)], "frames": frames, "grads": changes}
    return _PAGE.format(
        title=html.escape(title),
        last=len(frames) - 1,
        first=html.escape(lines[0]),
        svg=svg,
        # Inside <script>, "</" must not appear: escape it in the JSON strings.
        data=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
        highlight=HIGHLIGHT,
    )


class StepThrough:
    """A step-through page that Jupyter shows inline (in an iframe); ``html`` is the page.

    Made by :func:`step_through`; ``save(path)`` writes the page to a file.
    """

    def __init__(self, page: str, height: int = 640) -> None:
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        """The page in an iframe, so its script and keys stay inside it."""
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {self.height}px; border: 1px solid #ccc"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` and return it as a ``Path``."""
        target = Path(path)
        target.write_text(self.html, encoding="utf-8")
        return target


def step_through(
    root: Value, grad: float = 1.0, title: str = "backward pass", **options: Any
) -> StepThrough:
    """The step-through page of ``root`` as an object Jupyter displays inline: end a cell
    with ``step_through(v)``. Arguments as for :func:`stepthrough_html`.

    Raises:
        GraphvizNotFoundError: if Graphviz's ``dot`` is not installed.
    """
    height = options.pop("height", 640)
    return StepThrough(stepthrough_html(root, grad, title, **options), height)


def write_frames(
    root: Value,
    folder: str | Path,
    grad: float = 1.0,
    *,
    show_constants: bool = False,
    **options: Any,
) -> list[Path]:
    """Write one SVG per frame (``step_000.svg``, ``step_001.svg``…) into ``folder``.

    Returns the paths in order. ``options`` go to :func:`autograd.draw_dot`.

    Raises:
        GraphvizNotFoundError: if Graphviz's ``dot`` is not installed.
    """
    check_dot()
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, frame in enumerate(backward_frames(root, grad, show_constants=show_constants)):
        step = frame.step
        marked = [root] if step is None else [step.node, step.input]
        edges = [] if step is None else [(step.node, step.position)]
        graph = draw_dot(
            root,
            grads=frame.grads,
            highlight=marked,
            highlight_edges=edges,
            show_constants=show_constants,
            **options,
        )
        path = target / f"step_{k:03d}.svg"
        path.write_bytes(graph.pipe(format="svg"))
        paths.append(path)
    return paths


def write_stepthrough(root: Value, path: str | Path, grad: float = 1.0, **options: Any) -> Path:
    """Write :func:`stepthrough_html` to ``path`` and return it as a ``Path``."""
    target = Path(path)
    target.write_text(stepthrough_html(root, grad, **options), encoding="utf-8")
    return target


def _number(x: float, precision: int) -> str:
    return f"{x:.{precision}g}"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  html, body {{ margin: 0; height: 100%; }}
  body {{ display: flex; flex-direction: column; font: 15px Helvetica, Arial, sans-serif; }}
  header {{ padding: 8px 14px 6px; border-bottom: 1px solid #ddd; background: #fafafa; }}
  h1 {{ font-size: 18px; margin: 0 0 6px; }}
  nav {{ display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }}
  button {{ font: inherit; padding: 3px 10px; }}
  #counter {{ min-width: 8em; text-align: center; }}
  #zoom {{ min-width: 3.5em; text-align: center; }}
  .gap {{ width: 1.5em; }}
  .help {{ color: #666; font-size: 13px; }}
  #caption {{ font: 15px/1.35 Menlo, Consolas, "DejaVu Sans Mono", monospace; margin: 6px 0 0;
              white-space: pre-wrap; min-height: 2.7em; }}
  #viewport {{ flex: 1; overflow: auto; cursor: grab; position: relative; }}
  #viewport.dragging {{ cursor: grabbing; }}
  #viewport svg {{ display: block; margin: 8px; }}
  .node.current > path[fill="none"], .node.current > polygon[fill="none"],
  .node.current > ellipse {{ stroke: {highlight}; stroke-width: 3px; }}
  .node.input > path[fill="none"], .node.input > polygon[fill="none"] {{
    stroke: {highlight}; stroke-width: 2px; stroke-dasharray: 5 3; }}
  .edge.current > path {{ stroke: {highlight}; stroke-width: 3px; }}
  .edge.current > polygon {{ stroke: {highlight}; fill: {highlight}; }}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<nav>
  <button id="first" type="button" title="first step (Home)">&laquo; first</button>
  <button id="prev" type="button" title="previous step (&larr;)">&larr; previous</button>
  <span id="counter">step 0 of {last}</span>
  <button id="next" type="button" title="next step (&rarr;)">next &rarr;</button>
  <button id="last" type="button" title="last step (End)">last &raquo;</button>
  <span class="gap"></span>
  <button id="zoom-out" type="button" title="zoom out (&minus;)">&minus;</button>
  <span id="zoom">100%</span>
  <button id="zoom-in" type="button" title="zoom in (+)">+</button>
  <button id="zoom-reset" type="button" title="full size (0)">1:1</button>
  <button id="zoom-fit" type="button" title="fit the window (f)">fit</button>
  <span class="help">&larr; &rarr; step &middot; + &minus; zoom &middot;
    drag, scroll or Shift+arrows to pan &middot; Ctrl+wheel zooms</span>
</nav>
<p id="caption">{first}</p>
</header>
<main id="viewport" tabindex="0">
{svg}
</main>
<script>
"use strict";
const DATA = {data};
const viewport = document.getElementById("viewport");
const svg = viewport.querySelector("svg");
const natural = {{ width: svg.width.baseVal.value, height: svg.height.baseVal.value }};
let zoom = 1;
let current = 0;

// Each box's grad text, background and texts, found once.
const boxes = {{}};
for (const id of Object.keys(DATA.grads)) {{
  const g = document.getElementById(id);
  if (!g) continue;
  const texts = [...g.querySelectorAll("text")];
  boxes[id] = {{
    grad: texts.filter((t) => t.textContent.startsWith("grad ")).pop(),  // the last row
    fill: g.querySelector(
      ':scope > path[stroke="transparent"], :scope > polygon[stroke="transparent"]'),
    texts: texts,
  }};
}}

function stateAt(changes, k) {{
  let state = changes[0];
  for (const change of changes) {{
    if (change[0] > k) break;
    state = change;
  }}
  return state;
}}

function setZoom(z, px, py) {{
  z = Math.min(8, Math.max(0.05, z));
  const rect = viewport.getBoundingClientRect();
  px = px === undefined ? viewport.clientWidth / 2 : px;
  py = py === undefined ? viewport.clientHeight / 2 : py;
  const gx = (viewport.scrollLeft + px) / zoom;
  const gy = (viewport.scrollTop + py) / zoom;
  zoom = z;
  svg.setAttribute("width", natural.width * zoom);
  svg.setAttribute("height", natural.height * zoom);
  viewport.scrollLeft = gx * zoom - px;
  viewport.scrollTop = gy * zoom - py;
  document.getElementById("zoom").textContent = Math.round(zoom * 100) + "%";
}}

function fit() {{
  const z = Math.min((viewport.clientWidth - 20) / natural.width,
                     (viewport.clientHeight - 20) / natural.height);
  setZoom(z);
}}

function reveal(ids) {{
  // Scroll the highlighted elements into view: all of them if they fit, else the node.
  const view = viewport.getBoundingClientRect();
  const rects = ids.map((id) => document.getElementById(id)).filter(Boolean)
    .map((el) => el.getBoundingClientRect());
  if (!rects.length) return;
  let box = union(rects);
  if (box.right - box.left > view.width || box.bottom - box.top > view.height) {{
    box = union(rects.slice(0, 1));
  }}
  const inside = box.left >= view.left && box.right <= view.right &&
                 box.top >= view.top && box.bottom <= view.bottom;
  if (inside) return;
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  viewport.scrollTo({{
    left: viewport.scrollLeft + (box.left + box.right) / 2 - (view.left + view.right) / 2,
    top: viewport.scrollTop + (box.top + box.bottom) / 2 - (view.top + view.bottom) / 2,
    behavior: reduce ? "auto" : "smooth",
  }});
}}

function union(rects) {{
  return {{
    left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)),
    top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)),
  }};
}}

function show(k) {{
  current = Math.max(0, Math.min(DATA.frames.length - 1, k));
  for (const [id, changes] of Object.entries(DATA.grads)) {{
    const box = boxes[id];
    if (!box) continue;
    const [, text, fill, colour] = stateAt(changes, current);
    if (box.grad) box.grad.textContent = "grad " + text;
    if (box.fill) box.fill.setAttribute("fill", fill);
    for (const t of box.texts) t.setAttribute("fill", colour);
  }}
  for (const el of document.querySelectorAll(".current, .input")) {{
    el.classList.remove("current", "input");
  }}
  const frame = DATA.frames[current];
  for (const key of ["node", "op", "edge"]) {{
    const el = frame[key] && document.getElementById(frame[key]);
    if (el) el.classList.add("current");
  }}
  const input = frame.input && document.getElementById(frame.input);
  if (input) input.classList.add("input");
  const last = DATA.frames.length - 1;
  document.getElementById("counter").textContent = "step " + current + " of " + last;
  document.getElementById("caption").textContent = DATA.captions[current];
  document.getElementById("prev").disabled = document.getElementById("first").disabled =
    current === 0;
  document.getElementById("next").disabled = document.getElementById("last").disabled =
    current === last;
  reveal([frame.node, frame.op, frame.edge, frame.input].filter(Boolean));
}}

document.getElementById("first").onclick = () => show(0);
document.getElementById("prev").onclick = () => show(current - 1);
document.getElementById("next").onclick = () => show(current + 1);
document.getElementById("last").onclick = () => show(DATA.frames.length - 1);
document.getElementById("zoom-in").onclick = () => setZoom(zoom * 1.25);
document.getElementById("zoom-out").onclick = () => setZoom(zoom / 1.25);
document.getElementById("zoom-reset").onclick = () => setZoom(1);
document.getElementById("zoom-fit").onclick = fit;

document.addEventListener("keydown", (e) => {{
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const pan = 0.2;
  const actions = {{
    ArrowLeft: () => (e.shiftKey ? viewport.scrollBy(-viewport.clientWidth * pan, 0)
                                 : show(current - 1)),
    ArrowRight: () => (e.shiftKey ? viewport.scrollBy(viewport.clientWidth * pan, 0)
                                  : show(current + 1)),
    ArrowUp: () => viewport.scrollBy(0, -viewport.clientHeight * pan),
    ArrowDown: () => viewport.scrollBy(0, viewport.clientHeight * pan),
    Home: () => show(0),
    End: () => show(DATA.frames.length - 1),
    "+": () => setZoom(zoom * 1.25),
    "=": () => setZoom(zoom * 1.25),
    "-": () => setZoom(zoom / 1.25),
    "0": () => setZoom(1),
    f: () => fit(),
  }};
  const action = actions[e.key];
  if (action) {{
    e.preventDefault();
    action();
  }}
}});

viewport.addEventListener("wheel", (e) => {{
  if (!e.ctrlKey && !e.metaKey) return;  // a plain wheel scrolls (pans)
  e.preventDefault();
  const rect = viewport.getBoundingClientRect();
  setZoom(zoom * Math.exp(-e.deltaY * 0.002), e.clientX - rect.left, e.clientY - rect.top);
}}, {{ passive: false }});

let drag = null;
viewport.addEventListener("pointerdown", (e) => {{
  if (e.button !== 0) return;
  drag = {{ x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop }};
  viewport.setPointerCapture(e.pointerId);
  viewport.classList.add("dragging");
}});
viewport.addEventListener("pointermove", (e) => {{
  if (!drag) return;
  viewport.scrollLeft = drag.left - (e.clientX - drag.x);
  viewport.scrollTop = drag.top - (e.clientY - drag.y);
}});
for (const type of ["pointerup", "pointercancel"]) {{
  viewport.addEventListener(type, () => {{
    drag = null;
    viewport.classList.remove("dragging");
  }});
}}

setZoom(1);
show(0);
</script>
</body>
</html>
"""
