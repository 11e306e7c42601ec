"""Realistic inputs for the benchmarks, built from the bundled data.

* :func:`write_big_tables` writes an instructor's cues file of any size (rows
  sampled from the real cues, free text permuted between them, every row
  valid) with a matching works file (the real works, copied under new ids).
* :func:`write_class_folder` writes one answers file per student in the exact
  JSON format ``kit.answers.record_answer`` writes.

Everything is seeded, so two runs measure the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

from kit import schema
from kit.answers import FORMAT, VERSION
from kit.grading import QUESTIONS, check_answer
from kit.paths import data_dir
from kit.quiz_session import pick_cues, quiz_key


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def write_big_tables(folder: Path, n_cues: int, seed: int = 2024) -> tuple[Path, Path]:
    """A valid ``cues.csv`` of ``n_cues`` rows and its ``works.csv`` in ``folder``.

    Each generated cue copies a real cue (so year, season, music_year and the
    axes stay consistent with its work), moves it to one of ``k`` copies of
    the works table, gives it a fresh unique ``cue_id`` and swaps its scene,
    notes and source with another real cue's, so the text columns are not
    the same few hundred strings in the same order.
    """
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    works = _read(data_dir() / "works.csv")
    cues = _read(data_dir() / "cues.csv")
    copies = max(1, -(-n_cues // len(cues)))  # ceil: about as many cues per work as the real data

    big_works = []
    for k in range(copies):
        for w in works:
            big_works.append(dict(w, work_id=w["work_id"] if k == 0 else f"{w['work_id']}-v{k}"))

    scenes = [c["scene"] for c in cues]
    notes = [c["notes"] for c in cues]
    sources = [c["source"] for c in cues]
    per_work: dict[str, int] = {}
    big_cues = []
    for _ in range(n_cues):
        c = dict(rng.choice(cues))
        k = rng.randrange(copies)
        work_id = c["work_id"] if k == 0 else f"{c['work_id']}-v{k}"
        per_work[work_id] = per_work.get(work_id, 0) + 1
        c["work_id"] = work_id
        c["cue_id"] = f"{work_id}-{per_work[work_id]:03d}"
        c["scene"] = rng.choice(scenes)
        c["notes"] = rng.choice(notes)
        c["source"] = rng.choice(sources)
        big_cues.append(c)

    cues_path = _write(folder / "cues.csv", schema.columns("cues"), big_cues)
    works_path = _write(folder / "works.csv", schema.columns("works"), big_works)
    return cues_path, works_path


def _now_iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="milliseconds")


def answer_record(cue: dict, level: int, key: str, student: str, given: dict, when: dt.datetime) -> dict:
    """The answer dict ``QuizSession.answer`` saves (``answered_at`` as record_answer adds it)."""
    fb = check_answer(cue, given, level)
    return {
        "quiz": key,
        "level": level,
        "cue_id": fb.cue_id,
        "music_title": cue.get("music_title"),
        "title": cue.get("title"),
        "student": student,
        "given": {r.axis: r.given for r in fb.results},
        "expected": {r.axis: r.expected for r in fb.results},
        "correct": fb.correct,
        "answered_at": _now_iso(when),
    }


def _guess(rng: random.Random, cue: dict, level: int, p_right: float) -> dict:
    from kit.grading import expected_answer

    right = expected_answer(cue, level)
    out = {}
    for axis, value in right.items():
        if rng.random() < p_right:
            out[axis] = value
        else:
            out[axis] = rng.choice([c for c in QUESTIONS[level][axis] if c != value])
    return out


def student_file_data(rng: random.Random, student: str, records: dict, ids: list[str],
                      n_answers: int) -> dict:
    """One student's answers file: a level-1 quiz of 10, then level 2 for the rest.

    The class shares the quiz seeds (as a teacher would set them), a few
    answers are given twice (the summary keeps the latest) and the quiz
    positions are saved as the widget saves them.
    """
    data = {"format": FORMAT, "version": VERSION, "student": student, "answers": [], "quizzes": {}}
    when = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=rng.randrange(600))
    skill = rng.uniform(0.4, 0.95)
    plan = [(1, 10, 101), (2, 10, 202)]
    left = n_answers
    for level, n, seed in plan:
        if left <= 0:
            break
        key = quiz_key(level, n, seed, ids)
        order = pick_cues(ids, n, seed)
        k = min(left, n)
        for pos in range(k):
            cue = records[order[pos]]
            when += dt.timedelta(seconds=rng.randrange(5, 60))
            data["answers"].append(answer_record(cue, level, key, student,
                                                 _guess(rng, cue, level, skill), when))
            if rng.random() < 0.05:  # changed their mind: answered the same cue again
                when += dt.timedelta(seconds=rng.randrange(5, 30))
                data["answers"].append(answer_record(cue, level, key, student,
                                                     _guess(rng, cue, level, skill), when))
        data["quizzes"][key] = {"order": order, "position": max(0, k - 1), "level": level}
        left -= k
    return data


def cue_records(cues) -> dict:
    """Cue dicts as ``QuizSession.cue`` gives them (missing values as None)."""
    out = {}
    for row in cues.drop_duplicates("cue_id").to_dict("records"):
        out[row["cue_id"]] = {k: (None if _isna(v) else v) for k, v in row.items()}
    return out


def _isna(v) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def write_json(path: Path, data: dict) -> Path:
    """Write exactly as ``kit.answers._write_atomic`` does (minus the fsync)."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
    return path


def write_class_folder(folder: Path, cues, n_students: int, seed: int = 7) -> Path:
    """``n_students`` answers files of 10-20 answers each in ``folder``."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = cue_records(cues)
    ids = list(records)
    for i in range(n_students):
        student = f"student-{i:04d}"
        data = student_file_data(rng, student, records, ids, rng.randint(10, 20))
        write_json(folder / f"{student}.json", data)
    return folder
