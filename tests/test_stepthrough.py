"""The backward pass frame by frame: frames match backward(), and the HTML page steps
forward and back in headless Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from autograd import Value, write_frames, write_stepthrough
from autograd.stepthrough import backward_frames, stepthrough_html


def graph() -> Value:
    a, b = Value(0.5, label="a"), Value(-1.5, label="b")
    c = a * b
    c.label = "c"
    d = (c + a).tanh()
    d.label = "d"
    return d


def test_frames_fill_in_gradients_up_to_what_backward_computes() -> None:
    root = graph()
    frames = backward_frames(root)
    assert frames[0][0] == "start: d(d)/d(d) = 1" and frames[0][1] == {root: 1.0}
    known_counts = [len(known) for _, known, _ in frames]
    assert known_counts == sorted(known_counts)  # gradients only get filled in
    last = frames[-1][1]
    root.backward()
    for node, grad in last.items():
        assert grad == node.grad


@pytest.mark.needs_dot
def test_one_svg_per_frame(tmp_path: Path) -> None:
    paths = write_frames(graph(), tmp_path / "frames")
    assert [p.name for p in paths] == [f"step_{k:03d}.svg" for k in range(len(paths))]
    assert len(paths) == len(backward_frames(graph()))
    assert all(p.read_text(encoding="utf-8").rstrip().endswith("</svg>") for p in paths)


@pytest.mark.needs_dot
def test_page_is_self_contained(tmp_path: Path) -> None:
    page = stepthrough_html(graph(), title="demo <page>")
    assert page.count("<svg") == len(backward_frames(graph()))
    assert "<title>demo &lt;page&gt;</title>" in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # unique across the inlined frames
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    path = write_stepthrough(graph(), tmp_path / "steps.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.needs_dot
@pytest.mark.needs_chromium
def test_page_steps_forward_and_back_in_chromium(tmp_path: Path) -> None:
    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    path = write_stepthrough(graph(), tmp_path / "steps.html")
    n_frames = len(backward_frames(graph()))
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(flag)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(path.as_uri())

        def visible() -> list[int]:
            frames = driver.find_elements(By.CSS_SELECTOR, "figure.frame")
            return [i for i, f in enumerate(frames) if f.is_displayed()]

        counter = driver.find_element(By.ID, "counter")
        assert visible() == [0] and counter.text == f"step 0 of {n_frames - 1}"
        assert not driver.find_element(By.ID, "prev").is_enabled()
        nxt = driver.find_element(By.ID, "next")
        for k in range(1, n_frames):
            nxt.click()
            assert visible() == [k] and counter.text == f"step {k} of {n_frames - 1}"
        assert not nxt.is_enabled()
        driver.find_element(By.ID, "prev").click()
        assert visible() == [n_frames - 2]
        assert "passes" in driver.find_element(By.ID, "caption").text
        shot = tmp_path / "shot.png"
        driver.save_screenshot(str(shot))
    finally:
        driver.quit()
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20  # not blank: text, boxes, heat colours
