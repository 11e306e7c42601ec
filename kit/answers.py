"""Save and restore a student's quiz answers, safely.

Every answer is written the moment it is given: under a lock the file is
re-read, merged, written to a hidden temporary file and moved into place with
``os.replace``, so a crash never leaves half a file and two quizzes writing
to one file lose nothing. A file that cannot be read is moved aside (never
overwritten) and the quiz starts afresh; a save that fails raises
:class:`AnswersFileError` with what failed and what to do, and the quiz keeps
the answer until a save succeeds. Used by ``kit.quiz`` in lessons 1 and 2;
``export_answers`` makes the file a student hands in.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import errno
import hashlib
import io
import json
import os
import re
import secrets
import stat
import unicodedata
import warnings
from pathlib import Path

from kit.errors import AnswersFileError, KitInputError, PlainMessage

FORMAT = "music-storytelling-kit/answers"
VERSION = 1

#: Seconds to wait for another quiz that is saving to the same file.
LOCK_TIMEOUT = 10.0

_WHAT_TO_DO = ("Your answer is kept in this quiz and is saved with the next answer once saving "
               "works again. To save somewhere else, set the environment variable KIT_ANSWERS_DIR "
               "to a folder you can write to (or pass save_to='another-file.json'), then run the "
               "quiz cell again.")


class AnswersFileWarning(UserWarning):
    """An answers file could not be read and was set aside."""


class AnswersNotFound(PlainMessage, FileNotFoundError):
    """There is no answers file where one was asked for; the message says where to look."""


# -- file names ------------------------------------------------------------------

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[^\w.-]+")
_MAX_STEM = 64  # bytes of a name kept in the file name (file systems allow 255)


def _student_name(student) -> str | None:
    """The student's name as given (NFC, trimmed), or None; anything but text is refused."""
    if student is None:
        return None
    if not isinstance(student, str):
        raise TypeError(f"student must be your name as text, e.g. student='Ana', not {student!r}")
    try:
        student.encode("utf-8")
    except UnicodeEncodeError:
        raise KitInputError("student holds characters that are not valid text; type your name "
                            "again") from None
    return unicodedata.normalize("NFC", student.strip()) or None


def file_stem(student) -> str:
    """A safe file name for a student's answers, different for every different name.

    A name that is already a safe file name is used as it is (``Ana`` ->
    ``Ana``); any other gets a short code made from the exact name, so
    ``Ana Li``, ``Ana-Li`` and ``Ana/Li`` never share a file. Letters of
    every script are kept; very long names are shortened; Windows' reserved
    names (``CON``, ``NUL`` ...) are never used as they are.
    """
    name = _student_name(student) or "me"
    slug = _UNSAFE.sub("-", name).strip("-.")
    short = _MAX_STEM >= len(slug.encode("utf-8"))
    if slug == name and short and slug.split(".")[0].lower() not in _RESERVED:
        return slug
    code = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    # no dots: Windows reserves 'NUL.anything' as well as 'NUL'; at most _MAX_STEM bytes kept
    kept = slug.replace(".", "-").encode("utf-8")[:_MAX_STEM].decode("utf-8", errors="ignore")
    return (kept.strip("-") or "student") + "-" + code


def default_path(student: str | None = None) -> Path:
    """``answers/<student>.json`` in the working folder (``answers/me.json`` if unnamed).

    Set the environment variable ``KIT_ANSWERS_DIR`` to keep answers elsewhere
    (a shared drive, or a temporary folder in tests). A file saved under the
    kit's earlier naming rule for the same name is still found.
    """
    folder = Path(os.environ.get("KIT_ANSWERS_DIR") or "answers")
    path = folder / f"{file_stem(student)}.json"
    name = _student_name(student)
    if name and not path.exists():
        legacy = folder / f"{_UNSAFE.sub('-', name).strip('-.')[:200] or 'me'}.json"
        with contextlib.suppress(OSError, ValueError, RecursionError):
            if legacy != path and legacy.is_file() and json.loads(
                    legacy.read_text(encoding="utf-8")).get("student") == name:
                return legacy
    return path


# -- reading ---------------------------------------------------------------------------


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


