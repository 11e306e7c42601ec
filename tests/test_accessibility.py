"""Accessibility of the kit's own output, measured in a real browser.

What a keyboard user, a screen-reader user and someone with low vision meet
in JupyterLab (and in Jupyter Notebook 7):

* the axe-core engine finds no serious or critical violation in the quiz,
  the ear quiz, exercise feedback and the charts of lesson 5, and every
  chart image has alternative text built from its description;
* the quiz is operated by keyboard alone in reading order; its focus ring and
  the pressed answer contrast at least 3:1 (WCAG 1.4.11), computed from the
  colours the browser rendered;
* the accessibility tree names each group of answers by its question, says
  which answer is pressed, names buttons without stray icon characters, and
  announces the verdict through a live region that was already in the page;
* lesson 1's quiz works in Notebook 7 too.

axe-core comes from the npm registry: ``.ci/run`` installs it (see
``AXE_DIRS``); ``KIT_AXE`` may point at another ``axe.min.js``. Without it,
or without Chromium, these tests skip locally and fail under CI=true.

Run them alone with::

    .venv/bin/python -m pytest tests/test_accessibility.py -v -p no:nbval -o addopts=""
"""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse
import warnings
from pathlib import Path

import pytest

from browser_support import (
    _ARM_RUN, ARTIFACTS, CHROMIUM_ARGS, KERNEL_IDLE, MISSING_CHROMIUM, PAGE_LOAD, ROOT, RUN_ALL, UI, WIDGETS,
    Lab, LabServer, chromium_executable, in_ci, skip_or_fail, tab_to, write_notebook,
)

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=20_000)
except ImportError:
    pass

