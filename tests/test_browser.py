"""End to end: the lessons and the quiz in a real JupyterLab, in a real Chromium.

One private ``jupyter lab`` serves a temporary copy of ``notebooks/`` (and
``data/``, so the repository's layout holds) for the whole module and is
stopped through its REST API at the end; one headless Chromium drives it.
Each test opens its notebook in a workspace of its own and ends its kernel
afterwards. Screenshots go to ``test-artifacts/browser/``.

Locally, without Chromium, these tests skip and say why; with CI=true they
fail instead. ``KIT_CHROMIUM`` points at another Chromium or Chrome, and
``KIT_BROWSER_LESSONS`` at another folder of notebooks to check (for example
``lessons/masters``).

Run them alone with::

    .venv/bin/python -m pytest tests/test_browser.py -v -p no:nbval -o addopts=""
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import warnings
from pathlib import Path

import nbformat
import pytest

from browser_support import (
    ARTIFACTS, CHROMIUM_ARGS, MISSING_CHROMIUM, ROOT, UI, WIDGET_OUTPUT, Lab, LabServer, check_audio,
    chromium_executable, in_ci, skip_or_fail, tab_to, write_notebook,
)

pytestmark = pytest.mark.browser

try:  # generous waits for the page to reflect a kernel's answer (default: 5 s)
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=20_000)
except ImportError:
    pass

LESSON_DIR = Path(os.environ.get("KIT_BROWSER_LESSONS") or ROOT / "notebooks")
if not LESSON_DIR.is_absolute():
    LESSON_DIR = ROOT / LESSON_DIR
LESSONS = sorted(LESSON_DIR.glob("[0-9][0-9]-*.ipynb"))  # lessons only, not a stray Untitled.ipynb

#: Code that draws a chart: the kit's plot_* functions or matplotlib itself.
CHART_CALL = re.compile(r"\bplot_\w+\s*\(|\bplt\.\w+\s*\(|\.plot(\.\w+)?\s*\(")
QUIZ_CALL_RE = re.compile(r"\bquiz\s*\(")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\w*(Error|Exception)\b", re.M)

CHOICES = ("Score", "Soundtrack", "Neither fits")


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
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS,
                                  timeout=60_000)
        except Exception as err:
            if in_ci():
                raise
            pytest.skip(f"Chromium at {executable} would not start: {err}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A copy of the repository's notebooks (and data) for the server to serve."""
    site = tmp_path_factory.mktemp("lab-site")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "answers", "*.answers.json")
    if LESSON_DIR.is_dir():
        shutil.copytree(LESSON_DIR, site / "notebooks", ignore=ignore)
    else:
        (site / "notebooks").mkdir()
    shutil.copytree(ROOT / "data", site / "data", ignore=shutil.ignore_patterns("parts"))
    return site


@pytest.fixture(scope="module")
def lab(browser, site, tmp_path_factory):
    """The module's JupyterLab server (after the browser, so a skip starts nothing)."""
    base = tmp_path_factory.mktemp("lab-home")
    server = LabServer(site, base, answers_dir=base / "answers").start()
    proc = server.proc
    try:
        yield server
    finally:
        server.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(server.log_path, ARTIFACTS / "jupyter-lab.log")
        for note in server.notes:
            warnings.warn(f"stopping jupyter lab: {note}")
        assert proc.poll() is not None, "jupyter lab is still running"


@pytest.fixture
def page(browser, lab, request):
    """A fresh browser context per test; its kernels are ended afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(UI)
    pg = context.new_page()
    pg.dialogs = []

    def on_dialog(dialog):
        pg.dialogs.append((dialog.type, dialog.message))
        dialog.accept()

    pg.on("dialog", on_dialog)
    failed_before = request.session.testsfailed
    yield pg
    if request.session.testsfailed > failed_before:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            pg.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"))
        except Exception:
            pass
    context.close()
    lab.shutdown_kernels()


# -- helpers -------------------------------------------------------------------------

def workspace(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", name).strip("-").lower() or "w"


def where(nb, i: int) -> str:
    """'cell 12 (ax = kit.plot_share(...)': numbered as JupyterLab's status bar does."""
    first = nb.cells[i].source.strip().splitlines()[:1]
    return f"cell {i + 1} ({first[0][:60]!r})" if first else f"cell {i + 1}"


