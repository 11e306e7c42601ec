"""A gradebook: one row per student, ready for a learning management system.

Read from a drop folder of hand-ins (or any folder of answers files) with the
same rules as ``kit.class_summary``: several hand-ins of one student are
merged and each answer counts once; the first try at a cue is the one scored.
Used in the teachers' dashboard (lessons/masters/teacher-dashboard.ipynb).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from kit.answers import _looks_like_answers, write_safe_csv
from kit.classroom.summary import _per_answer, read_class_files
from kit.errors import AnswersFileError

COLUMNS = ["student", "first_try_score", "first_try_accuracy", "answered", "last_hand_in"]


def _utc(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.astype(object), utc=True, errors="coerce", format="ISO8601")


def _iso(t) -> str:
    return "" if pd.isna(t) else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def pseudonyms(names, key: str | None = None) -> dict:
    """``{name: 'S01', ...}``: the same names (and key) always give the same pseudonyms.

    The order comes from a hash of each name with ``key`` (by default the
    class list itself), not from the alphabet, so S01 is not simply the
    first name on the register.
    """
    names = sorted(set(names))
    key = key if key is not None else "\n".join(names)
    order = sorted(names, key=lambda n: hashlib.sha256(f"{key}\0{n}".encode("utf-8")).hexdigest())
    width = max(2, len(str(len(order))))
    return {name: f"S{i:0{width}d}" for i, name in enumerate(order, start=1)}


def gradebook(paths_or_folder, out=None, pseudonymise=False) -> pd.DataFrame:
    """One row per student: ``student``, ``first_try_score`` (cues right at the
    first try), ``first_try_accuracy``, ``answered`` (cues answered) and
    ``last_hand_in`` (UTC, ISO 8601; from the hand-in, or the last answer when
    the file was not handed in). ``account`` is added when hand-ins name the
    account they came from.

    ``out``: also write it as a CSV that a spreadsheet or a learning
    management system imports (cells never read as formulas; an answers file
    is never overwritten). ``pseudonymise=True`` replaces names with S01,
    S02 ... (stable for the same class); pass a word instead of True to keep
    the pseudonyms stable as students join. The mapping stays in
    ``book.attrs['pseudonyms']`` and is never written to the file.
    """
    long, skipped, files = read_class_files(paths_or_folder)
    first = long[long["attempt"] == 1]
    per = _per_answer(first)
    book = per.groupby("student").agg(first_try_score=("all_right", "sum"), answered=("all_right", "size"))
    book["first_try_score"] = book["first_try_score"].astype(int)
    book["first_try_accuracy"] = book["first_try_score"] / book["answered"]
    last_answer = long.assign(t=_utc(long["answered_at"])).groupby("student")["t"].max()
    handed = files.dropna(subset=["handed_in_at"])
    last_hand_in = handed.assign(t=_utc(handed["handed_in_at"])).groupby("student")["t"].max()
    when = last_hand_in.reindex(book.index).fillna(last_answer.reindex(book.index))
    book["last_hand_in"] = [_iso(t) for t in when]
    accounts = files.dropna(subset=["account"]).groupby("student")["account"].agg(
        lambda a: ", ".join(sorted(set(a))))
    book = book.reset_index()[COLUMNS]
    if len(accounts):
        book.insert(1, "account", book["student"].map(accounts).fillna(""))
    mapping = {}
    if pseudonymise:
        mapping = pseudonyms(book["student"], pseudonymise if isinstance(pseudonymise, str) else None)
        book["student"] = book["student"].map(mapping)
        book = book.drop(columns=["account"], errors="ignore")
    book = book.sort_values("student", kind="stable").reset_index(drop=True)
    book.attrs = {"skipped": skipped, "pseudonyms": mapping}
    if out is not None:
        write_csv(book, out)
    return book


def write_csv(book: pd.DataFrame, out) -> Path:
    """Write a gradebook as UTF-8 CSV, formula-safe, atomically; never over an answers file."""
    target = Path(out)
    if target.is_dir() or (target.is_file() and _looks_like_answers(target)):
        raise AnswersFileError(f"{target} is a folder or an answers file, so the gradebook was not "
                               "written there. Choose another out= file name ending in .csv.")
    rows = ([f"{v:.3f}" if isinstance(v, float) else v for v in row] for row in book.itertuples(index=False))
    write_safe_csv(target, book.columns, rows, "gradebook")
    return target
