"""The kit for a class on a real JupyterHub, driven in a real Chromium.

One hub for the module (see ``hub_support.py``): JupyterHub behind
configurable-http-proxy, the DummyAuthenticator, and each student's server
started by the LocalProcessSpawner as that student's own Unix user
(``kit-s1``, ``kit-s2``, ``kit-s3``; the teacher is ``kit-teacher``, in the
group ``kit-teachers``). The lessons come from a git repository through an
nbgitpuller link, as a teacher would hand them out. At the end the hub is
shut down through its REST API, the users and their homes are removed, and
no process of theirs may be left.

These tests need root (they create users), Chromium, and what
``.ci/hub-setup`` installs. Locally they skip without them; with CI=true
they fail instead. Run them alone with::

    sudo .venv/bin/python -m pytest tests/test_hub.py -v -p no:nbval -o addopts=""
"""

from __future__ import annotations

import re
import shutil
import warnings

import pytest

from browser_support import ARTIFACTS, CHROMIUM_ARGS, MISSING_CHROMIUM, UI, Lab, chromium_executable, \
    in_ci, skip_or_fail
from hub_support import Hub, LessonRepo, UnixUsers, gitpuller_link, install_kit, log_in, preflight, \
    public_tempdir

pytestmark = [pytest.mark.hub, pytest.mark.browser]

try:  # generous waits for the page to reflect a kernel's answer (default: 5 s)
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=20_000)
except ImportError:
    pass

STUDENTS = ["kit-s1", "kit-s2", "kit-s3"]
TEACHER = "kit-teacher"

PAGE_LOAD = 180_000  # a first visit starts the server and clones the lessons


# -- fixtures ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    reason = preflight()
    if reason:
        skip_or_fail(reason)
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
def classroom(browser):
    """Users, the kit, the lessons' repository and a running hub; all removed afterwards."""
    base = public_tempdir("kit-hub-")
    users = UnixUsers(STUDENTS, [TEACHER])
    hub = repo = None
    try:
        users.create()
        install_kit()
        repo = LessonRepo(base / "repo").create().serve()
        hand_in = base / "hand-in"
        hub = Hub(base / "hub", users.names, environment={"KIT_HAND_IN_DIR": str(hand_in)}).start()
        yield Classroom(hub=hub, users=users, repo=repo, hand_in=hand_in, base=base)
    finally:
        problems = []
        if hub is not None:
            hub.stop()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(hub.log_path, ARTIFACTS / "jupyterhub.log")
            for note in hub.notes:
                warnings.warn(f"stopping the hub: {note}")
        if repo is not None:
            repo.stop()
        left = users.leftover_processes()
        if left:
            problems.append("processes left running after the hub's shutdown: " + "; ".join(
                f"{name}: {[p.pid for p in procs]}" for name, procs in left.items()))
        try:
            users.remove()
        except RuntimeError as err:
            problems.append(str(err))
        shutil.rmtree(base, ignore_errors=True)
        assert not problems, "\n".join(problems)


class Classroom:
    def __init__(self, **kw):
        self.__dict__.update(kw)


@pytest.fixture
def context(browser, request):
    """A fresh browser context (its own cookies: one person) per test."""
    contexts = []

    def new():
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.set_default_timeout(UI)
        contexts.append(ctx)
        return ctx

    failed_before = request.session.testsfailed
    yield new
    for i, ctx in enumerate(contexts):
        if request.session.testsfailed > failed_before:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            for j, pg in enumerate(ctx.pages):
                try:
                    pg.screenshot(path=str(ARTIFACTS / f"FAILED-{name}-{i}-{j}.png"))
                except Exception:
                    pass
        ctx.close()


def current_document(page) -> str:
    """The path of the document in the current tab, as JupyterLab's tab tooltip gives it."""
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")
    title = tab.get_attribute("title") or ""
    found = re.search(r"^Path:\s*(.+)$", title, re.M)
    assert found, f"the current tab names no path: {title!r}"
    return found[1].strip()


