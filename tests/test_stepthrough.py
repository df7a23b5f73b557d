"""The backward pass frame by frame: frames are explain's steps and end at backward();
the page steps, pans and zooms in headless Chromium with readable text."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autograd import Value, explain, write_frames, write_stepthrough
from autograd.stepthrough import StepThrough, backward_frames, step_through, stepthrough_html
from nn import MLP, half_squared_error


def graph() -> Value:
    a, b = Value(0.5, label="a"), Value(-1.5, label="b")
    c = a * b
    c.label = "c"
    d = (c + a * 2.0).tanh()
    d.label = "d"
    return d


def seed002() -> Value:
    """Seed 002's network (weights from the notebook) and its error E, before backward."""
    model = MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid")
    weights = {"0.0": (0.15, 0.24), "0.1": (0.2, 0.3), "1.0": (-0.4, 0.5)}
    state = {}
    for neuron, (w0, w1) in weights.items():
        layer, unit = neuron.split(".")
        prefix = f"layers.{layer}.neurons.{unit}"
        state.update({f"{prefix}.w.0": w0, f"{prefix}.w.1": w1, f"{prefix}.b": 1.0})
    model.load_state_dict(state)
    out = model([Value(0.5, label="x0"), Value(0.1, label="x1")])
    assert isinstance(out, Value)
    out.label = "ŷ"
    error = half_squared_error(out, 0.9)
    error.label = "E"
    return error


def test_frames_are_the_numbered_lines_of_explain() -> None:
    root = graph()
    text = explain(root)
    frames = backward_frames(root)
    assert len(frames) == len(text.steps) + 1
    assert [f.caption for f in frames] == text.splitlines()[: len(frames)]
    assert frames[0].step is None and [f.step for f in frames[1:]] == list(text.steps)
    assert not any(f.step.input.is_constant for f in frames[1:] if f.step)  # type: ignore[union-attr]
    with_constants = backward_frames(root, show_constants=True)
    assert len(with_constants) == len(frames) + 1  # the step into the constant 2


def test_frames_fill_in_gradients_up_to_what_backward_computes() -> None:
    root = graph()
    frames = backward_frames(root)
    assert frames[0].grads == {root: 1.0}
    known_counts = [len(f.grads) for f in frames]
    assert known_counts == sorted(known_counts)  # gradients only get filled in
    root.backward()
    for node, grad in frames[-1].grads.items():
        assert grad == node.grad


@pytest.mark.needs_dot
def test_one_svg_per_frame_with_its_edge_highlighted(tmp_path: Path) -> None:
    paths = write_frames(graph(), tmp_path / "frames")
    frames = backward_frames(graph())
    assert [p.name for p in paths] == [f"step_{k:03d}.svg" for k in range(len(frames))]
    for path in paths[1:]:
        svg = path.read_text(encoding="utf-8")
        assert svg.rstrip().endswith("</svg>")
        assert (
            len(
                re.findall(
                    r'class="edge">\n<title>[^<]*</title>\n<path fill="none" '
                    r'stroke="#1f4fd1" stroke-width="3"',
                    svg,
                )
            )
            == 1
        )


def page_data(page: str) -> dict[str, Any]:
    found = re.search(r"const DATA = (.*);\n", page)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


@pytest.mark.needs_dot
def test_page_is_self_contained(tmp_path: Path) -> None:
    root = graph()
    page = stepthrough_html(root, title="demo <page>")
    assert page.count("<svg") == 1 and "<title>demo &lt;page&gt;</title>" in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    data = page_data(page)
    assert data["captions"] == explain(root).splitlines()[: len(backward_frames(root))]
    assert len(data["frames"]) == len(data["captions"])
    path = write_stepthrough(root, tmp_path / "steps.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.needs_dot
def test_labels_cannot_end_the_script() -> None:
    x = Value(2.0, label="</script><b>")
    page = stepthrough_html(x * x)
    assert page.count("</script>") == 1
    assert page_data(page)["captions"][1].startswith("1. mul#1 = </script><b> × </script><b>")


def test_collapsed_step_through_is_refused() -> None:
    with pytest.raises(ValueError, match="collapse=True is not supported"):
        stepthrough_html(graph(), collapse=True)


@pytest.mark.needs_dot
def test_jupyter_shows_the_page_in_an_iframe(tmp_path: Path) -> None:
    shown = step_through(graph(), height=300)
    assert isinstance(shown, StepThrough)
    frame = shown._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and "height: 300px" in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame)
    assert srcdoc is not None and html.unescape(srcdoc.group(1)) == shown.html
    assert shown.save(tmp_path / "s.html").read_text(encoding="utf-8") == shown.html


