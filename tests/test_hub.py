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

STUDENTS = ["kit-s1", "kit-s2", "kit-s3"]
TEACHER = "kit-teacher"
LESSON_1 = "notebooks/01-score-or-soundtrack.ipynb"

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


def open_link(page, link: str) -> Lab:
    """Follow an nbgitpuller link and wait for the lesson's kernel, as a student does."""
    page.goto(link, timeout=PAGE_LOAD)
    page.locator(".jp-NotebookPanel .jp-Notebook").wait_for(timeout=PAGE_LOAD)
    ui = Lab(page, server=None)
    ui.wait_kernel_idle()
    return ui


# -- tests -----------------------------------------------------------------------------

def test_student_server_starts_and_lesson_1_opens(classroom, context):
    hub, student = classroom.hub, STUDENTS[0]
    page = context().new_page()
    log_in(page, hub, student)
    ui = open_link(page, gitpuller_link(hub.url, classroom.repo.url, LESSON_1))

    assert f"/user/{student}/lab" in page.url
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current")
    assert tab.text_content().strip() == "01-score-or-soundtrack.ipynb"
    assert "Score or soundtrack" in ui.cell(0).text_content()
    # The server runs as the student, and the lessons were cloned into the student's home.
    server = hub.user(student)["servers"][""]
    assert server["ready"]
    import psutil

    assert psutil.Process(server["state"]["pid"]).username() == student
    clone = classroom.users.home(student) / "kit"
    assert (clone / ".git").is_dir() and (clone / LESSON_1).is_file()
    assert clone.stat().st_uid == classroom.users.uid(student)
    ui.screenshot("hub-lesson-1")