#: Where .ci/run installs axe-core (npm install --prefix DIR axe-core).
AXE_DIRS = [Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kit-axe", ROOT]
CHARTS_LESSON = "05-charting-genres-and-eras.ipynb"
QUIZ_LESSON = "01-score-or-soundtrack.ipynb"
#: WCAG 2.2: non-text contrast (1.4.11) and text contrast (1.4.3).
NON_TEXT, TEXT = 3.0, 4.5


def axe_script() -> str:
    wanted = os.environ.get("KIT_AXE")
    candidates = [Path(wanted)] if wanted else [d / "node_modules" / "axe-core" / "axe.min.js" for d in AXE_DIRS]
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    skip_or_fail("axe-core is not installed: npm install --prefix ~/.cache/kit-axe axe-core@4 "
                 "(.ci/run does this), or point KIT_AXE at axe.min.js")


# -- colours, as the browser rendered them ---------------------------------------------

_CONTRAST_JS = r"""
() => {
  const parse = s => { const m = /rgba?\(([^)]+)\)/.exec(s || ''); if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  // What is painted behind an element: its background and its ancestors', composited.
  const fill = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let out = [255, 255, 255, 1]; for (const c of layers.reverse()) out = over(c, out); return out; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  window.kitContrast = { fill, ratio,
    ring(el) { const s = getComputedStyle(el); const c = parse(s.outlineColor) || [0, 0, 0, 0];
      const page = fill(el.parentElement), own = fill(el);
      const width = parseFloat(s.outlineWidth) || 0, offset = parseFloat(s.outlineOffset) || 0;
      // The ring's outer edge must not be cut off by a box that clips (overflow other than visible).
      const r = el.getBoundingClientRect(), grow = Math.max(0, width + offset) - 0.5;
      let clippedBy = null;
      for (let e = el.parentElement; e && !e.classList.contains('jp-Cell'); e = e.parentElement) {
        const o = getComputedStyle(e); if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
        const b = e.getBoundingClientRect();
        if (r.left - grow < b.left || r.right + grow > b.right || r.top - grow < b.top || r.bottom + grow > b.bottom) {
          clippedBy = e.className || e.tagName; break; }
      }
      return { style: s.outlineStyle, width, offset, color: s.outlineColor, clippedBy,
               vsPage: ratio(over(c, page), page), vsButton: ratio(over(c, own), own) }; },
    text(el) { const s = getComputedStyle(el); const bg = fill(el);
      return ratio(over(parse(s.color), bg), bg); },
  };
}
"""


def ring_problems(el, what: str) -> list[str]:
    """A visible focus ring of at least 2 px that contrasts 3:1 with what touches it."""
    r = el.evaluate("e => kitContrast.ring(e)")
    out = []
    if r["style"] in ("none", "hidden") or r["width"] < 2:
        out.append(f"{what}: focus ring is {r['style']} {r['width']}px")
    if r["clippedBy"]:
        out.append(f"{what}: focus ring cut off by its container ({r['clippedBy']})")
    # With a gap (outline-offset > 0) the ring touches only the page; else the button too.
    touching = r["vsPage"] if r["offset"] > 0 else min(r["vsPage"], r["vsButton"])
    if touching < NON_TEXT:
        out.append(f"{what}: focus ring {r['color']} contrasts {touching:.2f}:1 (needs {NON_TEXT}:1)")
    return out


def contrast_problems(page, buttons) -> list[str]:
    """Press Soundtrack by keyboard and measure the focus rings and the fills."""
    from playwright.sync_api import expect

    problems = []
    tab_to(page, buttons["Soundtrack"], backwards=True)
    problems += ring_problems(buttons["Soundtrack"], "answer not pressed")
    if buttons["Soundtrack"].get_attribute("aria-pressed") != "true":
        page.keyboard.press("Space")
    expect(buttons["Soundtrack"]).to_have_attribute("aria-pressed", "true")
    expect(buttons["Score"]).to_have_attribute("aria-pressed", "false")
    problems += ring_problems(buttons["Soundtrack"], "pressed answer")
    tab_to(page, buttons["Check"])
    problems += ring_problems(buttons["Check"], "Check")

    # Pressed and not pressed differ by more than a shade: 3:1 between their fills,
    # and every answer's words stay readable.
    page.evaluate("() => document.activeElement.blur()")
    on = buttons["Soundtrack"].evaluate("e => kitContrast.fill(e)")
    off = buttons["Score"].evaluate("e => kitContrast.fill(e)")
    fill_ratio = page.evaluate("([a, b]) => kitContrast.ratio(a, b)", [on, off])
    if fill_ratio < NON_TEXT:
        problems.append(f"pressed {on} vs not pressed {off}: {fill_ratio:.2f}:1 (needs {NON_TEXT}:1)")
    for name in ("Score", "Soundtrack", "Check"):
        text = buttons[name].evaluate("e => kitContrast.text(e)")
        if text < TEXT:
            problems.append(f"{name}: text contrasts {text:.2f}:1 (needs {TEXT}:1)")
    return problems


# -- axe ---------------------------------------------------------------------------------

_AXE_RUN = """async (selectors) => {
  const include = selectors.flatMap(s => [...document.querySelectorAll(s)]);
  if (!include.length) return {error: 'nothing matched ' + selectors.join(', ')};
  const r = await axe.run(include, {resultTypes: ['violations']});
  return {checked: include.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(0, 3).join(' '))}))};
}"""


def axe_violations(page, *selectors: str) -> list[dict]:
    """axe-core's serious and critical violations inside these elements."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_script())
    result = page.evaluate(_AXE_RUN, list(selectors))
    assert "error" not in result, result.get("error")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def say(violations) -> str:
    return "\n".join(f"{v['impact']} {v['id']} ({v['help']}): {v['nodes']}" for v in violations)


# -- fixtures ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed: pip install -e '.[test]'")
    executable = chromium_executable()
    if executable is None:
        skip_or_fail(MISSING_CHROMIUM)
    axe_script()  # skip (or fail in CI) before starting anything
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS, timeout=60_000)
        except Exception as err:
            if in_ci():
                raise
            pytest.skip(f"Chromium at {executable} would not start: {err}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("a11y-site")
    (site / "notebooks").mkdir()
    for name in (QUIZ_LESSON, CHARTS_LESSON):
        shutil.copy(ROOT / "notebooks" / name, site / "notebooks" / name)
    shutil.copytree(ROOT / "data", site / "data", ignore=shutil.ignore_patterns("parts"))
    return site


def _serve(server_cls, site, tmp_path_factory, name):
    base = tmp_path_factory.mktemp(name)
    server = server_cls(site, base, answers_dir=base / "answers").start()
    proc = server.proc
    try:
        yield server
    finally:
        server.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(server.log_path, ARTIFACTS / f"{name}.log")
        for note in server.notes:
            warnings.warn(f"stopping {name}: {note}")
        assert proc.poll() is not None, f"{name} is still running"


@pytest.fixture(scope="module")
def lab(browser, site, tmp_path_factory):
    yield from _serve(LabServer, site, tmp_path_factory, "a11y-lab")


def _new_page(browser, server, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(UI)
    pg = context.new_page()
    pg.on("dialog", lambda d: d.accept())
    failed_before = request.session.testsfailed
    return context, pg, failed_before


def _close_page(context, pg, server, request, failed_before):
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            pg.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"))
        except Exception:
            pass
    context.close()
    server.shutdown_kernels()


@pytest.fixture
def page(browser, lab, request):
    context, pg, before = _new_page(browser, lab, request)
    yield pg
    _close_page(context, pg, lab, request, before)


def open_and_run(page, lab, path: str, workspace: str) -> Lab:
    ui = Lab(page, lab)
    ui.open(path, workspace)
    ui.run_all()
    page.evaluate(_CONTRAST_JS)
    return ui


QUIZ = ("import kit\n"
        "quiz = kit.quiz(level={level}, n=2, seed=1, save_to='answers/a11y-{level}.json')\nquiz")


# -- the quiz: axe, names, groups, pressed state, live region ---------------------------

def test_quiz_and_exercise_feedback_pass_axe_and_expose_groups_pressed_state_and_a_live_verdict(page, lab, site):
    from playwright.sync_api import expect

    write_notebook(site / "notebooks" / "a11y-quiz.ipynb", QUIZ.format(level=2),
                   "cues = kit.load_cues()\nkit.check_exercise('breakfast-club-cue-type', 'original score', cues)",
                   "kit.check_exercise('breakfast-club-cue-type', 'pre-existing song', cues)",
                   "kit.check_exercise('breakfast-club-cue-type', ..., cues)")
    open_and_run(page, lab, "notebooks/a11y-quiz.ipynb", "a11y-quiz")
    quiz = page.locator(".kit-quiz")
    expect(quiz).to_have_count(1)
    exercises = ".jp-Cell:nth-child(n+2) .jp-OutputArea-output"
    found = axe_violations(page, ".kit-quiz", exercises)
    assert not found, "before answering:\n" + say(found)

    # Each question is a group named by the question; its buttons say whether they are pressed.
    questions = {"Was it written for this production?": ["Original", "Pre-existing"],
                 "Song or instrumental?": ["Instrumental", "Song"],
                 "Can the characters hear it?": ["Diegetic", "Non-diegetic", "Ambiguous"]}
    for question, answers in questions.items():
        group = quiz.get_by_role("group", name=question, exact=True)
        expect(group).to_have_count(1)
        for label in answers:
            expect(group.get_by_role("button", name=label, exact=True)).to_have_attribute("aria-pressed", "false")
    ids = page.evaluate("() => [...document.querySelectorAll('.kit-quiz [aria-labelledby]')].map(e => e.getAttribute('aria-labelledby'))")
    assert len(ids) == len(set(ids)) == 3, f"groups share a label id: {ids}"
    # Every button's name is its words: no icon glyph (private-use character) in front.
    names = [b.evaluate("e => e.textContent") for b in quiz.get_by_role("button").all()]
    assert names == [a for answers in questions.values() for a in answers] + ["Previous", "Check", "Next"]
    for name in ("Previous", "Check", "Next"):
        expect(quiz.get_by_role("button", name=name, exact=True)).to_have_count(1)
    snapshot = quiz.aria_snapshot()
    assert not re.search(r"[\ue000-\uf8ff]", snapshot), snapshot

    # The verdict lands in a live region that was in the page before Check was pressed.
    live = quiz.locator(".kit-live[role='status'][aria-live='polite']")
    expect(live).to_have_count(3)  # the chosen answer in words, the save status, the verdict
    handles = [h for h in live.element_handles()]
    # in the accessibility tree already (a hidden region that appears is not announced)
    assert all(h.evaluate("e => e.checkVisibility({visibilityProperty: true})") for h in handles), \
        "a live region is hidden while empty"
    for question, answers in questions.items():
        quiz.get_by_role("group", name=question, exact=True).get_by_role("button", name=answers[0],
                                                                         exact=True).click()
    pressed = quiz.get_by_role("button", pressed=True)
    expect(pressed).to_have_count(3)
    assert quiz.aria_snapshot().count("[pressed]") == 3
    quiz.get_by_role("button", name="Check", exact=True).click()
    verdict = quiz.locator(".kit-feedback")
    expect(verdict).to_contain_text("Why:")
    assert any(h.evaluate("(region, v) => region.contains(v)", verdict.element_handle()) for h in handles), \
        "the verdict is not inside a live region that was there before Check"
    assert all(h.evaluate("e => e.isConnected") for h in handles), "a live region was replaced"

    assert "Why:" in live_region_text(page), "Chromium's accessibility tree has no live region with the verdict"

    found = axe_violations(page, ".kit-quiz", exercises)
    assert not found, "after answering:\n" + say(found)


def live_region_text(page) -> str:
    """The text inside polite live regions, read from Chromium's accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {n["nodeId"]: n for n in nodes}

    def polite(n):
        return any(p["name"] == "live" and p["value"].get("value") == "polite" for p in n.get("properties", []))

    def text(n):
        own = n.get("name", {}).get("value", "") if n.get("role", {}).get("value") == "StaticText" else ""
        return own + " ".join(text(by_id[c]) for c in n.get("childIds", []) if c in by_id)

    roots = [n for n in nodes if polite(n) and not polite(by_id.get(n.get("parentId"), {}))]
    return " ".join(text(n) for n in roots)


def test_quiz_by_keyboard_with_a_visible_focus_ring_and_pressed_state(page, lab, site):
    from playwright.sync_api import expect

    write_notebook(site / "notebooks" / "a11y-keys.ipynb", QUIZ.format(level=1))
    ui = open_and_run(page, lab, "notebooks/a11y-keys.ipynb", "a11y-keys")
    quiz = page.locator(".kit-quiz")
    buttons = {n: quiz.get_by_role("button", name=n, exact=True)
               for n in ("Score", "Soundtrack", "Neither fits", "Previous", "Check", "Next")}

    # Tab order: the answers in reading order, then Check and Next (Previous is disabled).
    ui.cell(0).click()
    page.keyboard.press("Escape")
    tab_to(page, buttons["Score"])
    order = []
    for _ in range(4):
        order.append(page.evaluate("() => document.activeElement.textContent.trim()"))
        page.keyboard.press("Tab")
    assert order == ["Score", "Soundtrack", "Neither fits", "Check"]
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Next"

    # The focus ring, on an answer not pressed, on a pressed one, and on Check;
    # the pressed answer against the others.
    problems = contrast_problems(page, buttons)
    assert not problems, "\n".join(problems)

    # Operated by keyboard: Enter on Check gives the verdict, Enter on Next moves on.
    buttons["Check"].focus()
    page.keyboard.press("Enter")
    expect(quiz.locator(".kit-feedback")).to_contain_text("Why:")
    tab_to(page, buttons["Next"])
    page.keyboard.press("Enter")
    expect(quiz).to_contain_text("Question 2 of 2")
    expect(quiz.get_by_role("button", pressed=True)).to_have_count(0)
    # Next is now disabled: the focus goes on to Check, not back to the page's top.
    expect(buttons["Next"]).to_be_disabled()
    expect(buttons["Check"]).to_be_focused()
    ui.screenshot("a11y-quiz-keyboard", quiz)


def test_ear_quiz_passes_axe(page, lab, site):
    from playwright.sync_api import expect

    write_notebook(site / "notebooks" / "a11y-ear.ipynb",
                   "from kit import listen\nlisten.ear_quiz(level=1, n=2, seed=3, save_to='answers/ear.json')")
    open_and_run(page, lab, "notebooks/a11y-ear.ipynb", "a11y-ear")
    quiz = page.locator(".kit-quiz")
    expect(quiz).to_have_count(1)
    expect(quiz.get_by_role("group", name="Can the characters hear it?", exact=True)).to_have_count(1)
    found = axe_violations(page, ".kit-quiz")
    assert not found, say(found)
    quiz.get_by_role("button", name="Yes: it plays in their world", exact=True).click()
    quiz.get_by_role("button", name="Check", exact=True).click()
    expect(quiz.locator(".kit-feedback")).to_contain_text("Why:")
    found = axe_violations(page, ".kit-quiz")
    assert not found, "after answering:\n" + say(found)


def test_charts_in_lesson_5_have_alt_text_from_their_description(page, lab, site):
    import nbformat

    rel = f"notebooks/{CHARTS_LESSON}"
    ui = open_and_run(page, lab, rel, "a11y-charts")
    source = nbformat.read(site / rel, as_version=4)
    charts = [i for i, c in enumerate(source.cells) if c.cell_type == "code" and "kit.plot_" in c.source]
    assert len(charts) >= 5, "lesson 5 draws fewer charts than expected"
    for i in charts:
        out = ui.cell(i).locator(".jp-OutputArea-output")
        images = out.locator("img")
        assert images.count() == 1, f"cell {i + 1}: {images.count()} images"
        alt = images.first.get_attribute("alt") or ""
        assert len(alt) > 40, f"cell {i + 1}: the chart's alt text is {alt!r}"
        printed = " ".join(out.filter(has_not=page.locator("img")).all_text_contents())
        if "describe_chart" in source.cells[i].source:  # the lesson prints the same text above
            assert " ".join(alt.split())[:200] in " ".join(printed.split()), f"cell {i + 1}: alt differs"
    found = axe_violations(page, ".jp-Notebook .jp-OutputArea-output")
    assert not found, say(found)


# -- Jupyter Notebook 7 -----------------------------------------------------------------

class NotebookServer(LabServer):
    """``jupyter notebook`` (Notebook 7) with the same private folders."""

    def command(self) -> list[str]:
        cmd = super().command()
        cmd[1:3] = ["-m", "notebook"]
        return [c for c in cmd if not c.startswith("--LabApp.")]

    def page_url(self, path: str, workspace: str = "") -> str:
        return f"{self.url}/notebooks/{urllib.parse.quote(path)}?token={self.token}"


_NB7_IDLE = """(ms) => {
  const el = document.querySelector('.jp-Notebook-ExecutionIndicator');
  const busy = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
  const idle = el && el.getAttribute('data-status') === 'idle' && !busy
      && (window.__kitRunSeen === undefined || window.__kitRunSeen);
  const now = performance.now();
  if (!idle) { window.__kitIdleSince = undefined; return false; }
  if (window.__kitIdleSince === undefined) window.__kitIdleSince = now;
  return now - window.__kitIdleSince >= ms;
}"""


@pytest.fixture(scope="module")
def notebook7(browser, site, tmp_path_factory):
    try:
        import notebook
    except ImportError:
        notebook = None
    if notebook is None or int(notebook.__version__.split(".")[0]) < 7:
        skip_or_fail("Jupyter Notebook 7 is not installed: pip install -e '.[test]'")
    yield from _serve(NotebookServer, site, tmp_path_factory, "a11y-notebook7")


def test_lesson_1_quiz_in_notebook_7(browser, notebook7, request):
    from playwright.sync_api import expect

    context, page, before = _new_page(browser, notebook7, request)
    try:
        page.goto(notebook7.page_url(f"notebooks/{QUIZ_LESSON}"), timeout=PAGE_LOAD)
        page.locator(".jp-Notebook").wait_for(timeout=PAGE_LOAD)
        page.wait_for_function(_NB7_IDLE, arg=1500, timeout=KERNEL_IDLE, polling=100)
        page.evaluate(_ARM_RUN)
        Lab(page, notebook7).menu("Run", "Run All Cells")
        page.wait_for_function(_NB7_IDLE, arg=1500, timeout=RUN_ALL, polling=200)
        quiz = page.locator(".kit-quiz")
        expect(quiz).to_have_count(1, timeout=WIDGETS)
        expect(quiz).to_contain_text("Question 1 of 8")
        group = quiz.get_by_role("group", name="Score or soundtrack?", exact=True)
        group.get_by_role("button", name="Score", exact=True).click()
        expect(group.get_by_role("button", name="Score", exact=True)).to_have_attribute("aria-pressed", "true")
        quiz.get_by_role("button", name="Check", exact=True).click()
        expect(quiz.locator(".kit-feedback")).to_contain_text("Why:")
        expect(quiz).to_contain_text("answered 1")
        quiz.get_by_role("button", name="Next", exact=True).click()
        expect(quiz).to_contain_text("Question 2 of 8")
        found = axe_violations(page, ".kit-quiz")
        assert not found, say(found)
        answers = notebook7.answers_dir / "me.json"
        assert answers.is_file(), f"no answers saved in {notebook7.answers_dir}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        quiz.screenshot(path=str(ARTIFACTS / "notebook7-quiz.png"))
    finally:
        _close_page(context, page, notebook7, request, before)


def test_focus_ring_and_pressed_state_contrast_on_the_dark_theme(page, lab, site):
    from playwright.sync_api import expect

    write_notebook(site / "notebooks" / "a11y-dark.ipynb", QUIZ.format(level=1))
    set_theme(lab, "JupyterLab Dark")
    try:
        open_and_run(page, lab, "notebooks/a11y-dark.ipynb", "a11y-dark")
        expect(page.locator("body[data-jp-theme-light='false']")).to_have_count(1)
        quiz = page.locator(".kit-quiz")
        buttons = {n: quiz.get_by_role("button", name=n, exact=True) for n in ("Score", "Soundtrack", "Check")}
        problems = contrast_problems(page, buttons)
        buttons["Check"].click()
        expect(quiz.locator(".kit-feedback")).to_contain_text("Why:")
        problems += [f"axe: {v['impact']} {v['id']}: {v['nodes']}" for v in axe_violations(page, ".kit-quiz")]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        quiz.screenshot(path=str(ARTIFACTS / "a11y-quiz-dark.png"))
    finally:
        set_theme(lab, "JupyterLab Light")  # a user setting: leave it as found
    assert not problems, "\n".join(problems)


def set_theme(server, name: str) -> None:
    """JupyterLab's theme, as a user sets it (Settings Editor), through the settings API."""
    server.api("PUT", "/lab/api/settings/@jupyterlab/apputils-extension:themes",
               {"raw": json.dumps({"theme": name})})
