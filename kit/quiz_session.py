"""The state of one quiz run: which cues, where the student is, what they said.

Pure logic plus the answers file; the widget in ``kit.quiz_widget`` only
displays it. Re-running a quiz cell builds a new session on the same file,
which restores the same cues, the position and the answers already given.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kit import answers as store
from kit.grading import QUESTIONS, Feedback, check_answer


def quiz_key(level: int, n: int, seed, cue_ids) -> str:
    """A stable name for a quiz: same level, size, seed and pool give the same key."""
    pool = hashlib.sha1("\n".join(sorted(map(str, cue_ids))).encode()).hexdigest()[:10]
    return f"level{level}-n{n}-seed{seed}-pool{pool}"


def pick_cues(cue_ids: list[str], n: int, seed) -> list[str]:
    """``n`` cues in a random order (reproducible with ``seed``)."""
    rng = random.Random(seed)
    ids = list(cue_ids)
    rng.shuffle(ids)
    return ids[: max(0, n)]


@dataclass
class QuizSession:
    cues: pd.DataFrame
    level: int = 1
    n: int = 10
    seed: int | None = None
    save_to: Path | None = None
    student: str | None = None
    order: list[str] = field(default_factory=list)
    position: int = 0
    feedback: dict[str, Feedback] = field(default_factory=dict)
    given: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        if self.level not in QUESTIONS:
            raise ValueError(f"level must be 1 (score or soundtrack) or 2 (three axes), not {self.level!r}")
        if self.cues is None or len(self.cues) == 0:
            raise ValueError("there are no cues to ask about: check the filter that made this selection")
        if "cue_id" not in self.cues:
            raise ValueError("the cues need a cue_id column: load them with kit.load_cues()")
        self.cues = self.cues.drop_duplicates("cue_id").set_index("cue_id", drop=False)
        self.save_to = Path(self.save_to) if self.save_to is not None else store.default_path(self.student)
        ids = list(self.cues.index)
        self.n = min(int(self.n), len(ids))
        if self.n < 1:
            raise ValueError("n must be at least 1")
        self.key = quiz_key(self.level, self.n, self.seed, ids)
        self._restore(ids)

    # -- persistence ---------------------------------------------------------
    def _restore(self, ids):
        data = store.read_answers(self.save_to, self.student)
        state = data.get("quizzes", {}).get(self.key)
        if state and all(c in self.cues.index for c in state.get("order", [])) and state.get("order"):
            self.order = list(state["order"])
            self.position = min(max(int(state.get("position", 0)), 0), len(self.order) - 1)
        else:
            self.order = pick_cues(ids, self.n, self.seed)
            self.position = 0
        for (_, cue_id), a in store.latest_answers(data, self.key).items():
            if cue_id in self.order and isinstance(a.get("given"), dict):
                self.given[cue_id] = a["given"]
                self.feedback[cue_id] = check_answer(self.cue(cue_id), a["given"], self.level)
        self.restored = bool(self.given) or bool(state)

    def _state(self) -> dict:
        return {self.key: {"order": self.order, "position": self.position, "level": self.level}}

    def save_position(self) -> None:
        store.record_answer(self.save_to, {}, self.student, self._state())

    # -- navigation ------------------------------------------------------------
    def cue(self, cue_id: str | None = None) -> dict:
        cue_id = cue_id or self.order[self.position]
        row = self.cues.loc[cue_id]
        return {k: (None if _missing(v) else v) for k, v in row.items()}

    @property
    def current_id(self) -> str:
        return self.order[self.position]

    def go(self, step: int) -> None:
        self.position = min(max(self.position + step, 0), len(self.order) - 1)
        self.save_position()

    # -- answering ---------------------------------------------------------------
    def answer(self, given: dict) -> Feedback:
        """Grade the current cue and save the answer before returning."""
        cue = self.cue()
        fb = check_answer(cue, given, self.level)
        record = {
            "quiz": self.key,
            "level": self.level,
            "cue_id": fb.cue_id,
            "music_title": cue.get("music_title"),
            "title": cue.get("title"),
            "student": self.student,
            "given": {r.axis: r.given for r in fb.results},
            "expected": {r.axis: r.expected for r in fb.results},
            "correct": fb.correct,
        }
        store.record_answer(self.save_to, record, self.student, self._state())
        self.given[fb.cue_id] = record["given"]
        self.feedback[fb.cue_id] = fb
        return fb

    # -- scores --------------------------------------------------------------------
    @property
    def answered(self) -> int:
        return len(self.feedback)

    @property
    def score(self) -> int:
        return sum(fb.correct for fb in self.feedback.values())

    @property
    def finished(self) -> bool:
        return self.answered == len(self.order)

    def misses_by_axis(self) -> dict[str, list[str]]:
        """For the final summary: which cues were missed on each axis."""
        out: dict[str, list[str]] = {axis: [] for axis in QUESTIONS[self.level]}
        for cue_id in self.order:
            fb = self.feedback.get(cue_id)
            if fb is None:
                continue
            for axis in fb.missed:
                out[axis].append(cue_id)
        return out


def _missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
