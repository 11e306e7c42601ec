"""Save and restore a student's quiz answers, safely.

Every answer is written the moment it is given: the file is re-read under a
lock, merged, written to a temporary file and moved into place with
``os.replace``, so a crash never leaves half a file and two quizzes writing
to one file lose nothing. A file that cannot be read is moved aside (never
overwritten) and the quiz starts afresh. Used by ``kit.quiz`` in lessons 1
and 2; ``export_answers`` makes the file a student hands in.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import json
import os
import re
import tempfile
import time
import unicodedata
import warnings
from pathlib import Path

FORMAT = "music-storytelling-kit/answers"
VERSION = 1


class AnswersFileWarning(UserWarning):
    """An answers file could not be read and was set aside."""


def default_path(student: str | None = None) -> Path:
    """``answers/<student>.json`` in the working folder (``answers/me.json`` if unnamed).

    Set the environment variable ``KIT_ANSWERS_DIR`` to keep answers elsewhere
    (a shared drive, or a temporary folder in tests).
    """
    # \w keeps letters of every script (José, Zoë, 张伟 get files of their own)
    raw = unicodedata.normalize("NFC", (student or "me").strip())
    name = re.sub(r"[^\w.-]+", "-", raw).strip("-.") or "me"
    return Path(os.environ.get("KIT_ANSWERS_DIR") or "answers") / f"{name}.json"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


def _empty(student: str | None) -> dict:
    return {"format": FORMAT, "version": VERSION, "student": student, "answers": [], "quizzes": {}}


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock beside ``path`` for a read-merge-write."""
    lock_path = path.with_name(path.name + ".lock")
    fh = open(lock_path, "a+")
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        except ImportError:  # Windows
            import msvcrt

            for _ in range(200):
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.01)
        yield
    finally:
        fh.close()


def _set_aside(path: Path, reason: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.unreadable-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.unreadable-{stamp}-{n}{path.suffix}")
        n += 1
    os.replace(path, target)
    warnings.warn(
        f"Your answers file {path} could not be read ({reason}). It was kept as {target.name} "
        "and a fresh file was started; show it to your teacher if answers are missing.",
        AnswersFileWarning,
        stacklevel=3,
    )
    return target


def _valid(data) -> str:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "it is not a quiz answers file"
    if not isinstance(data.get("answers"), list) or not isinstance(data.get("quizzes", {}), dict):
        return "its answers list is damaged"
    for a in data["answers"]:
        if not isinstance(a, dict) or not {"cue_id", "level", "given"} <= set(a):
            return "an answer in it is damaged"
    return ""


def read_answers(path, student: str | None = None, set_aside: bool = True) -> dict:
    """The saved answers at ``path``; a fresh record if there are none yet.

    An unreadable file is moved aside with a warning (``set_aside=True``)
    or reported with ``ValueError`` (``set_aside=False``, for teachers).
    """
    path = Path(path)
    if not path.exists():
        return _empty(student)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        problem = _valid(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        problem = f"{type(err).__name__}: {err}"
    if problem:
        if not set_aside:
            raise ValueError(f"{path}: {problem}")
        _set_aside(path, problem)
        return _empty(student)
    data.setdefault("quizzes", {})
    return data


def _write_atomic(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes an owner-only file; give it the usual permissions so a
        # teacher can read a shared folder of answers
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _key(answer: dict) -> tuple:
    return (answer.get("cue_id"), answer.get("level"), answer.get("answered_at"), answer.get("quiz"))


def record_answer(path, answer: dict, student: str | None = None, quiz_state: dict | None = None) -> dict:
    """Append one answer (and the quiz's position) to the file, atomically.

    Returns the merged record now on disk. Answers written meanwhile by
    another quiz on the same file are kept.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        data = read_answers(path, student)
        if student and not data.get("student"):
            data["student"] = student
        if answer:
            answer = dict(answer)
            answer.setdefault("answered_at", _now())
            seen = {_key(a) for a in data["answers"]}
            if _key(answer) not in seen:
                data["answers"].append(answer)
        if quiz_state:
            data["quizzes"].update(quiz_state)
        _write_atomic(path, data)
    return data


def latest_answers(data: dict, quiz: str | None = None) -> dict:
    """The newest answer per (quiz, cue): what the student last said."""
    out = {}
    for a in data.get("answers", []):
        if quiz is not None and a.get("quiz") != quiz:
            continue
        out[(a.get("quiz"), a["cue_id"])] = a
    return out


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


#: Columns of the long answers table (one row per answer and axis).
ANSWER_COLUMNS = ["student", "quiz", "level", "cue_id", "music_title", "axis", "given", "expected",
                  "correct", "answered_at"]


def answer_rows(data: dict, student: str = "") -> list[list]:
    """The long table's rows (see ``ANSWER_COLUMNS``) for one answers record;
    ``student`` names answers whose record names nobody."""
    student = data.get("student") or student
    rows = []
    for a in data.get("answers", []):
        given = a.get("given") or {}
        expected = a.get("expected") or {}
        for axis in expected or given:
            g, e = given.get(axis), expected.get(axis)
            rows.append([a.get("student") or student, a.get("quiz", ""), a.get("level"), a["cue_id"],
                         a.get("music_title", ""), axis, g, e, g == e, a.get("answered_at", "")])
    return rows


def answers_table(data: dict):
    """One row per axis of every answer: the long table teachers analyse."""
    import pandas as pd

    return pd.DataFrame(answer_rows(data), columns=ANSWER_COLUMNS)


def export_answers(save_to=None, out=None, student: str | None = None) -> Path:
    """Write the file a student hands in: a CSV, one row per answer and axis.

    ``save_to`` is the quiz's answers file (default for ``student``); ``out``
    the CSV to write (default: beside it, ``.csv``). Cells that a spreadsheet
    would treat as formulas are prefixed with a quote. Used in lessons 1-2.
    """
    src = Path(save_to) if save_to is not None else default_path(student)
    data = read_answers(src, student, set_aside=False)
    if student and not data.get("student"):
        data["student"] = student
    table = answers_table(data)
    out = Path(out) if out is not None else src.with_suffix(".csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.columns)
        for row in table.itertuples(index=False):
            writer.writerow([safe_cell(v) for v in row])
    return out


def load_answers(save_to=None, student: str | None = None):
    """A student's answers as a long DataFrame (one row per answer and axis)."""
    src = Path(save_to) if save_to is not None else default_path(student)
    return answers_table(read_answers(src, student, set_aside=False))