def _empty(student: str | None) -> dict:
    return {"format": FORMAT, "version": VERSION, "student": student, "answers": [], "quizzes": {}}


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _text_or_none(v) -> bool:
    return v is None or isinstance(v, str)


def _answer_problem(a) -> str:
    if not isinstance(a, dict):
        return "an answer in it is not a record"
    if not isinstance(a.get("cue_id"), str) or not _is_int(a.get("level")):
        return "an answer in it has no cue_id or level"
    for key in ("given", "expected"):
        value = a.get(key, {})
        if value is None and key == "expected":
            continue
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and _text_or_none(v) for k, v in value.items()):
            return f"an answer's '{key}' is damaged"
    if "given" not in a:
        return "an answer in it has no 'given'"
    for key in ("quiz", "answered_at", "music_title", "title", "student"):
        if not _text_or_none(a.get(key)):
            return f"an answer's '{key}' is not text"
    if "correct" in a and not isinstance(a["correct"], (bool, type(None))):
        return "an answer's 'correct' is damaged"
    return ""


def _quiz_problem(state) -> str:
    if not isinstance(state, dict):
        return "a saved quiz position is damaged"
    order = state.get("order", [])
    if not isinstance(order, list) or not all(isinstance(c, str) for c in order):
        return "a saved quiz's order is damaged"
    if not _is_int(state.get("position", 0)) or not _is_int(state.get("level", 1)):
        return "a saved quiz's position is damaged"
    return ""


