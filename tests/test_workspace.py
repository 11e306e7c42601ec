"""Students' own copies of the lessons (my-work/), the student branch, the lab
that `make lab` opens, and the class link's page in a real Jupyter server
after a real nbgitpuller pull: students' work never dirties the tracked tree
and is never overwritten by a teacher's update.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

import kit
from kit.classroom.workspace import is_teachers_only, student_branch, update_workspace

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "Teacher", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "Teacher",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo, *args) -> str:
    run = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                         env={**os.environ, **GIT_ENV})
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def notebook(text: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": [text]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path):
    """A small kit repository with the real .gitignore, lessons, reference docs and teachers' files."""
    r = tmp_path / "teacher" / "music-kit"
    write(r / ".gitignore", (ROOT / ".gitignore").read_text())
    write(r / "notebooks" / "01-first.ipynb", notebook("Lesson one"))
    write(r / "notebooks" / "02-second.ipynb", notebook("Lesson two"))
    for rel in ("data/CODEBOOK.md", "data/DATASHEET.md", "lessons/extend-the-kit.md", "lessons/glossary.md"):
        write(r / rel, f"# {rel}\n")
    write(r / "lessons" / "masters" / "01-first.ipynb", notebook("Lesson one, with solutions"))
    write(r / "lessons" / "answer-keys.md", "# Answer keys\n")
    write(r / "lessons" / "guide-01-first.md", "# Guide\n")
    write(r / "kit" / "__init__.py", "")
    git(r, "init", "-q", "-b", "main")
    git(r, "add", "-A")
    git(r, "commit", "-q", "-m", "lessons")
    return r


# -- the workspace ---------------------------------------------------------------------


def test_workspace_copies_lessons_and_reference_docs_not_teachers_files(repo):
    work = kit.workspace(repo)
    assert work == repo / "my-work"
    assert sorted(p.name for p in work.glob("*.ipynb")) == ["01-first.ipynb", "02-second.ipynb"]
    for rel in ("data/CODEBOOK.md", "data/DATASHEET.md", "lessons/extend-the-kit.md", "lessons/glossary.md"):
        assert (work / rel).read_text() == f"# {rel}\n"
        assert not stat.S_IMODE((work / rel).stat().st_mode) & 0o222  # read-only reference
    assert not (work / "lessons" / "masters").exists() and not (work / "lessons" / "answer-keys.md").exists()
    assert git(repo, "status", "--porcelain") == ""


def test_students_files_and_scratch_notebooks_never_dirty_the_tracked_tree(repo):
    work = kit.workspace(repo)
    write(work / "01-first.ipynb", notebook("Lesson one, with my answers"))
    write(work / "answers" / "Ana.json", "{}")
    write(work / "Untitled.ipynb", notebook("scratch"))
    write(work / "cue_sheets" / "my_cues.csv", "cue_id\n")
    write(repo / "notebooks" / "Untitled.ipynb", notebook("a teacher's scratch"))
    write(repo / "notebooks" / "Untitled1.ipynb", notebook("another"))
    write(repo / "lessons" / "masters" / "Untitled.ipynb", notebook("scratch"))
    assert git(repo, "status", "--porcelain") == ""


def test_a_students_copy_is_never_overwritten(repo):
    work = kit.workspace(repo)
    mine = write(work / "01-first.ipynb", notebook("Lesson one, with my answers"))
    write(repo / "notebooks" / "01-first.ipynb", notebook("Lesson one, fixed by the teacher"))
    write(repo / "notebooks" / "02-second.ipynb", notebook("Lesson two, fixed by the teacher"))
    write(repo / "notebooks" / "03-third.ipynb", notebook("Lesson three"))
    report = update_workspace(repo)
    assert mine.read_text() == notebook("Lesson one, with my answers")
    assert report["kept"] == ["01-first.ipynb"]
    assert report["updated"] == ["02-second.ipynb"]  # never touched by the student: brought up to date
    assert report["copied"] == ["03-third.ipynb"]
    assert (work / "02-second.ipynb").read_text() == notebook("Lesson two, fixed by the teacher")
    # running it again changes nothing; deleting a copy gives a fresh one
    assert update_workspace(repo)["kept"] == ["01-first.ipynb"]
    mine.unlink()
    assert update_workspace(repo)["copied"] == ["01-first.ipynb"]
    assert mine.read_text() == notebook("Lesson one, fixed by the teacher")


