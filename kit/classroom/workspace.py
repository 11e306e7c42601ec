"""Where students work: their own copies of the lessons, outside the tracked files.

The tracked lesson notebooks in ``notebooks/`` are templates that nobody
edits. ``workspace()`` copies them into ``my-work/`` (ignored by git), with
read-only copies of the reference documents the lessons mention
(``data/CODEBOOK.md``, ``data/DATASHEET.md``, ``lessons/extend-the-kit.md``,
``lessons/glossary.md``) at the same relative paths, so ``my-work/`` is all
a student needs to see. Quiz answers land in ``my-work/answers/`` because a
notebook's kernel runs in the notebook's folder.

A student's copy is never overwritten: a copy the student has not changed
since it was made is brought up to date when the teacher's template changes;
a changed copy is kept as it is (the report says so). Deleting a copy and
running ``workspace()`` again gives a fresh one. ``make lab`` and
``python -m kit lab`` run it before JupyterLab opens ``my-work/``; on a hub,
the kit's server extension runs it when a student follows the class link.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import secrets
import subprocess
from pathlib import Path

from kit.errors import KitInputError

#: The folder of students' own copies, beside ``notebooks/`` (git ignores it).
WORK = "my-work"
#: Lesson notebooks: ``01-score-or-soundtrack.ipynb`` and so on.
LESSON_GLOB = "[0-9][0-9]-*.ipynb"
#: What the lessons point students to, copied read-only into ``my-work/``.
REFERENCE = ("data/CODEBOOK.md", "data/DATASHEET.md", "lessons/extend-the-kit.md", "lessons/glossary.md")
#: Teachers' area: kept out of the student lab and the ``student`` branch.
#: Everything under ``lessons/`` is for teachers except the reference documents above.
TEACHERS_ONLY = ("lessons/*",)
_STATE = ".kit-workspace.json"
_KIT_CHECKOUT = Path(__file__).resolve().parent.parent.parent


def _has_lessons(folder: Path) -> bool:
    return (folder / "notebooks").is_dir() and any((folder / "notebooks").glob(LESSON_GLOB))


def find_repo(repo=None) -> Path:
    """The kit's folder: ``repo``, else the current folder, else the checkout the kit runs from."""
    if repo is not None:
        path = Path(repo).expanduser().resolve()
        if not _has_lessons(path):
            raise KitInputError(f"{path} has no lesson notebooks in notebooks/: pass the folder of the "
                                "kit's repository (the one with notebooks/ and data/).")
        return path
    for candidate in (Path.cwd(), Path.cwd().parent, _KIT_CHECKOUT):
        if _has_lessons(candidate):
            return candidate.resolve()
    raise KitInputError("Could not find the lesson notebooks: run this in the kit's folder (the one with "
                        "notebooks/ and data/), or pass repo='path/to/the/kit'.")


def lessons(repo) -> list[Path]:
    """The tracked lesson templates, in order."""
    return sorted((Path(repo) / "notebooks").glob(LESSON_GLOB))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_state(work: Path) -> dict:
    with contextlib.suppress(OSError, ValueError):
        state = json.loads((work / _STATE).read_text(encoding="utf-8"))
        if isinstance(state, dict) and isinstance(state.get("copies"), dict):
            return state
    return {"copies": {}}