def problems_in_saved(nb) -> list[str]:
    """Errors and tracebacks in the saved outputs, cells tagged raises-exception aside."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        if cell.execution_count is None:
            out.append(f"{where(nb, i)} did not run")
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                out.append(f"{where(nb, i)}: {o.ename}: {o.evalue}")
            elif o.output_type == "stream" and o.name == "stderr" and TRACEBACK.search(o.text):
                out.append(f"{where(nb, i)} printed a traceback to stderr:\n{o.text[:1500]}")
    return out


# -- the lessons ---------------------------------------------------------------------

@pytest.mark.parametrize("lesson", LESSONS or [None], ids=lambda p: p.stem if p else "no-lessons")
def test_lesson_runs_in_jupyterlab(lesson, page, lab, site):
    if lesson is None:
        skip_or_fail(f"no lesson notebooks in {LESSON_DIR}")
    rel = f"notebooks/{lesson.name}"
    nb_path = site / rel
    source = nbformat.read(nb_path, as_version=4)
    allowed = {i for i, c in enumerate(source.cells) if "raises-exception" in c.metadata.get("tags", [])}
    code = [(i, c.source) for i, c in enumerate(source.cells) if c.cell_type == "code" and i not in allowed]
    chart_cells = [i for i, src in code if CHART_CALL.search(src)]
    quiz_cells = [i for i, src in code if QUIZ_CALL_RE.search(src)]

    ui = Lab(page, lab)
    ui.open(rel, workspace(lesson.stem))
    ui.run_all()
    cells = ui.cells()
    assert len(cells) == len(source.cells), "JupyterLab shows a different number of cells than the file"

    # What the student sees: no traceback, every code cell ran, widgets drew.
    seen = []
    for i, cell in enumerate(cells):
        if cell.kind != "code" or i in allowed:
            continue
        if not re.match(r"\[\d+\]", cell.prompt):
            seen.append(f"{where(source, i)} did not run (prompt {cell.prompt!r})")
        for text in cell.stderr():
            if TRACEBACK.search(text):
                seen.append(f"{where(source, i)} shows an error:\n{text[:1500]}")
            else:
                warnings.warn(f"{lesson.name}, {where(source, i)} writes to stderr: {text[:300]}")
        for o in cell.outputs:
            if "Error displaying widget" in o["text"]:
                seen.append(f"{where(source, i)}: {o['text'][:300]}")
    assert not seen, "\n".join(seen)

    # Charts are drawn as images, and the images loaded.
    for i in chart_cells:
        loc = ui.cell(i).locator(".jp-OutputArea-output img").first
        assert cells[i].images() and loc.count(), f"{where(source, i)} draws a chart but shows no image"
        loc.scroll_into_view_if_needed(timeout=UI)
        loc.wait_for(state="visible", timeout=UI)
        assert loc.evaluate("img => img.complete && img.naturalWidth > 0"), f"{where(source, i)}: broken image"

    # Quizzes are drawn and ready for a first answer.
    for i in quiz_cells:
        quiz = ui.cell(i).locator(".kit-quiz")
        assert quiz.count() == 1, f"{where(source, i)} calls kit.quiz but shows no quiz"
        assert re.search(r"Question \d+ of \d+", quiz.text_content()), f"{where(source, i)}: no progress shown"

    # The file as saved holds the same story (and catches errors hidden from view).
    ui.save()
    problems = problems_in_saved(nbformat.read(nb_path, as_version=4))
    assert not problems, "\n".join(problems)

    # A screenshot at the first chart, else the first widget (a quiz), else the top.
    widgets = page.locator(WIDGET_OUTPUT)
    if chart_cells:
        at = ui.cell(chart_cells[0]).locator(".jp-OutputArea-output img").first
    elif widgets.count():
        at = widgets.first
    else:
        at = ui.cell(0)
    ui.screenshot(f"lesson-{lesson.stem}", at)


# -- the quiz ------------------------------------------------------------------------

QUIZ_CALL = 'import kit; kit.quiz(level=1, n=3, seed=1, save_to="answers/e2e.json")'


@pytest.fixture(scope="module")
def quiz_plan(tmp_path_factory):
    """The cues the kernel will ask, and their right answers, computed here."""
    import kit
    from kit.grading import CHOICE_LABELS, expected_answer
    from kit.quiz_session import QuizSession

    s = QuizSession(kit.load_cues(), level=1, n=3, seed=1,
                    save_to=tmp_path_factory.mktemp("plan") / "unused.json")
    plan = []
    for cue_id in s.order:
        cue = s.cue(cue_id)
        right = CHOICE_LABELS[expected_answer(cue, 1)["binary"]]
        plan.append({"title": cue["title"], "right": right,
                     "wrong": next(c for c in CHOICES if c != right)})
    return plan


def quiz_parts(page):
    q = page.locator(".kit-quiz")
    return {
        "quiz": q,
        "progress": q.locator("p").filter(has_text=re.compile(r"Question \d+ of \d+")),
        "card": q.locator(".kit-cue-card"),
        "feedback": q.locator(".kit-feedback"),
        "summary": q.locator(".kit-summary"),
        # Names may start with the icon, a glyph drawn by CSS: "\uf00c Check".
        "check": q.get_by_role("button", name=re.compile(r"^\W*Check$")),
        "next": q.get_by_role("button", name=re.compile(r"^\W*Next$")),
        "prev": q.get_by_role("button", name=re.compile(r"^\W*Previous$")),
        "choice": lambda label: q.get_by_role("button", name=re.compile(rf"^\W*{re.escape(label)}$")),
    }


def test_quiz_by_mouse_and_keyboard_and_restored_after_reload(page, lab, site, quiz_plan):
    from playwright.sync_api import expect

    nb = write_notebook(site / "notebooks" / "quiz-e2e.ipynb", QUIZ_CALL)
    answers = nb.parent / "answers" / "e2e.json"
    ui = Lab(page, lab)
    ui.open("notebooks/quiz-e2e.ipynb", "quiz")
    ui.run_all()
    w = quiz_parts(page)
    expect(w["quiz"]).to_have_count(1)
    expect(w["progress"]).to_contain_text("Question 1 of 3 · answered 0 · score 0 of 0")
    expect(w["card"]).to_contain_text(quiz_plan[0]["title"])
    expect(w["card"]).not_to_contain_text("Cue type")  # hidden until answered
    expect(w["prev"]).to_be_disabled()

    # Question 1, with the mouse: the right answer.
    w["choice"](quiz_plan[0]["right"]).click()
    w["check"].click()
    expect(w["feedback"]).to_contain_text("Correct.")
    expect(w["feedback"]).to_contain_text("Why:")
    expect(w["card"]).to_contain_text("Cue type")
    expect(w["progress"]).to_contain_text("answered 1 · score 1 of 1")
    assert len(json.loads(answers.read_text())["answers"]) == 1  # saved at once

    # Question 2, keyboard only: Tab to Next and Enter; Shift+Tab back to a
    # choice and Space; Tab on to Check and Enter. A wrong answer this time.
    tab_to(page, w["next"])
    page.keyboard.press("Enter")
    expect(w["progress"]).to_contain_text("Question 2 of 3 · answered 1")
    expect(w["card"]).to_contain_text(quiz_plan[1]["title"])
    expect(w["feedback"]).to_have_count(0)
    wrong = w["choice"](quiz_plan[1]["wrong"])
    tab_to(page, wrong, backwards=True)
    page.keyboard.press("Space")
    expect(wrong).to_have_class(re.compile(r"\bmod-active\b"))
    tab_to(page, w["check"])
    page.keyboard.press("Enter")
    expect(w["feedback"]).to_contain_text(f"Not quite: the answer is '{quiz_plan[1]['right']}'.")
    expect(w["progress"]).to_contain_text("Question 2 of 3 · answered 2 · score 1 of 2")
    ui.screenshot("quiz-keyboard-answer", w["quiz"])

    # Question 3, with the mouse: Check without a choice first, then the right answer.
    w["next"].click()
    expect(w["progress"]).to_contain_text("Question 3 of 3 · answered 2")
    expect(w["next"]).to_be_disabled()
    w["check"].click()
    expect(w["quiz"]).to_contain_text("Choose an answer first: Score or soundtrack?")
    w["choice"](quiz_plan[2]["right"]).click()
    w["check"].click()
    expect(w["feedback"]).to_contain_text("Correct.")
    expect(w["progress"]).to_contain_text("Question 3 of 3 · answered 3 · score 2 of 3")
    expect(w["summary"]).to_contain_text("Finished: 2 of 3 correct.")
    expect(w["summary"]).to_contain_text("1 missed")
    ui.screenshot("quiz", w["quiz"])
    saved = json.loads(answers.read_text())
    assert [a["correct"] for a in saved["answers"]] == [True, False, True]

    # Reload the page and run again: the progress comes back from the file.
    ui.save()  # as a student would; also spares a "leave page?" prompt
    page.reload(timeout=90_000)
    page.locator(".jp-NotebookPanel .jp-Notebook").wait_for()
    ui.wait_kernel_idle()
    ui.run_all()
    w = quiz_parts(page)
    expect(w["quiz"]).to_have_count(1)
    expect(w["progress"]).to_contain_text("Question 3 of 3 · answered 3 · score 2 of 3")
    expect(w["card"]).to_contain_text(quiz_plan[2]["title"])
    expect(w["feedback"]).to_contain_text("Correct.")
    expect(w["summary"]).to_contain_text("Finished: 2 of 3 correct.")
    w["prev"].click()
    expect(w["progress"]).to_contain_text("Question 2 of 3")
    expect(w["feedback"]).to_contain_text("Not quite")
    ui.screenshot("quiz-after-reload", w["quiz"])
    assert [d for d in page.dialogs if d[0] != "beforeunload"] == []


# -- security ------------------------------------------------------------------------

EVIL_SCENE = '<img src=x onerror="window.__pwned=1">'
EVIL_TITLE = "<script>window.__pwned=2</script>"
EVIL_NOTES = '<img src=y onerror="window.__pwned=3">'
CUE_COLS = ["cue_id", "work_id", "year", "season", "episode", "scene", "music_title", "artist",
            "music_year", "provenance", "form", "diegesis", "placement", "source", "confidence", "notes"]


def test_cue_text_with_html_and_script_is_shown_literally(page, lab, site):
    from playwright.sync_api import expect

    csv_path = site / "notebooks" / "evil-cues.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CUE_COLS)
        writer.writeheader()
        writer.writerow({
            "cue_id": "breakfast-club-1985-xss", "work_id": "breakfast-club-1985", "year": "1985",
            "season": "", "episode": "", "scene": EVIL_SCENE, "music_title": EVIL_TITLE,
            "artist": "<b>Simple Minds</b>", "music_year": "1985", "provenance": "original",
            "form": "song", "diegesis": "non-diegetic", "placement": "opening",
            "source": "https://en.wikipedia.org/wiki/The_Breakfast_Club", "confidence": "high",
            "notes": EVIL_NOTES,
        })
    write_notebook(site / "notebooks" / "quiz-xss.ipynb",
                   "import kit\n"
                   "cues = kit.load_cues('evil-cues.csv')\n"
                   "kit.quiz(cues, level=1, n=1, seed=0, save_to='answers/xss.json')")
    ui = Lab(page, lab)
    ui.open("notebooks/quiz-xss.ipynb", "xss")
    ui.run_all()
    w = quiz_parts(page)
    expect(w["card"]).to_contain_text(EVIL_SCENE)
    expect(w["card"]).to_contain_text(EVIL_TITLE)
    expect(w["card"]).to_contain_text("<b>Simple Minds</b>")

    # Answer wrongly so the title and notes reach the feedback and the summary too.
    w["choice"]("Score").click()
    w["check"].click()
    expect(w["feedback"]).to_contain_text(f"'{EVIL_TITLE}' was written for The Breakfast Club (1985).")
    expect(w["feedback"]).to_contain_text(f"Note: {EVIL_NOTES}")
    expect(w["summary"]).to_contain_text(f"1 missed: {EVIL_TITLE}")

    page.wait_for_timeout(1500)  # time for an injected onerror to have fired
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert w["quiz"].locator("img, script, b").count() == 0
    assert page.dialogs == []
    ui.screenshot("quiz-xss", w["quiz"])


# -- the listening lesson (lesson 3) and the ear quiz --------------------------------------

LISTENING = "03-hearing-the-difference.ipynb"


def test_listening_lesson_players_exist_load_and_play(page, lab, site):
    """Every clip of the six demonstrations is a labelled player in the lesson's
    outputs; each loads (its duration is the clip's) and plays (time advances)."""
    from playwright.sync_api import expect

    from kit.listen.demos import demos

    if not (site / "notebooks" / LISTENING).exists():
        skip_or_fail(f"no {LISTENING} in {LESSON_DIR}")
    clips = [(d, c) for d in demos() for c in d.clips]
    ui = Lab(page, lab)
    ui.open(f"notebooks/{LISTENING}", "listening")
    ui.run_all()
    players = page.locator(".jp-OutputArea-output .kit-listen-clip audio")
    expect(players).to_have_count(len(clips))
    found = check_audio(page, ".jp-Notebook")
    lesson_audio = [a for a in found if a["label"].startswith("Demonstration")]
    assert len(lesson_audio) == len(clips)
    for a, (d, c) in zip(lesson_audio, clips):
        assert a["label"].startswith(f"Demonstration {d.number}, clip") and c.title in a["label"], a
        assert a["controls"] and not a["autoplay"] and a["error"] is None, a
        assert a["duration"] > 0 and abs(a["duration"] - c.seconds) < 0.05, (a, c.seconds)
        assert a["played"] and a["currentTime"] > 0, a
    # the two ear quizzes at the end: a player each, ready to play
    quiz_audio = [a for a in found if not a["label"]]
    assert len(quiz_audio) == 2 and all(a["duration"] > 0 and a["played"] for a in quiz_audio), quiz_audio
    # under each player, what to listen for
    first = page.locator(".kit-listen-clip").first
    expect(first).to_contain_text("Listen for:")
    ui.screenshot("lesson-03-players", first)


EAR_CALL = ('from kit import listen\n'
            'listen.ear_quiz(level=1, n=3, seed=3, save_to="answers/ear-e2e.json")')


@pytest.fixture(scope="module")
def ear_plan(tmp_path_factory):
    """The clips the kernel will play, in order, with right and wrong answers as labelled."""
    from kit.listen.ear import EAR_QUESTIONS, ear_clip, ear_item
    from kit.listen.ear_widget import EarQuizBank
    from kit.quiz_session import QuizSession

    s = QuizSession(level=1, n=3, seed=3, bank=EarQuizBank(1),
                    save_to=tmp_path_factory.mktemp("ear-plan") / "unused.json")
    labels = EAR_QUESTIONS[1][1]
    plan = []
    for clip_id in s.order:
        e = ear_item(clip_id)
        right = e.answers[1]
        plan.append({"id": clip_id, "title": e.title, "scene": e.scene, "description": e.description,
                     "right": labels[right], "wrong": next(v for k, v in labels.items() if k != right),
                     "seconds": ear_clip(clip_id).seconds})
    return plan


def ear_parts(page):
    w = quiz_parts(page)
    q = w["quiz"]
    w["audio"] = q.locator("audio")
    w["details"] = q.locator("details.kit-ear-description")
    w["summary_toggle"] = q.locator("details.kit-ear-description > summary")
    return w


def test_ear_quiz_by_mouse_and_by_keyboard_alone(page, lab, site, ear_plan):
    from playwright.sync_api import expect

    nb = write_notebook(site / "notebooks" / "ear-e2e.ipynb", EAR_CALL)
    answers = nb.parent / "answers" / "ear-e2e.json"
    ui = Lab(page, lab)
    ui.open("notebooks/ear-e2e.ipynb", "ear")
    ui.run_all()
    w = ear_parts(page)
    expect(w["quiz"]).to_have_count(1)
    expect(w["progress"]).to_contain_text("Question 1 of 3 · answered 0 · score 0 of 0")
    expect(w["card"]).to_contain_text(ear_plan[0]["scene"])
    expect(w["card"]).to_contain_text("Can the characters hear it?")
    expect(w["card"]).not_to_contain_text("How it was made")  # nothing given away before answering

    # The clip's player: loads with the clip's length, plays, never starts by itself.
    (a,) = check_audio(page, ".kit-quiz")
    assert a["controls"] and not a["autoplay"] and a["error"] is None, a
    assert abs(a["duration"] - ear_plan[0]["seconds"]) < 0.05 and a["played"], a

    # Question 1, with the mouse: open the description, then the right answer.
    expect(w["details"]).not_to_have_attribute("open", "")
    w["summary_toggle"].click()
    expect(w["details"]).to_have_attribute("open", "")
    expect(w["details"]).to_contain_text(ear_plan[0]["description"])
    w["choice"](ear_plan[0]["right"]).click()
    w["check"].click()
    expect(w["feedback"]).to_contain_text("Correct.")
    expect(w["feedback"]).to_contain_text("Why:")
    expect(w["card"]).to_contain_text("How it was made")
    expect(w["progress"]).to_contain_text("answered 1 · score 1 of 1")
    saved = json.loads(answers.read_text())
    assert len(saved["answers"]) == 1 and saved["answers"][0]["quiz"].startswith("ear-")
    ui.screenshot("ear-quiz-mouse", w["quiz"])

    # Question 2, keyboard only: Tab to Next and Enter; Shift+Tab back to the
    # description and Enter opens it; Tab on to the player (its play button
    # first) and Space plays it; Tab to a wrong answer and Space; Tab to Check
    # and Enter.
    tab_to(page, w["next"])
    page.keyboard.press("Enter")
    expect(w["progress"]).to_contain_text("Question 2 of 3 · answered 1")
    expect(w["card"]).to_contain_text(ear_plan[1]["scene"])
    expect(w["feedback"]).to_have_count(0)
    tab_to(page, w["summary_toggle"], backwards=True, max_presses=40)
    page.keyboard.press("Enter")
    expect(w["details"]).to_have_attribute("open", "")
    expect(w["details"]).to_contain_text(ear_plan[1]["description"])
    player = w["audio"]
    expect(player).to_have_count(1)
    tab_to(page, player)
    page.keyboard.press("Space")
    page.wait_for_function("() => { const a = document.querySelector('.kit-quiz audio');"
                           " return a && a.currentTime > 0; }", timeout=UI)
    player.evaluate("a => a.pause()")
    wrong = w["choice"](ear_plan[1]["wrong"])
    tab_to(page, wrong)
    page.keyboard.press("Space")
    expect(wrong).to_have_class(re.compile(r"\bmod-active\b"))
    expect(w["quiz"]).to_contain_text(f"Your answer: Can the characters hear it? {ear_plan[1]['wrong']}")
    tab_to(page, w["check"])
    page.keyboard.press("Enter")
    expect(w["feedback"]).to_contain_text(f"Not quite: the answer is '{ear_plan[1]['right']}'.")
    expect(w["feedback"]).to_contain_text("Next time:")
    expect(w["progress"]).to_contain_text("Question 2 of 3 · answered 2 · score 1 of 2")
    ui.screenshot("ear-quiz-keyboard", w["quiz"])

    # Question 3, keyboard only again: the right answer, and the summary.
    tab_to(page, w["next"])
    page.keyboard.press("Enter")
    expect(w["progress"]).to_contain_text("Question 3 of 3 · answered 2")
    right = w["choice"](ear_plan[2]["right"])
    tab_to(page, right, backwards=True)
    page.keyboard.press("Space")
    tab_to(page, w["check"])
    page.keyboard.press("Enter")
    expect(w["feedback"]).to_contain_text("Correct.")
    expect(w["summary"]).to_contain_text("Finished: 2 of 3 correct.")
    expect(w["summary"]).to_contain_text(f"1 missed: {ear_plan[1]['title']}")
    saved = json.loads(answers.read_text())
    assert [a["correct"] for a in saved["answers"]] == [True, False, True]
    assert [d for d in page.dialogs if d[0] != "beforeunload"] == []
