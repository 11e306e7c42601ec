"""A class's answers in one table: who got what right, and what cues were
mistaken for. Pure pandas; ``kit.plot_confusion`` draws it. Used in the
instructor guide "Collecting and discussing a class's answers"
(lessons/class-results.md) and the teachers' dashboard notebook.

It reads a folder of answers files, exported CSVs, or a class drop folder
filled by ``kit.hand_in``: each hand-in is a snapshot of a student's whole
answers file, so several hand-ins of one student are merged and every answer
counts once.
"""

from __future__ import annotations

import csv
import os
import warnings
from pathlib import Path

import pandas as pd

from kit.answers import ANSWER_COLUMNS as _COLS
from kit.answers import answer_rows, parse_answers
from kit.classroom.hand_in import hand_in_info
from kit.errors import KitInputError

_SET_ASIDE = ".unreadable-"


def _answer_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.iterdir()
                  if f.suffix in (".json", ".csv") and not f.name.startswith(".") and f.is_file())


def _files(paths_or_folder) -> list[Path]:
    if isinstance(paths_or_folder, (str, os.PathLike)):
        p = Path(paths_or_folder)
        if p.is_dir():
            # one level of sub-folders too: a drop folder on Kubernetes holds one folder per student
            subfolders = sorted(d for d in p.iterdir() if d.is_dir() and not d.name.startswith("."))
            return _answer_files(p) + [f for d in subfolders for f in _answer_files(d)]
        if not p.exists():
            raise FileNotFoundError(f"There is no file or folder {p}: pass the folder that holds "
                                    "the class's answers files (or a list of files).")
        return [p]
    try:
        return [Path(p) for p in paths_or_folder]
    except TypeError:
        raise KitInputError("pass a folder of answers files, or a list of their paths, not "
                            f"{type(paths_or_folder).__name__}") from None


def _rows_from_json(path: Path) -> tuple[list[list], dict]:
    if _SET_ASIDE in path.name:
        raise ValueError("set aside by the quiz because it could not be read; open it to recover "
                         "what you can")
    data, problem = parse_answers(path.read_bytes())
    if problem:
        raise ValueError(problem)
    meta = hand_in_info(path, data)
    # an answer without expected values cannot be graded: left out
    return [row for row in answer_rows(data, meta["stem"]) if row[7] is not None], meta


def _rows_from_csv(path: Path) -> list[list]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"cue_id", "axis", "given", "expected"} <= set(reader.fieldnames):
            raise ValueError("not an exported answers CSV")
        rows = []
        for r in reader:
            if None in r or any(r.get(k) is None for k in ("cue_id", "axis", "given", "expected")):
                raise ValueError(f"line {reader.line_num} does not have one value per column")
            rows.append([r.get("student") or path.stem, r.get("quiz", ""), r.get("level"), r["cue_id"],
                         r.get("music_title", ""), r["axis"], r["given"] or None, r["expected"],
                         r["given"] == r["expected"], r.get("answered_at", ""), r.get("attempt") or None])
        return rows, hand_in_info(path, None)


def read_class(paths_or_folder) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """All answers of a class as a long table, and the files skipped (with why).

    A student is identified by the name saved in the file; when two files
    carry the same name (say, several students left it as "me"), each is
    told apart by its file name so no answers are merged away. Hand-ins of
    one student (same name and same account, or same name in file names
    ``<name>+<time>+<token>.json``) are one student, and an answer found in
    several hand-ins counts once.
    """
    long, skipped, _ = read_class_files(paths_or_folder)
    return long, skipped


def read_class_files(paths_or_folder):
    """:func:`read_class` plus a table of the files read: ``path``, ``student``,
    ``account`` and ``handed_in_at`` (used by ``kit.gradebook``)."""
    rows, skipped, owners = [], [], {}
    per_file = []
    for path in _files(paths_or_folder):
        try:
            reader = _rows_from_csv if path.suffix == ".csv" else _rows_from_json
            got, meta = reader(path)
        except (OSError, ValueError, csv.Error) as err:  # UnicodeDecodeError is a ValueError
            skipped.append((str(path), f"{type(err).__name__}: {err}"))
            continue
        per_file.append((path, got, meta))
        for name in {r[0] for r in got}:
            owners.setdefault(name, set()).add(meta["identity"])  # ana.json + ana.csv: one student
    shared = {name for name, files in owners.items() if len(files) > 1}
    if shared:
        warnings.warn("The same student name is used in several files ("
                      + ", ".join(sorted(map(str, shared)))
                      + "); they are told apart by file name, e.g. 'me (ana)'.", stacklevel=3)
    files = []
    for path, got, meta in per_file:
        for r in got:
            if r[0] in shared:
                r[0] = f"{r[0]} ({meta['identity']})"
        rows.extend(got)
        for name in {r[0] for r in got}:
            files.append({"path": str(path), "student": name, "account": meta["account"],
                          "handed_in_at": meta["handed_in_at"]})
    long = pd.DataFrame(rows, columns=_COLS)
    long["level"] = pd.to_numeric(long["level"], errors="coerce").astype("Int64")
    long["correct"] = long["correct"].astype(bool)
    long["answered_at"] = long["answered_at"].astype(str)
    # the same answer read from a student's JSON and from its exported CSV counts once
    long = long.drop_duplicates(["student", "quiz", "cue_id", "axis", "answered_at"])
    # every attempt is kept; the first one per student, quiz, cue and axis is the one scored
    long = long.sort_values("answered_at", kind="stable")
    long["attempt"] = long.groupby(["student", "quiz", "cue_id", "axis"], sort=False).cumcount() + 1
    files = pd.DataFrame(files, columns=["path", "student", "account", "handed_in_at"])
    return long.reset_index(drop=True), skipped, files


