"""A class's answers in one table: who got what right, and what cues were
mistaken for. Pure pandas; ``kit.plot_confusion`` draws it. Used in the
instructor guide "Collecting and discussing a class's answers".
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pandas as pd

from kit.answers import ANSWER_COLUMNS as _COLS
from kit.answers import _valid, answer_rows


def _files(paths_or_folder) -> list[Path]:
    if isinstance(paths_or_folder, (str, Path)):
        p = Path(paths_or_folder)
        if p.is_dir():
            return sorted(f for f in p.iterdir()
                          if f.suffix in (".json", ".csv") and ".unreadable-" not in f.name)
        return [p]
    return [Path(p) for p in paths_or_folder]


def _rows_from_json(path: Path) -> list[list]:
    data = json.loads(path.read_text(encoding="utf-8"))
    problem = _valid(data)
    if problem:
        raise ValueError(problem)
    # an answer without expected values cannot be graded: left out
    return [row for row in answer_rows(data, path.stem) if row[7] is not None]


def _rows_from_csv(path: Path) -> list[list]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"cue_id", "axis", "given", "expected"} <= set(reader.fieldnames):
            raise ValueError("not an exported answers CSV")
        rows = []
        for r in reader:
            rows.append([r.get("student") or path.stem, r.get("quiz", ""), r.get("level"), r["cue_id"],
                         r.get("music_title", ""), r["axis"], r["given"] or None, r["expected"],
                         r["given"] == r["expected"], r.get("answered_at", "")])
        return rows


def read_class(paths_or_folder) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """All answers of a class as a long table, and the files skipped (with why).

    A student is identified by the name saved in the file; when two files
    carry the same name (say, several students left it as "me"), each is
    told apart by its file name so no answers are merged away.
    """
    rows, skipped, owners = [], [], {}
    per_file = []
    for path in _files(paths_or_folder):
        try:
            reader = _rows_from_csv if path.suffix == ".csv" else _rows_from_json
            got = reader(path)
        except (OSError, ValueError, KeyError, UnicodeDecodeError, TypeError, AttributeError) as err:
            skipped.append((str(path), f"{type(err).__name__}: {err}"))
            continue
        per_file.append((path, got))
        for name in {r[0] for r in got}:
            owners.setdefault(name, set()).add(path.stem)  # ana.json + ana.csv: one student
    shared = {name for name, files in owners.items() if len(files) > 1}
    if shared:
        warnings.warn("The same student name is used in several files ("
                      + ", ".join(sorted(map(str, shared)))
                      + "); they are told apart by file name, e.g. 'me (ana)'.", stacklevel=3)
    for path, got in per_file:
        for r in got:
            if r[0] in shared:
                r[0] = f"{r[0]} ({path.stem})"
        rows.extend(got)
    long = pd.DataFrame(rows, columns=_COLS)
    long["level"] = pd.to_numeric(long["level"], errors="coerce").astype("Int64")
    long["correct"] = long["correct"].astype(bool)
    # a student who answered a cue twice counts once: their latest answer
    long = (long.sort_values("answered_at", kind="stable")
                .drop_duplicates(["student", "quiz", "cue_id", "axis"], keep="last"))
    return long.reset_index(drop=True), skipped


def class_summary(paths_or_folder, level: int | None = None) -> pd.DataFrame:
    """Accuracy per cue for a class, from answers files or a folder of them.

    One row per cue: answers, accuracy (all axes right), accuracy per axis and
    the most common wrong answer. ``level=1`` or ``level=2`` keeps one kind
    of quiz (by default both are pooled). ``summary.attrs`` also holds ``by_student``,
    ``by_axis``, ``answers`` (the long table) and ``skipped`` (unreadable
    files, which are reported with a warning and never stop the summary).
    """
    long, skipped = read_class(paths_or_folder)
    if level is not None:
        long = long[long["level"] == level].reset_index(drop=True)
    if skipped:
        warnings.warn(f"Skipped {len(skipped)} unreadable file(s): "
                      + "; ".join(f"{p} ({why})" for p, why in skipped), stacklevel=2)
    per_answer = (long.groupby(["student", "quiz", "cue_id"], sort=False)
                      .agg(all_right=("correct", "all"), music_title=("music_title", "first"))
                      .reset_index())
    by_cue = per_answer.groupby("cue_id").agg(
        music_title=("music_title", "first"), answers=("all_right", "size"),
        accuracy=("all_right", "mean"))
    axis_acc = long.pivot_table(index="cue_id", columns="axis", values="correct", aggfunc="mean")
    axis_acc.columns = [f"accuracy_{c}" for c in axis_acc.columns]
    wrong = long[~long["correct"] & long["given"].notna()]
    if len(wrong):
        label = wrong["axis"] + ": " + wrong["given"].astype(str)
        common = (wrong.assign(label=label).groupby("cue_id")["label"]
                       .agg(lambda s: s.value_counts().index[0]))
        n_common = (wrong.assign(label=label).groupby("cue_id")["label"]
                         .agg(lambda s: int(s.value_counts().iloc[0])))
    else:
        common = n_common = pd.Series(dtype=object)
    summary = by_cue.join(axis_acc).assign(
        most_common_wrong=common, times_given=n_common)
    summary["most_common_wrong"] = summary["most_common_wrong"].astype(object).where(
        summary["most_common_wrong"].notna(), "")
    summary["times_given"] = summary["times_given"].fillna(0).astype(int)
    summary = summary.sort_values(["accuracy", "answers"], ascending=[True, False])
    by_student = per_answer.groupby("student").agg(answers=("all_right", "size"),
                                                   accuracy=("all_right", "mean"))
    by_student = by_student.join(long.pivot_table(index="student", columns="axis", values="correct",
                                                  aggfunc="mean").add_prefix("accuracy_"))
    by_axis = long.groupby("axis").agg(answers=("correct", "size"), accuracy=("correct", "mean"))
    summary.attrs = {"by_student": by_student, "by_axis": by_axis, "answers": long, "skipped": skipped}
    return summary