def test_workspace_command_says_what_it_did(repo):
    run = subprocess.run([sys.executable, "-m", "kit", "workspace", "--repo", str(repo)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "01-first.ipynb: new copy" in run.stdout and str(repo / "my-work") in run.stdout
    run = subprocess.run([sys.executable, "-m", "kit", "workspace", "--repo", str(repo / "nowhere")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "no lesson notebooks" in run.stderr and "Traceback" not in run.stderr


def test_the_kits_own_lessons_are_found_from_the_repository():
    from kit.classroom.workspace import find_repo, lessons

    assert find_repo() == ROOT or (Path.cwd() / "notebooks").is_dir()
    assert lessons(ROOT)[0].name == "01-score-or-soundtrack.ipynb"


# -- the student branch ----------------------------------------------------------------


def test_teachers_area_is_everything_in_lessons_but_the_reference_docs():
    assert is_teachers_only("lessons/masters/01-score-or-soundtrack.ipynb")
    assert is_teachers_only("lessons/answer-keys.md") and is_teachers_only("lessons/guide-01-x.md")
    assert is_teachers_only("lessons/masters/teacher-dashboard.ipynb")
    assert not is_teachers_only("lessons/glossary.md") and not is_teachers_only("lessons/extend-the-kit.md")
    assert not is_teachers_only("notebooks/01-score-or-soundtrack.ipynb")
    assert not is_teachers_only("data/CODEBOOK.md") and not is_teachers_only("kit/answers.py")


def test_student_branch_leaves_teachers_files_out_of_its_whole_history(repo):
    first = student_branch(repo)
    files = git(repo, "ls-tree", "-r", "--name-only", "student").splitlines()
    assert "notebooks/01-first.ipynb" in files and "lessons/glossary.md" in files and ".gitignore" in files
    assert not [f for f in files if f.startswith("lessons/masters") or "answer-keys" in f or "guide-" in f]
    assert student_branch(repo) is None  # up to date
    write(repo / "notebooks" / "01-first.ipynb", notebook("Lesson one, fixed"))
    git(repo, "commit", "-q", "-am", "fix")
    second = student_branch(repo)
    assert git(repo, "rev-parse", f"{second}^") == first  # one line of history: pulls merge cleanly
    for commit in git(repo, "rev-list", "student").splitlines():
        names = git(repo, "ls-tree", "-r", "--name-only", commit)
        assert "masters" not in names and "answer-keys" not in names
    assert git(repo, "status", "--porcelain") == "" and git(repo, "branch", "--show-current") == "main"


# -- the lab `make lab` opens -------------------------------------------------------------


def test_lab_command_serves_my_work_and_opens_lesson_one(repo):
    run = subprocess.run([sys.executable, "-m", "kit", "lab", "--repo", str(repo), "--dry-run", "--no-browser"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    command = run.stdout.strip().splitlines()[-1]
    assert f"--ServerApp.root_dir={repo / 'my-work'}" in command
    assert "--LabApp.default_url=/lab/tree/01-first.ipynb" in command and command.endswith("--no-browser")
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, token: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Authorization": f"token {token}"})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.getheader("Location"), body


def _wait_for(proc, log: Path, pattern: str, seconds: float = 90) -> re.Match:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if m := re.search(pattern, text):
            return m
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    raise AssertionError(f"server did not start:\n{log.read_text(errors='replace')[-3000:]}")


def _private_env(tmp_path: Path) -> dict:
    env = {**os.environ, **GIT_ENV}
    for var in ("JUPYTER_RUNTIME_DIR", "JUPYTERLAB_WORKSPACES_DIR", "JUPYTER_CONFIG_DIR"):
        env[var] = str(tmp_path / var.lower())
    env.pop("KIT_ANSWERS_DIR", None)
    return env


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.mark.slow
def test_make_lab_prints_a_url_to_lesson_one_and_hides_the_teachers_area(repo, tmp_path):
    port, token = _free_port(), "kit-test-token"
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kit", "lab", "--repo", str(repo), "--no-browser",
                                 f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={token}"],
                                stdout=out, stderr=subprocess.STDOUT, env=_private_env(tmp_path))
    try:
        url = _wait_for(proc, log, rf"http://127\.0\.0\.1:{port}/\S+").group(0)
        assert url.startswith(f"http://127.0.0.1:{port}/lab/tree/01-first.ipynb?token=")
        status, _, body = _get(port, "/api/contents/", token)
        names = {item["name"] for item in json.loads(body)["content"]}
        assert status == 200 and names == {"01-first.ipynb", "02-second.ipynb", "data", "lessons"}
        assert _get(port, "/api/contents/data/CODEBOOK.md", token)[0] == 200
        assert _get(port, "/api/contents/lessons/extend-the-kit.md", token)[0] == 200
        for hidden in ("lessons/masters", "lessons/answer-keys.md", "../lessons/masters/01-first.ipynb",
                       "..%2Flessons%2Fanswer-keys.md"):
            assert _get(port, f"/api/contents/{hidden}", token)[0] in (400, 403, 404), hidden
        assert _get(port, "/lab/tree/01-first.ipynb", token)[0] == 200
    finally:
        _stop(proc)


# -- the class link on a hub: nbgitpuller, then the kit's page ------------------------------------


@pytest.mark.slow
def test_class_link_pulls_and_opens_a_working_copy_and_updates_never_clobber(repo, tmp_path):
    pytest.importorskip("nbgitpuller")
    student_branch(repo)
    home = tmp_path / "home" / "ana"
    home.mkdir(parents=True)
    # the administrator's step: switch the page on for the users' environment (a private prefix here)
    prefix = tmp_path / "users-env"
    run = subprocess.run([sys.executable, "-m", "kit", "enable-class-links", "--prefix", str(prefix)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    env = {**_private_env(tmp_path), "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter")}
    port, token = _free_port(), "kit-test-token"
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}",
                                 "--ip=127.0.0.1", f"--IdentityProvider.token={token}",
                                 f"--ServerApp.root_dir={home}", *(["--allow-root"] if os.geteuid() == 0 else [])],
                                stdout=out, stderr=subprocess.STDOUT, cwd=home, env=env)
    link = kit.nbgitpuller_link("https://hub.example.edu", f"file://{repo}", branch="student", lesson=1)
    query = link.split("?", 1)[1]
    urlpath = [p.split("=", 1)[1] for p in query.split("&") if p.startswith("urlpath=")][0]
    clone = home / "music-kit"

    def click():
        status, _, body = _get(port, f"/git-pull/api?{query}", token)
        assert status == 200 and b'"phase": "finished"' in body, body[-2000:]
        return _get(port, "/" + urlpath.replace("%2F", "/"), token)

    try:
        _wait_for(proc, log, rf"http://127\.0\.0\.1:{port}/")
        assert "kit: class links open students' copies" in log.read_text()
        status, location, _ = click()  # first click: clone, copy, open
        assert status == 302 and location == "/lab/tree/" + quote("music-kit/my-work/01-first.ipynb")
        assert (clone / "my-work" / "01-first.ipynb").read_text() == notebook("Lesson one")
        assert not (clone / "lessons" / "masters").exists() and not (clone / "lessons" / "answer-keys.md").exists()
        assert (clone / "my-work" / "lessons" / "glossary.md").exists()

        # the student works; the teacher fixes two lessons and adds one, then republishes
        write(clone / "my-work" / "01-first.ipynb", notebook("Lesson one, with my answers"))
        write(clone / "my-work" / "answers" / "Ana.json", "{}")
        write(clone / "my-work" / "Untitled.ipynb", notebook("scratch"))
        write(clone / "notebooks" / "Untitled.ipynb", notebook("scratch next to the templates"))
        assert git(clone, "status", "--porcelain") == ""
        write(repo / "notebooks" / "01-first.ipynb", notebook("Lesson one, fixed"))
        write(repo / "notebooks" / "02-second.ipynb", notebook("Lesson two, fixed"))
        write(repo / "notebooks" / "03-third.ipynb", notebook("Lesson three"))
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "fixes")
        student_branch(repo)

        status, location, _ = click()  # second click: update, never clobber
        assert status == 302 and location.endswith("music-kit/my-work/01-first.ipynb")
        assert (clone / "notebooks" / "01-first.ipynb").read_text() == notebook("Lesson one, fixed")
        assert (clone / "my-work" / "01-first.ipynb").read_text() == notebook("Lesson one, with my answers")
        assert (clone / "my-work" / "02-second.ipynb").read_text() == notebook("Lesson two, fixed")
        assert (clone / "my-work" / "03-third.ipynb").exists()
        assert (clone / "my-work" / "answers" / "Ana.json").read_text() == "{}"
        assert (clone / "my-work" / "Untitled.ipynb").exists() and (clone / "notebooks" / "Untitled.ipynb").exists()
        assert not list(clone.rglob("*__20*"))  # nbgitpuller renamed nothing
        assert git(clone, "status", "--porcelain") == ""
        assert git(clone, "log", "-1", "--format=%s").startswith(("Student copy", "Merge"))

        status, location, _ = _get(port, "/kit/lesson/9/music-kit", token)
        assert status == 404
        assert _get(port, "/kit/lesson/1/..%2F..%2Fetc", token)[0] == 404
    finally:
        _stop(proc)


def test_enable_class_links_writes_the_config_jupyter_reads(tmp_path):
    from kit.classroom.server import enable

    path = enable(tmp_path)
    assert path == tmp_path / "etc" / "jupyter" / "jupyter_server_config.d" / "kit.classroom.server.json"
    assert json.loads(path.read_text()) == {"ServerApp": {"jpserver_extensions": {"kit.classroom.server": True}}}
    from jupyter_server.extension.manager import ExtensionPackage

    assert ExtensionPackage(name="kit.classroom.server").validate()  # importable, with its load function