def problem_with(data) -> str:
    """Why ``data`` (parsed JSON) is not a usable answers record; '' if it is.

    The whole structure is checked, so a damaged file is set aside when it is
    read, never halfway through a quiz. ``kit.class_summary`` uses it too.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "it is not a quiz answers file"
    if not _is_int(data.get("version", VERSION)) or not _text_or_none(data.get("student")):
        return "its header is damaged"
    if not isinstance(data.get("answers"), list) or not isinstance(data.get("quizzes", {}), dict):
        return "its answers list is damaged"
    for a in data["answers"]:
        if problem := _answer_problem(a):
            return problem
    for key, state in data.get("quizzes", {}).items():
        if problem := _quiz_problem(state):
            return problem
    return ""


def parse_answers(raw: bytes) -> tuple[dict | None, str]:
    """``(record, '')`` for the bytes of a good answers file, else ``(None, why)``."""
    try:
        data = json.loads(raw.decode("utf-8"))
        problem = problem_with(data)
        if not problem:  # text must survive being written back (no lone surrogates)
            json.dumps(data, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        return None, "it is nested too deeply to be an answers file"
    except UnicodeError:
        return None, "it is not UTF-8 text"
    except ValueError as err:  # bad JSON, or a number too long to read
        return None, f"it is not valid JSON ({str(err)[:80]})"
    return (None, problem) if problem else (data, "")


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


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes; None if it is not there. A file that cannot be opened is an error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise AnswersFileError(f"Your answers file {path} could not be opened ({_reason(err)}). "
                               + _WHAT_TO_DO) from None


def read_answers(path, student: str | None = None, set_aside: bool = True) -> dict:
    """The saved answers at ``path``; a fresh record if there are none yet.

    A damaged file is moved aside with a warning (``set_aside=True``) or
    reported with :class:`AnswersFileError` (``set_aside=False``, for teachers).
    """
    path = Path(path)
    raw = _read_bytes(path)
    if raw is None:
        return _empty(student)
    data, problem = parse_answers(raw)
    if problem:
        if not set_aside:
            raise AnswersFileError(f"{path}: {problem}")
        try:
            _set_aside(path, problem)
        except OSError as err:
            raise AnswersFileError(f"Your answers file {path} is damaged ({problem}) and could not "
                                   f"be moved aside ({_reason(err)}). " + _WHAT_TO_DO) from None
        return _empty(student)
    data.setdefault("quizzes", {})
    return data


def owner_problem(data: dict, student: str | None, path) -> str:
    """Why ``student`` must not use the answers in ``data`` ('' when they may)."""
    owner, name = data.get("student"), _student_name(student)
    if owner and name and owner != name:
        return (f"The answers file {path} belongs to '{owner}', not to '{name}', so it was not used. "
                f"Pass student='{owner}' if that is you, or save_to='a-file-of-your-own.json'.")
    return ""


# -- writing -------------------------------------------------------------------------


def _reason(err: OSError) -> str:
    """An OSError in words a student can act on."""
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full"
    if err.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if err.errno == errno.EROFS:
        return "the folder is on a read-only drive"
    if isinstance(err, PermissionError):
        return "you do not have permission to write there"
    if isinstance(err, IsADirectoryError):
        return "a folder has that name"
    return err.strerror or str(err)


def _lock(path: Path):
    """An exclusive lock for ``path``, kept in a hidden ``.locks`` folder beside it.

    ``filelock`` locks the operating system's way on Linux, macOS and
    Windows, and falls back to a lock file where there is no locking (e.g.
    JupyterLite).
    """
    import filelock

    folder = path.parent / ".locks"
    folder.mkdir(parents=True, exist_ok=True)
    return filelock.FileLock(str(folder / (path.name + ".lock")), timeout=LOCK_TIMEOUT)


def _clean_temporary(path: Path) -> None:
    """Remove temporary files left by saves that were killed (only called under the lock)."""
    for pattern in (f".{path.name}.*.tmp", f"{path.name}.*.tmp"):
        for tmp in path.parent.glob(pattern):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _check_writable(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise AnswersFileError(
            f"Your answers file {path} is read-only (perhaps it was handed in, or made read-only on "
            "purpose), so the kit will not replace it. Make it writable again to go on saving there. "
            + _WHAT_TO_DO)


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a hidden temporary file, then move it over ``path``.

    The temporary file is created with the permissions any new file gets
    (the operating system applies the user's umask; the kit never changes
    it), or with those of the file it replaces.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _key(answer: dict) -> tuple:
    return (answer.get("cue_id"), answer.get("level"), answer.get("answered_at"), answer.get("quiz"))


def record_answers(path, answers: list[dict], student: str | None = None,
                   quiz_state: dict | None = None) -> dict:
    """Append answers (and a quiz's position) to the file, atomically, under a lock.

    Returns the merged record now on disk; answers written meanwhile by
    another quiz on the same file are kept. Any failure raises
    :class:`AnswersFileError` saying what failed and what to do; nothing on
    disk is changed then.
    """
    import filelock

    path = Path(path)
    student = _student_name(student)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path):
            _clean_temporary(path)
            _check_writable(path)
            data = read_answers(path, student)
            if problem := owner_problem(data, student, path):
                raise AnswersFileError(problem + " " + _WHAT_TO_DO)
            if student and not data.get("student"):
                data["student"] = student
            seen = {_key(a) for a in data["answers"]}
            for answer in answers:
                answer = dict(answer)
                answer.setdefault("answered_at", _now())
                if _key(answer) not in seen:
                    data["answers"].append(answer)
                    seen.add(_key(answer))
            if quiz_state:
                data["quizzes"].update(quiz_state)
            _write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))
    except filelock.Timeout:
        raise AnswersFileError(f"Another quiz kept {path} busy for more than {LOCK_TIMEOUT:.0f} s, "
                               "so your answer was not written (the kit never writes without the "
                               "lock). Press Check again in a moment. " + _WHAT_TO_DO) from None
    except OSError as err:
        raise AnswersFileError(f"Your answer could not be saved to {path}: {_reason(err)}. "
                               + _WHAT_TO_DO) from None
    return data


def record_answer(path, answer: dict, student: str | None = None, quiz_state: dict | None = None) -> dict:
    """Append one answer (and the quiz's position) to the file: see :func:`record_answers`."""
    return record_answers(path, [answer] if answer else [], student, quiz_state)


def latest_answers(data: dict, quiz: str | None = None) -> dict:
    """The newest answer per (quiz, cue): what the student last said."""
    out = {}
    for a in data.get("answers", []):
        if quiz is None or a.get("quiz") == quiz:
            out[(a.get("quiz"), a["cue_id"])] = a
    return out


def first_answers(data: dict, quiz: str | None = None) -> dict:
    """The first answer per (quiz, cue): the one that is scored."""
    out = {}
    for a in data.get("answers", []):
        if quiz is None or a.get("quiz") == quiz:
            out.setdefault((a.get("quiz"), a["cue_id"]), a)
    return out


# -- tables and export ------------------------------------------------------------------

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


#: Columns of the long answers table (one row per answer and axis). ``attempt``
#: counts a student's answers to one cue in one quiz: 1 is the first try, the one scored.
ANSWER_COLUMNS = ["student", "quiz", "level", "cue_id", "music_title", "axis", "given", "expected",
                  "correct", "answered_at", "attempt"]


def answer_rows(data: dict, student: str = "") -> list[list]:
    """The long table's rows (see ``ANSWER_COLUMNS``) for one answers record;
    ``student`` names answers whose record names nobody."""
    student = data.get("student") or student
    rows, attempts = [], {}
    for a in data.get("answers", []):
        given = a.get("given") or {}
        expected = a.get("expected") or {}
        key = (a.get("quiz"), a["cue_id"])
        attempts[key] = attempt = attempts.get(key, 0) + 1
        for axis in expected or given:
            g, e = given.get(axis), expected.get(axis)
            rows.append([a.get("student") or student, a.get("quiz", ""), a.get("level"), a["cue_id"],
                         a.get("music_title", ""), axis, g, e, g == e, a.get("answered_at", ""), attempt])
    return rows


def answers_table(data: dict):
    """One row per axis of every answer: the long table teachers analyse."""
    import pandas as pd

    return pd.DataFrame(answer_rows(data), columns=ANSWER_COLUMNS)


def _source(save_to, student) -> Path:
    """The answers file to read, or a clear error naming where it was looked for."""
    src = Path(save_to) if save_to is not None else default_path(student)
    if src.is_file():
        return src
    if src.is_dir():
        raise AnswersFileError(f"{src} is a folder, not an answers file: pass the .json file inside it.")
    near = sorted(p.name for p in src.parent.glob("*.json")) if src.parent.is_dir() else []
    hint = (f" Answers files in {src.parent}: {', '.join(near[:10])}." if near
            else " Answer at least one question in the quiz first.")
    who = f" for student {student!r}" if save_to is None else ""
    raise AnswersNotFound(f"No answers file{who} at {src}. Use the same student= (spelled exactly "
                          "as in the quiz) or save_to= as the quiz did." + hint)


def _looks_like_answers(path: Path) -> bool:
    with contextlib.suppress(OSError):
        with open(path, "rb") as fh:
            return FORMAT.encode() in fh.read(4096)
    return False


def export_answers(save_to=None, out=None, student: str | None = None) -> Path:
    """Write the file a student hands in: a CSV, one row per answer and axis.

    ``save_to`` is the quiz's answers file (default for ``student``); ``out``
    the CSV to write (default: beside it, ``.csv``). An export never writes
    over an answers file, its own or anyone's. Cells that a spreadsheet
    would treat as formulas are prefixed with a quote. Used in lessons 1-2.
    """
    src = _source(save_to, student)
    data = read_answers(src, student, set_aside=False)
    if student and not data.get("student"):
        data["student"] = _student_name(student)
    target = Path(out) if out is not None else src.with_suffix(".csv")
    if out is None and target == src:
        target = src.with_name(src.stem + "-export.csv")
    if target.resolve() == src.resolve() or (target.is_file() and _looks_like_answers(target)):
        raise AnswersFileError(f"Exporting to {target} would write over an answers file, so nothing "
                               "was written. Choose another out= file name ending in .csv.")
    write_safe_csv(target, ANSWER_COLUMNS, answer_rows(data), "export")
    return target


def write_safe_csv(target: Path, columns, rows, what: str) -> None:
    """Write a CSV whose cells a spreadsheet shows as text (never as formulas), atomically.

    Used for the answers export and ``kit.gradebook``; ``what`` names the file in the error.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(target, buffer.getvalue())
    except OSError as err:
        raise AnswersFileError(f"The {what} could not be written to {target}: {_reason(err)}. "
                               "Choose another out= file or folder.") from None


def load_answers(save_to=None, student: str | None = None):
    """A student's answers as a long DataFrame (one row per answer and axis)."""
    return answers_table(read_answers(_source(save_to, student), student, set_aside=False))