def _write_new(dest: Path, data: bytes, mode: int | None, replace: bool) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        if replace:
            os.replace(tmp, dest)
        else:  # a file that appeared meanwhile is the student's: never replace it
            os.link(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def update_workspace(repo=None, into=None) -> dict:
    """Make or refresh the student's copies; return what was done.

    The report has ``folder`` (the workspace), ``copied`` (new copies),
    ``updated`` (unchanged copies brought up to date) and ``kept`` (copies the
    student changed, left as they are though the template changed).
    """
    repo = find_repo(repo)
    work = Path(into).expanduser().resolve() if into is not None else repo / WORK
    work.mkdir(parents=True, exist_ok=True)
    state = _read_state(work)
    copies = state["copies"]
    report = {"folder": work, "copied": [], "updated": [], "kept": []}
    sources = [(p, p.name, None) for p in lessons(repo)]
    sources += [(repo / rel, rel, 0o444) for rel in REFERENCE if (repo / rel).is_file()]
    for src, rel, mode in sources:
        dest = work / rel
        data = src.read_bytes()
        new = hashlib.sha256(data).hexdigest()
        if not dest.exists():
            try:
                _write_new(dest, data, mode, replace=False)
            except FileExistsError:
                report["kept"].append(rel)
                continue
            report["copied"].append(rel)
        else:
            current = _digest(dest)
            if current == new:
                pass
            elif copies.get(rel) == current:
                _write_new(dest, data, mode, replace=True)
                report["updated"].append(rel)
            else:
                report["kept"].append(rel)
                continue
        copies[rel] = new
    _write_new(work / _STATE, json.dumps(state, indent=1, sort_keys=True).encode(), None, replace=True)
    return report


def workspace(repo=None, into=None) -> Path:
    """Make the student's working copies of the lessons; return the ``my-work`` folder.

    Never overwrites a student's work (see the module's description).
    ``python -m kit workspace`` runs it and says what it did.
    """
    return update_workspace(repo, into)["folder"]


def lesson_path(work, lesson=1) -> Path:
    """The working copy of lesson ``lesson`` (a number, or a lesson file name) in ``work``."""
    work = Path(work)
    lesson = str(lesson)
    if lesson.isdigit():
        found = sorted(work.glob(f"{int(lesson):02d}-*.ipynb"))
    else:
        found = [work / lesson] if fnmatch.fnmatch(lesson, LESSON_GLOB) and (work / lesson).is_file() else []
    if not found:
        raise KitInputError(f"There is no lesson {lesson} in {work}.")
    return found[0]


# -- the student branch -------------------------------------------------------------


def _git(repo: Path, *args: str, env=None, input: bytes | None = None) -> str:
    run = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, input=input,
                         env={**os.environ, **(env or {})})
    if run.returncode:
        raise KitInputError(f"git {' '.join(args[:2])} failed: {run.stderr.decode(errors='replace').strip()}")
    return run.stdout.decode().strip()


def is_teachers_only(path: str) -> bool:
    """True for a repository path students should not get (masters, answer keys, guides)."""
    if path in REFERENCE:
        return False
    return any(fnmatch.fnmatch(path, pattern) for pattern in TEACHERS_ONLY)


def student_branch(repo=".", source: str = "main", branch: str = "student") -> str | None:
    """Commit ``source``'s files, less the teachers' area, on ``branch``; return the new commit.

    The branch is what the class link pulls: students' clones then hold no
    masters, answer keys or teaching guides. Each run adds one commit whose
    only parent is the branch's previous commit, so nbgitpuller updates
    students' copies by an ordinary merge and the teachers' files never
    enter the branch's history. Returns None when the branch is already up
    to date. Push it afterwards: ``git push origin student``.
    """
    repo = Path(repo)
    source_commit = _git(repo, "rev-parse", "--verify", f"{source}^{{commit}}")
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", source_commit)
    kept = [entry for entry in listing.split("\0") if entry and not is_teachers_only(entry.split("\t", 1)[1])]
    index = Path(_git(repo, "rev-parse", "--absolute-git-dir")) / f"kit-student-index-{secrets.token_hex(4)}"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        _git(repo, "read-tree", "--empty", env=env)
        _git(repo, "update-index", "-z", "--index-info", env=env,
             input="".join(entry + "\0" for entry in kept).encode())
        tree = _git(repo, "write-tree", env=env)
    finally:
        with contextlib.suppress(FileNotFoundError):
            index.unlink()
    parent = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "-q", f"refs/heads/{branch}"],
                            capture_output=True, text=True).stdout.strip()
    if parent and _git(repo, "rev-parse", f"{parent}^{{tree}}") == tree:
        return None
    message = f"Student copy of {source} at {source_commit[:12]} (teachers' files left out)"
    commit = _git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    _git(repo, "update-ref", f"refs/heads/{branch}", commit, *([parent] if parent else []))
    return commit