def open_link(page, link: str) -> Lab:
    """Follow an nbgitpuller link and wait for the lesson's kernel, as a student does."""
    page.goto(link, timeout=PAGE_LOAD)
    page.locator(".jp-NotebookPanel .jp-Notebook").wait_for(timeout=PAGE_LOAD)
    ui = Lab(page, server=None)
    ui.wait_kernel_idle()
    # The helpers read "the" notebook: a tab restored from an earlier visit would confuse them.
    assert page.locator(".jp-NotebookPanel").count() == 1, "more than one notebook is open"
    return ui


# -- tests -----------------------------------------------------------------------------

@pytest.mark.slow
def test_load_benchmark_still_prints_its_figures():
    """benchmarks/hub_load.py with two students: every figure is printed (its numbers are not judged here)."""
    import subprocess
    import sys
    from pathlib import Path

    reason = preflight()
    if reason:
        skip_or_fail(reason)
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "hub_load.py"
    out = subprocess.run([sys.executable, str(script), "--students", "2", "--answers", "2", "--bursts", "1",
                          "--no-write"], capture_output=True, text=True, timeout=900)
    assert out.returncode in (0, 1), out.stdout + out.stderr  # 1: a target missed on a busy machine
    for figure in ("students served", "time to start all 2 servers", "memory per student",
                   "check an answer, everyone active: median", "check an answer, everyone active: 95th"):
        assert any(line.startswith(figure) for line in out.stdout.splitlines()), f"no {figure!r}:\n{out.stdout}"
    assert "2 of 2" in out.stdout, out.stdout



def test_student_server_starts_and_lesson_1_opens(classroom, context):
    hub, student = classroom.hub, STUDENTS[0]
    page = context().new_page()
    log_in(page, hub, student)
    ui = open_link(page, link(hub.url, classroom.repo.url, lesson=1))

    # Lesson 1 opens: the student's own copy of it, in their own server.
    assert f"/user/{student}/lab" in page.url
    assert current_document(page) == "kit/my-work/01-score-or-soundtrack.ipynb"
    assert "Score or soundtrack" in ui.cell(0).text_content()
    # The server runs as the student, and the lessons were cloned into the student's home.
    server = hub.user(student)["servers"][""]
    assert server["ready"]
    import psutil

    assert psutil.Process(server["state"]["pid"]).username() == student
    clone = classroom.users.home(student) / "kit"
    assert (clone / ".git").is_dir() and (clone / "my-work" / "01-score-or-soundtrack.ipynb").is_file()
    assert clone.stat().st_uid == classroom.users.uid(student)
    ui.screenshot("hub-lesson-1")


# -- a class of three ------------------------------------------------------------------

#: Each student's account, the name typed in the lesson, and how they answer
#: the quiz's first questions: the right choice, or a wrong one.
CLASS = [
    ("kit-s1", "Ana", ["right", "wrong", "right"]),
    ("kit-s2", "Ben", ["wrong", "wrong"]),
    ("kit-s3", "Chloé", ["right", "right", "wrong", "right"]),
]
NAME_CELL = re.compile(r'^student\s*=\s*"me"', re.M)
LABELS = {"score": "Score", "soundtrack": "Soundtrack", "neither": "Neither fits"}


def choose(card: str, intent: str) -> str:
    """The button to press for the cue on ``card``: its right answer, or a wrong one.

    The right answer is looked up here, in the dataset, from the work and
    the music the card shows (the card hides it until the student answers).
    """
    import kit
    from kit.grading import expected_answer

    work = re.match(r"\s*(.+?) \((\d{4})[,)]", card)  # "Rebecca (1940)", "Miami Vice (1984, season 1 ...)"
    music = re.search(r"Music: “(.+?)”", card)
    assert work and music, f"cannot read the cue card: {card!r}"
    cues = kit.load_cues()
    row = cues[(cues["title"] == work[1]) & (cues["music_title"] == music[1])]
    assert len(row) >= 1, f"the card's cue is not in the dataset: {card!r}"
    right = LABELS[expected_answer(row.iloc[0].to_dict(), 1)["binary"]]
    return right if intent == "right" else next(v for v in LABELS.values() if v != right)


