"""The state of one quiz run: which items, where the student is, what they said.

Pure logic plus the answers file; the widget in ``kit.quiz_widget`` only
displays it. Re-running a quiz cell builds a new session on the same file,
which restores the same items, the position and the answers already given.
What is asked comes from a *bank*: :class:`CueBank` for the cue quiz of
lessons 1 and 2; the ear quiz of the listening lesson brings its own bank
(``kit.listen.ear_widget``) and gets the same saving, scoring and summary.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kit import answers as store
from kit.errors import AnswersFileError, KitInputError
from kit.grading import AXIS_QUESTIONS, CHOICE_LABELS, QUESTIONS, Feedback, check_answer


def quiz_key(level: int, n: int, seed, cue_ids, prefix: str = "") -> str:
    """A stable name for a quiz: same kind, level, size, seed and pool give the same key."""
    pool = hashlib.sha1("\n".join(sorted(map(str, cue_ids))).encode()).hexdigest()[:10]
    return f"{prefix}level{level}-n{n}-seed{seed}-pool{pool}"


class CueBank:
    """The cue quiz's questions: cues of the dataset, graded by :func:`kit.grading.check_answer`.

    A bank tells the session and the widget what to ask (``questions``: axis
    -> choices), how to label it, how to grade an answer (``check``) and what
    to save beside it (``record``). Lessons 1 and 2.
    """

    key_prefix = ""
    axis_questions = AXIS_QUESTIONS
    labels = CHOICE_LABELS

    def __init__(self, cues, level: int):
        if not isinstance(cues, pd.DataFrame):
            raise KitInputError("the quiz needs a table of cues: give it kit.load_cues() or a selection "
                                f"of it, not {type(cues).__name__}")
        if len(cues) == 0:
            raise KitInputError("there are no cues to ask about: the selection is empty, so check the "
                                "filter that made it")
        if "cue_id" not in cues:
            raise KitInputError("the cues need a cue_id column: load them with kit.load_cues()")
        self.level = level
        self.questions = QUESTIONS[level]
        self.cues = cues.drop_duplicates("cue_id").set_index("cue_id", drop=False)

    @property
    def ids(self) -> list[str]:
        return list(self.cues.index)

    def item(self, item_id: str) -> dict:
        row = self.cues.loc[item_id]
        return {k: (None if _missing(v) else v) for k, v in row.items()}

    def check(self, item_id: str, given: dict) -> Feedback:
        return check_answer(self.item(item_id), given, self.level)

    def record(self, item_id: str) -> dict:
        cue = self.item(item_id)
        return {"music_title": _text(cue.get("music_title")), "title": _text(cue.get("title"))}


def pick_cues(cue_ids: list[str], n: int, seed) -> list[str]:
    """``n`` cues in a random order (reproducible with ``seed``)."""
    rng = random.Random(seed)
    ids = list(cue_ids)
    rng.shuffle(ids)
    return ids[: max(0, n)]


@dataclass
class QuizSession:
    """One quiz on one answers file. ``first`` holds each cue's first answer,
    the one scored; ``feedback`` the latest, shown on screen. An answer that
    could not be saved waits in ``pending`` and ``save_error`` says why."""

    cues: pd.DataFrame | None = None
    level: int = 1
    n: int = 10
    seed: int | None = None
    save_to: Path | None = None
    student: str | None = None
    order: list[str] = field(default_factory=list)
    position: int = 0
    feedback: dict[str, Feedback] = field(default_factory=dict)
    first: dict[str, Feedback] = field(default_factory=dict)
    given: dict[str, dict] = field(default_factory=dict)
    pending: list[dict] = field(default_factory=list)
    save_error: str = ""
    notices: list[str] = field(default_factory=list)
    bank: object = None

    def __post_init__(self):
        if self.level not in QUESTIONS or isinstance(self.level, bool):
            raise KitInputError(f"level must be 1 (score or soundtrack) or 2 (three axes), not {self.level!r}")
        if self.bank is None:
            self.bank = CueBank(self.cues, self.level)
        if isinstance(self.n, bool) or not isinstance(self.n, (int, float)) or not math.isfinite(self.n):
            raise KitInputError(f"n is the number of questions, a whole number such as 10, not {self.n!r}")
        self.student = store._student_name(self.student)
        self.save_to = Path(self.save_to) if self.save_to is not None else store.default_path(self.student)
        ids = self.bank.ids
        self.n = min(int(self.n), len(ids))
        if self.n < 1:
            raise KitInputError("n must be at least 1")
        self.key = quiz_key(self.level, self.n, self.seed, ids, self.bank.key_prefix)
        self._restore(ids)

    # -- persistence ---------------------------------------------------------
    def _restore(self, ids):
        try:
            data = store.read_answers(self.save_to, self.student)
            problem = store.owner_problem(data, self.student, self.save_to)
        except AnswersFileError as err:
            data, problem = store._empty(self.student), str(err)
        if problem:
            self.notices.append(problem)
            data = store._empty(self.student)
        state = data.get("quizzes", {}).get(self.key)
        known = set(ids)
        if state and state.get("order") and all(c in known for c in state["order"]):
            self.order = list(state["order"])
            self.position = min(max(int(state.get("position", 0)), 0), len(self.order) - 1)
        else:
            self.order = pick_cues(ids, self.n, self.seed)
            self.position = 0
        for (_, cue_id), a in store.first_answers(data, self.key).items():
            if cue_id in self.order and (fb := self._regrade(cue_id, a["given"])):
                self.first[cue_id] = fb
        for (_, cue_id), a in store.latest_answers(data, self.key).items():
            if cue_id in self.order and (fb := self._regrade(cue_id, a["given"])):
                self.given[cue_id] = a["given"]
                self.feedback[cue_id] = fb
        self.restored = bool(self.given) or bool(state)

    def _regrade(self, cue_id: str, given: dict) -> Feedback | None:
        """Feedback for a saved answer; None for one that is not a choice of this quiz."""
        try:
            return self.bank.check(cue_id, given)
        except ValueError:
            return None

    def _state(self) -> dict:
        return {self.key: {"order": self.order, "position": self.position, "level": self.level}}

    def _save(self, answers: list[dict]) -> bool:
        """Save ``answers`` with any still waiting; on failure keep them all and say why."""
        waiting = self.pending + answers
        try:
            store.record_answers(self.save_to, waiting, self.student, self._state())
        except AnswersFileError as err:
            self.pending, self.save_error = waiting, str(err)
            return False
        self.pending, self.save_error = [], ""
        return True

    def save_position(self) -> bool:
        return self._save([])

    # -- navigation ------------------------------------------------------------
    def cue(self, cue_id: str | None = None) -> dict:
        """The current item (or ``cue_id``) as the bank describes it: a cue's fields."""
        return self.bank.item(cue_id or self.order[self.position])

    @property
    def current_id(self) -> str:
        return self.order[self.position]

    def go(self, step: int) -> None:
        self.position = min(max(self.position + step, 0), len(self.order) - 1)
        self.save_position()

    # -- answering ---------------------------------------------------------------
    def answer(self, given: dict) -> Feedback:
        """Grade the current cue and save the answer (or keep it, see ``save_error``)."""
        fb = self.bank.check(self.current_id, given)
        record = {
            "quiz": self.key,
            "level": self.level,
            "cue_id": fb.cue_id,
            **self.bank.record(fb.cue_id),
            "student": self.student,
            "given": {r.axis: r.given for r in fb.results},
            "expected": {r.axis: r.expected for r in fb.results},
            "correct": fb.correct,
            "answered_at": store._now(),
        }
        self.given[fb.cue_id] = record["given"]
        self.feedback[fb.cue_id] = fb
        self.first.setdefault(fb.cue_id, fb)
        self._save([record])
        return fb

    # -- scores --------------------------------------------------------------------
    @property
    def answered(self) -> int:
        return len(self.first)

    @property
    def score(self) -> int:
        """Cues right at the first try: trying again after the answer is shown does not count."""
        return sum(fb.correct for fb in self.first.values())

    @property
    def finished(self) -> bool:
        return self.answered == len(self.order)

    def misses_by_axis(self) -> dict[str, list[str]]:
        """For the final summary: which cues were missed at the first try on each axis."""
        out: dict[str, list[str]] = {axis: [] for axis in self.bank.questions}
        for cue_id in self.order:
            fb = self.first.get(cue_id)
            if fb is None:
                continue
            for axis in fb.missed:
                out[axis].append(cue_id)
        return out


def _text(v) -> str | None:
    return None if v is None else str(v)


def _missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
