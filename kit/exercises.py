"""Exercises that check a student's own pandas answer and say what to try next.

Each exercise computes its expected answer from the data the student has
(never a hard-coded number), compares, and returns feedback. Pure logic;
``check_exercise`` only adds display. Used in lessons 3-6.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute the answer and what to suggest."""

    id: str
    prompt: str
    expected: Callable[[pd.DataFrame], Any]
    hints: tuple[str, ...]
    compare: Callable[[Any, Any], bool] | None = None


@dataclass(frozen=True)
class ExerciseResult:
    id: str
    correct: bool
    message: str
    hint: str = ""

    def _repr_html_(self) -> str:
        colour = "#006b3c" if self.correct else "#a33b00"
        mark = "&#10003;" if self.correct else "&#10007;"
        hint = f"<br><em>Try next:</em> {html.escape(self.hint)}" if self.hint else ""
        return (f"<div role='status' style='color:{colour}'>{mark} {html.escape(self.message)}{hint}</div>")

    def __repr__(self) -> str:
        mark = "Correct" if self.correct else "Not yet"
        return f"{mark}: {self.message}" + (f" Try next: {self.hint}" if self.hint else "")


EXERCISES: dict[str, Exercise] = {}


def register(ex: Exercise) -> Exercise:
    EXERCISES[ex.id] = ex
    return ex


def _same(given, expected) -> bool:
    if isinstance(expected, pd.DataFrame):
        return isinstance(given, pd.DataFrame) and given.shape == expected.shape and \
            given.reset_index(drop=True).equals(expected.reset_index(drop=True))
    if isinstance(expected, pd.Series):
        if not isinstance(given, pd.Series):
            return False
        try:
            a = given.astype(float).sort_index()
            b = expected.astype(float).sort_index()
            a.index = a.index.astype(str)
            b.index = b.index.astype(str)
            return a.index.equals(b.index) and bool(((a - b).abs() < 1e-6).all())
        except (TypeError, ValueError):
            return given.sort_index().equals(expected.sort_index())
    if isinstance(expected, float):
        try:
            return abs(float(given) - expected) < 1e-6
        except (TypeError, ValueError):
            return False
    if isinstance(expected, (set, frozenset)):
        try:
            return set(given) == set(expected)
        except TypeError:
            return False
    return given == expected


def check_exercise(exercise_id: str, answer, cues: pd.DataFrame | None = None) -> ExerciseResult:
    """Check ``answer`` to an exercise against the data and explain.

    ``cues`` is the frame the student worked on (default: ``kit.load_cues()``).
    An unanswered exercise (``...`` or ``None``) gets a nudge, not an error.
    """
    try:
        ex = EXERCISES[exercise_id]
    except KeyError:
        raise ValueError(f"no exercise called {exercise_id!r}; known: {', '.join(sorted(EXERCISES))}") from None
    if answer is None or answer is Ellipsis:
        return ExerciseResult(ex.id, False, "No answer yet: replace ... with your code and run the cell.",
                              ex.hints[0] if ex.hints else "")
    if cues is None:
        from kit.loading import load_cues

        cues = load_cues()
    expected = ex.expected(cues)
    ok = (ex.compare or _same)(answer, expected)
    if ok:
        return ExerciseResult(ex.id, True, "Correct. " + ex.prompt)
    kind_given, kind_expected = type(answer).__name__, type(expected).__name__
    hint = ex.hints[0] if ex.hints else ""
    if kind_given != kind_expected and not (isinstance(expected, (int, float)) and isinstance(answer, (int, float))):
        hint = f"Your answer is a {kind_given}, but a {kind_expected} is expected. " + hint
    elif len(ex.hints) > 1:
        hint = " ".join(ex.hints[:2])
    return ExerciseResult(ex.id, False, "Not yet. " + ex.prompt, hint)


# -- lesson 3: exploring the dataset with pandas --------------------------------

register(Exercise(
    "count-cues", "How many cues are in the dataset?",
    lambda c: len(c),
    ("len(cues) counts the rows of a DataFrame.",),
))
register(Exercise(
    "count-diegetic", "How many cues are diegetic (the characters can hear them)?",
    lambda c: int((c["diegesis"] == "diegetic").sum()),
    ("Compare the diegesis column with 'diegetic', then add up the True values with .sum().",
     "cues['diegesis'] == 'diegetic' gives True/False per row."),
))