def quiz_parts(page):
    q = page.locator(".kit-quiz")
    return {
        "quiz": q,
        "progress": q.locator("p").filter(has_text=re.compile(r"Question \d+ of \d+")),
        "card": q.locator(".kit-cue-card"),
        "feedback": q.locator(".kit-feedback"),
        # Names may start with the icon, a glyph drawn by CSS: "\uf00c Check".
        "check": q.get_by_role("button", name=re.compile(r"^\W*Check$")),
        "next": q.get_by_role("button", name=re.compile(r"^\W*Next$")),
        "choice": lambda label: q.get_by_role("button", name=re.compile(rf"^\W*{re.escape(label)}$")),
    }


def cell_source(cell) -> str:
    """A code cell's text as its editor holds it, line by line (the text of a cell
    scrolled out of view is not rendered, so its innerText is empty)."""
    return "\n".join(line.text_content() for line in cell.locator(".cm-line").all())


def type_into_cell(page, cell, source: str) -> None:
    """Replace a code cell's text, as a student does: click, select all, type."""
    editor = cell.locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)
    page.keyboard.press("Escape")  # back to command mode
    assert cell_source(cell) == source, f"the cell reads {cell_source(cell)!r} after typing {source!r}"


def link(hub_url: str, repo_url: str, lesson=1) -> str:
    import kit

    return kit.nbgitpuller_link(hub_url, repo_url, branch="main", lesson=lesson)


@pytest.fixture(scope="module")
def drop_folder(classroom):
    """The class drop folder, made as the deployment guide says (as root, for the teachers' group)."""
    from hub_support import HUB_VENV, TEACHERS_GROUP, run

    run([str(HUB_VENV / "bin" / "python"), "-m", "kit", "drop-folder", str(classroom.hand_in),
         "--group", TEACHERS_GROUP], cwd="/")
    return classroom.hand_in


@pytest.fixture(scope="module")
def handed_in(classroom, drop_folder, browser):
    """Three students follow the class link, answer lesson 1's quiz and hand in.

    Returns, per account: the name typed, what each answer was (title, choice,
    right or not, as the feedback said) and the hand-in's file name as shown.
    """
    from playwright.sync_api import expect

    hub = classroom.hub
    done = {}
    for account, name, choices in CLASS:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.set_default_timeout(UI)
        page = ctx.new_page()
        page.on("dialog", lambda d: d.accept())
        try:
            log_in(page, hub, account)
            ui = open_link(page, link(hub.url, classroom.repo.url))
            landed = current_document(page)
            assert re.fullmatch(r"kit/my-work/01-[\w-]+\.ipynb", landed), f"{account} landed on {landed}"

            code_cells = page.locator(".jp-Notebook .jp-CodeCell")
            found = [i for i in range(code_cells.count()) if NAME_CELL.search(cell_source(code_cells.nth(i)))]
            assert len(found) == 1, "lesson 1 has no cell where the student types their name"
            cell = code_cells.nth(found[0])  # by position: its text is about to change
            source = cell_source(cell)
            assert NAME_CELL.search(source), f"the name cell reads {source!r}"
            type_into_cell(page, cell, NAME_CELL.sub(f'student = "{name}"', source))
            ui.run_all()

            w = quiz_parts(page)
            expect(w["quiz"]).to_have_count(1)
            answers = []
            for i, intent in enumerate(choices):
                expect(w["progress"]).to_contain_text(f"Question {i + 1} of")
                title = w["card"].inner_text()
                choice = choose(title, intent)
                w["choice"](choice).click()
                w["check"].click()
                expect(w["feedback"]).to_contain_text(re.compile(r"Correct\.|Not quite"))
                correct = re.search(r"^\W*Correct\.", w["feedback"].inner_text()) is not None
                assert correct == (intent == "right"), f"{choice!r} for {title!r}: {w['feedback'].inner_text()}"
                answers.append({"card": title, "choice": choice, "correct": correct})
                expect(w["progress"]).to_contain_text(f"answered {i + 1}")
                if i + 1 < len(choices):
                    w["next"].click()

            shot = ui.screenshot(f"hub-quiz-{account}", w["quiz"])
            done[account] = {"name": name, "answers": answers, "file": hand_in(page, ui), "shot": shot}
            ui.save()
        except BaseException:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"FAILED-hub-hand-in-{account}.png"))
            try:  # what the notebook showed, cell by cell, for the failure's reader
                cells = page.locator(".jp-Notebook .jp-CodeCell")
                text = "\n\n".join(f"--- code cell {i}\n{cells.nth(i).inner_text()[:2000]}"
                                    for i in range(cells.count()))
                (ARTIFACTS / f"FAILED-hub-hand-in-{account}.txt").write_text(text, encoding="utf-8")
            except Exception:
                pass
            raise
        finally:
            ctx.close()
    return done