def _latest(long: pd.DataFrame) -> pd.DataFrame:
    """Each student's latest answer per cue and axis: what they say now."""
    return long.drop_duplicates(["student", "quiz", "cue_id", "axis"], keep="last")


def _per_answer(long: pd.DataFrame) -> pd.DataFrame:
    """One row per student, quiz and cue: whether every axis was right."""
    return (long.groupby(["student", "quiz", "cue_id"], sort=False)
                .agg(all_right=("correct", "all"), music_title=("music_title", "first"))
                .reset_index())


def _most_common_wrong(long: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per cue, the wrong answer given most often ('axis: answer') and how often."""
    wrong = long[~long["correct"] & long["given"].notna()]
    if not len(wrong):
        return pd.Series(dtype=object), pd.Series(dtype=object)
    counts = (wrong.assign(label=wrong["axis"] + ": " + wrong["given"].astype(str))
                   .groupby(["cue_id", "label"]).size().reset_index(name="n")
                   .sort_values(["cue_id", "n", "label"], ascending=[True, False, True])
                   .drop_duplicates("cue_id").set_index("cue_id"))
    return counts["label"], counts["n"]


#: The kinds of quiz a summary can keep: the cue quiz (lessons 1-2) and the ear quiz (lesson 3).
QUIZ_KINDS = ("cue", "ear")


def class_summary(paths_or_folder, level: int | None = None, quiz: str | None = None) -> pd.DataFrame:
    """Accuracy per cue for a class, from answers files or a folder of them.

    One row per cue, hardest first: answers (students who answered it),
    ``first_try_accuracy`` (all axes right at the first try: the score the
    quiz gives), ``accuracy`` (right in the student's latest answer), accuracy
    per axis at the first try, and the most common wrong first answer. Every
    attempt is kept, so what a class got wrong stays visible after students
    have seen the answer. ``level=1`` or ``level=2`` keeps one level, and
    ``quiz="cue"`` or ``quiz="ear"`` one kind of quiz (by default all are pooled). ``summary.attrs`` also holds ``by_student``,
    ``by_axis``, ``answers`` (the long table, every attempt) and ``skipped``
    (files that could not be read, each with the reason; they are reported
    with a warning and never stop the summary).
    """
    if level is not None and level not in (1, 2):
        raise KitInputError(f"level must be 1, 2 or None (both), not {level!r}")
    if quiz is not None and quiz not in QUIZ_KINDS:
        raise KitInputError(f"quiz must be 'cue' (lessons 1-2), 'ear' (lesson 3) or None (both), not {quiz!r}")
    long, skipped = read_class(paths_or_folder)
    if level is not None:
        long = long[long["level"] == level].reset_index(drop=True)
    if quiz is not None:
        ear = long["quiz"].astype(str).str.startswith("ear-")
        long = long[ear if quiz == "ear" else ~ear].reset_index(drop=True)
    if skipped:
        warnings.warn(f"Skipped {len(skipped)} unreadable file(s): "
                      + "; ".join(f"{p} ({why})" for p, why in skipped), stacklevel=2)
    first = long[long["attempt"] == 1]
    latest_per_answer, first_per_answer = _per_answer(_latest(long)), _per_answer(first)
    by_cue = first_per_answer.groupby("cue_id").agg(
        music_title=("music_title", "first"), answers=("all_right", "size"),
        first_try_accuracy=("all_right", "mean"))
    by_cue["accuracy"] = latest_per_answer.groupby("cue_id")["all_right"].mean()
    axis_acc = first.pivot_table(index="cue_id", columns="axis", values="correct", aggfunc="mean")
    axis_acc.columns = [f"accuracy_{c}" for c in axis_acc.columns]
    common, n_common = _most_common_wrong(first)
    summary = by_cue.join(axis_acc).assign(most_common_wrong=common, times_given=n_common)
    summary["most_common_wrong"] = summary["most_common_wrong"].astype(object).where(
        summary["most_common_wrong"].notna(), "")
    summary["times_given"] = summary["times_given"].fillna(0).astype(int)
    summary = summary.sort_values(["first_try_accuracy", "accuracy", "answers"], ascending=[True, True, False])
    by_student = first_per_answer.groupby("student").agg(answers=("all_right", "size"),
                                                         first_try_accuracy=("all_right", "mean"))
    by_student["accuracy"] = latest_per_answer.groupby("student")["all_right"].mean()
    by_student = by_student.join(first.pivot_table(index="student", columns="axis", values="correct",
                                                   aggfunc="mean").add_prefix("accuracy_"))
    by_axis = first.groupby("axis").agg(answers=("correct", "size"), first_try_accuracy=("correct", "mean"))
    summary.attrs = {"by_student": by_student, "by_axis": by_axis, "answers": long, "skipped": skipped}
    return summary