# ---------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium at 1280×800, without network chatter, logging the console."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in (
        *("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic"),
        *("--no-first-run", "--disable-background-networking", "--disable-component-update"),
        *("--disable-sync", "--window-size=1280,800", "--force-prefers-reduced-motion"),
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


IN_VIEW = """
const view = document.getElementById("viewport").getBoundingClientRect();
const r = document.getElementById(arguments[0]).getBoundingClientRect();
return r.left >= view.left - 1 && r.right <= view.right + 1 &&
       r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
"""
STATE = """
const frame = arguments[0];
const node = document.getElementById(frame.node);
const view = document.getElementById("viewport").getBoundingClientRect();
const r = node.getBoundingClientRect();
const edge = frame.edge ? document.getElementById(frame.edge).getAttribute("class") : "";
return [document.getElementById("caption").textContent,
        document.getElementById("counter").textContent, node.getAttribute("class"),
        r.left >= view.left - 1 && r.right <= view.right + 1 &&
        r.top >= view.top - 1 && r.bottom <= view.bottom + 1, edge];
"""
GRAD_TEXTS = """
return [...document.querySelectorAll("g.node text")].map((t) => t.textContent)
  .filter((t) => t.startsWith("grad "));
"""
TEXT_SIZES = """
return [...document.querySelectorAll("g.node text")].map((t) => {
  const m = t.getScreenCTM();
  return [t.getBoundingClientRect().height,
          parseFloat(t.getAttribute("font-size")) * Math.hypot(m.a, m.b)];
});
"""


@pytest.mark.needs_dot
@pytest.mark.needs_chromium
def test_page_steps_through_explain_with_readable_text(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    error = seed002()
    lines = explain(error).splitlines()
    last = len(backward_frames(error)) - 1
    path = write_stepthrough(error, tmp_path / "steps.html")
    frames = page_data(path.read_text(encoding="utf-8"))["frames"]
    browser.get(path.as_uri())

    def check(k: int) -> None:
        caption, counter, node, in_view, edge = browser.execute_script(STATE, frames[k])
        assert caption == lines[k] and counter == f"step {k} of {last}"
        assert "current" in node and in_view, f"frame {k}: node not highlighted in view"
        assert k == 0 or "current" in edge

    # forward with the button, from the seed to the last step
    check(0)
    grads = browser.execute_script(GRAD_TEXTS)
    assert sum(g != "grad ·" for g in grads) == 1  # only d(E)/d(E) is known
    assert not browser.find_element(By.ID, "prev").is_enabled()
    for k in range(1, last + 1):
        browser.find_element(By.ID, "next").click()
        check(k)
    assert not browser.find_element(By.ID, "next").is_enabled()
    assert "grad ·" not in browser.execute_script(GRAD_TEXTS)  # every gradient known
    # and back with the ← key
    body = browser.find_element(By.TAG_NAME, "body")
    for k in range(last - 1, -1, -1):
        body.send_keys(Keys.ARROW_LEFT)
        check(k)

    # box text at full size: at least 10 px tall at 1280×800
    sizes = browser.execute_script(TEXT_SIZES)
    assert sizes and min(height for height, _ in sizes) >= 10
    assert min(font for _, font in sizes) >= 10

    # zoom: buttons, keys and Ctrl+wheel; pan: dragging
    def width() -> float:
        return float(
            browser.execute_script(
                "return document.querySelector('svg').getBoundingClientRect().width"
            )
        )

    full = width()
    browser.find_element(By.ID, "zoom-in").click()
    assert width() == pytest.approx(1.25 * full, rel=0.01)
    body.send_keys("-")
    assert width() == pytest.approx(full, rel=0.01)
    browser.execute_script(
        "document.getElementById('viewport').dispatchEvent(new WheelEvent('wheel', {deltaY: "
        "-200, ctrlKey: true, clientX: 300, clientY: 300, bubbles: true, cancelable: true}))"
    )
    assert width() > 1.3 * full and browser.find_element(By.ID, "zoom").text != "100%"
    body.send_keys("0")
    assert width() == pytest.approx(full, rel=0.01)
    browser.find_element(By.ID, "zoom-fit").click()
    assert browser.execute_script(IN_VIEW, "graph0")  # the whole graph in the window
    body.send_keys("0")
    viewport = browser.find_element(By.ID, "viewport")
    browser.execute_script("arguments[0].scrollTop = 0", viewport)
    ActionChains(browser).move_to_element(viewport).click_and_hold().move_by_offset(
        0, -120
    ).release().perform()
    assert browser.execute_script("return arguments[0].scrollTop", viewport) == pytest.approx(
        120, abs=2
    )

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