HAND_IN_FILE = re.compile(r"[^/\s'\"]+\+\d{8}T[\d.]+Z\+[0-9a-f]{16,}\.json")


def hand_in(page, ui) -> str:
    """Hand in as the lesson offers it: its Hand in button, or the cell that calls
    ``kit.hand_in``, run again now that there are answers. Returns the file name shown."""
    from playwright.sync_api import expect

    button = page.locator(".jp-Notebook").get_by_role("button", name=re.compile(r"^\W*Hand in$"))
    if button.count():
        assert button.count() == 1, "lesson 1 shows more than one Hand in button"
        button.click()
        status = page.locator(".jp-Notebook").get_by_text(re.compile(r"Handed in as|Not handed in"))
        expect(status).to_contain_text("Handed in as")
        return status.locator("code").inner_text().strip()
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text=re.compile(r"\bhand_in\("))
    assert cell.count() == 1, "lesson 1 offers no way to hand in (no Hand in button, no kit.hand_in cell)"
    cell.locator(".cm-content").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")  # run the selected cell, as Run > Run Selected Cell
    output = cell.locator(".jp-OutputArea-output")
    expect(output.filter(has_text=HAND_IN_FILE)).to_have_count(1)
    ui.wait_kernel_idle()
    return HAND_IN_FILE.search(output.inner_text())[0]


def _hand_ins(folder) -> dict:
    """The drop folder as root sees it: {file name: (stat, json)}."""
    import json
    from pathlib import Path

    return {p.name: (p.stat(), json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(Path(folder).iterdir()) if p.suffix == ".json"}


def test_each_hand_in_is_a_private_file_with_exactly_the_answers_given(classroom, drop_folder, handed_in):
    import grp
    import stat

    from hub_support import TEACHERS_GROUP

    files = _hand_ins(drop_folder)
    assert sorted(files) == sorted(h["file"] for h in handed_in.values())
    teachers = grp.getgrnam(TEACHERS_GROUP).gr_gid
    for account, h in handed_in.items():
        st, data = files[h["file"]]
        assert st.st_uid == classroom.users.uid(account), f"{h['file']} is not owned by {account}"
        assert st.st_gid == teachers and stat.S_IMODE(st.st_mode) == 0o640
        assert data["student"] == h["name"] and data["handed_in"]["account"] == account
        given = [a for a in data["answers"]]
        assert [a["given"]["binary"] for a in given] == [
            {"Score": "score", "Soundtrack": "soundtrack", "Neither fits": "neither"}[a["choice"]]
            for a in h["answers"]]
        assert [a["correct"] for a in given] == [a["correct"] for a in h["answers"]]
        # and the cue each answer is about is the one the card showed
        for saved, seen in zip(given, h["answers"]):
            assert saved["music_title"] in seen["card"]


def shown_tables(page) -> list[list[dict]]:
    """Every table in the notebook's outputs, as rows of {column: text}."""
    tables = page.locator(".jp-Notebook .jp-OutputArea-output table")
    out = []
    for i in range(tables.count()):
        # pandas puts the index's name on a second header row: merge the rows, column by column
        rows = [[th.inner_text().strip() for th in tr.locator("th").all()]
                for tr in tables.nth(i).locator("thead tr").all()]
        width = max((len(r) for r in rows), default=0)
        header = [next((r[j] for r in rows if j < len(r) and r[j]), "") for j in range(width)]
        rows = [[c.inner_text().strip() for c in tr.locator("th, td").all()]
                for tr in tables.nth(i).locator("tbody tr").all()]
        out.append([dict(zip(header, r)) for r in rows])
    return out


def test_teacher_dashboard_shows_exactly_their_answers(classroom, handed_in, context):
    import csv
    from pathlib import Path

    dashboards = sorted(Path(classroom.repo.teacher).rglob("*dashboard*.ipynb"))
    assert dashboards, "the kit has no teacher dashboard notebook"
    rel = dashboards[0].relative_to(classroom.repo.teacher).as_posix()
    hub = classroom.hub
    page = context().new_page()
    page.on("dialog", lambda d: d.accept())
    log_in(page, hub, TEACHER)
    ui = open_link(page, gitpuller_link(hub.url, classroom.repo.url, rel))
    ui.run_all()

    books = [t for t in shown_tables(page) if t and {"student", "account", "first_try_score"} <= set(t[0])]
    assert len(books) == 1, "the dashboard shows no gradebook with the students' names and accounts"
    ui.screenshot("hub-teacher-dashboard", page.locator(".jp-Notebook .jp-OutputArea-output table").filter(
        has_text="first_try_score").first)
    expected = {h["name"]: {"account": account, "answered": str(len(h["answers"])),
                            "first_try_score": str(sum(a["correct"] for a in h["answers"]))}
                for account, h in handed_in.items()}

    def seen(rows):
        return {r["student"]: {k: r[k] for k in ("account", "answered", "first_try_score")} for r in rows}

    assert seen(books[0]) == expected
    # The hardest-cues table counts every answer given, cue by cue, once.
    given = {}
    for h in handed_in.values():
        for a in h["answers"]:
            title = re.search(r"Music: “(.+?)”", a["card"])[1]
            given[title] = given.get(title, 0) + 1
    summaries = [t for t in shown_tables(page) if t and {"music_title", "answers"} <= set(t[0])]
    assert summaries, "the dashboard shows no table of the cues the class answered"
    assert {r["music_title"]: int(r["answers"]) for r in summaries[0]} == given
    # The file it writes for the school's gradebook says the same.
    written = sorted((classroom.users.home(TEACHER) / "kit").rglob("gradebooks/gradebook-*.csv"))
    assert written, "the dashboard wrote no gradebook CSV"
    with open(written[-1], newline="", encoding="utf-8") as fh:
        assert seen(csv.DictReader(fh)) == expected


def test_a_student_cannot_read_another_students_hand_in(classroom, drop_folder, handed_in):
    import json

    from hub_support import Kernel

    ana, ben = handed_in["kit-s1"], handed_in["kit-s2"]
    ben_file = str(drop_folder / ben["file"])
    ben_answers = str(classroom.users.home("kit-s2") / "kit" / "my-work" / "answers")
    kernel = Kernel.start(classroom.hub, "kit-s1")  # Ana's own server, Ana's kernel
    try:
        code = f"""
import getpass, json, os
def attempt(fn):
    try:
        fn()
        return "allowed"
    except PermissionError:
        return "denied"
ben = {ben_file!r}
print(json.dumps({{
    "user": getpass.getuser(),
    "list drop folder": attempt(lambda: os.listdir({str(drop_folder)!r})),
    "read Ben's hand-in": attempt(lambda: open(ben).read()),
    "overwrite Ben's hand-in": attempt(lambda: open(ben, "a").close()),
    "delete Ben's hand-in": attempt(lambda: os.remove(ben)),
    "rename Ben's hand-in": attempt(lambda: os.rename(ben, ben + ".x")),
    "list Ben's answers": attempt(lambda: os.listdir({ben_answers!r})),
    "read own hand-in": attempt(lambda: open({str(drop_folder / ana["file"])!r}).read()),
}}))
"""
        seen = json.loads(kernel.execute(code).raise_for_error(code).stdout)
    finally:
        kernel.close()
    assert seen == {
        "user": "kit-s1",
        "list drop folder": "denied",
        "read Ben's hand-in": "denied",
        "overwrite Ben's hand-in": "denied",
        "delete Ben's hand-in": "denied",
        "rename Ben's hand-in": "denied",
        "list Ben's answers": "denied",
        "read own hand-in": "allowed",
    }
    assert (drop_folder / ben["file"]).is_file()


TEACHER_NOTE = "Note from your teacher: this lesson was updated after class 1."


def _add_note(text: str) -> str:
    import nbformat

    nb = nbformat.reads(text, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(TEACHER_NOTE))
    return nbformat.writes(nb) + "\n"


def test_teacher_update_arrives_and_the_students_work_survives(classroom, handed_in, context):
    import json

    from playwright.sync_api import expect

    hub, account = classroom.hub, "kit-s1"
    ana = handed_in[account]
    clone = classroom.users.home(account) / "kit"
    work = clone / "my-work"
    lesson_1 = next(work.glob("01-*.ipynb")).name
    lesson_2 = next(work.glob("02-*.ipynb")).name
    answers_before = {p.name: p.read_bytes() for p in (work / "answers").glob("*.json")}
    assert answers_before, "Ana's answers are not in her my-work/answers/"
    lesson_1_before = (work / lesson_1).read_text(encoding="utf-8")

    classroom.repo.push_change(f"notebooks/{lesson_1}", _add_note, "Lesson 1: a note for class 2")
    classroom.repo.push_change(f"notebooks/{lesson_2}", _add_note, "Lesson 2: a note for class 2")

    page = context().new_page()
    page.on("dialog", lambda d: d.accept())
    log_in(page, hub, account)
    ui = open_link(page, link(hub.url, classroom.repo.url))
    assert current_document(page) == f"kit/my-work/{lesson_1}"

    # The change arrived: the templates are the teacher's new ones, and Ana's
    # untouched copy of lesson 2 was brought up to date.
    assert TEACHER_NOTE in (clone / "notebooks" / lesson_1).read_text(encoding="utf-8")
    assert TEACHER_NOTE in (work / lesson_2).read_text(encoding="utf-8")
    # Her edited copy of lesson 1 and her answers are as she left them.
    assert (work / lesson_1).read_text(encoding="utf-8") == lesson_1_before
    assert {p.name: p.read_bytes() for p in (work / "answers").glob("*.json")} == answers_before
    # And the page shows it: her name in the cell, her answers restored by the quiz.
    cell = page.locator(".jp-Notebook .jp-CodeCell").filter(has_text=f'student = "{ana["name"]}"')
    expect(cell).to_have_count(1)
    ui.run_all()
    w = quiz_parts(page)
    expect(w["progress"]).to_contain_text(f"answered {len(ana['answers'])}")
    ui.screenshot("hub-after-teacher-update", w["quiz"])
    saved = json.loads(next(iter(answers_before.values())))
    assert len(saved["answers"]) == len(ana["answers"])
