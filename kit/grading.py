"""Check a student's classification of a cue and explain the answer.

Pure logic: no widgets, no files. ``kit.quiz`` calls :func:`check_answer`
and only displays what it returns, so tests (and other front ends) can use
it directly. Used in lesson 1 (level 1) and lesson 2 (level 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from kit.taxonomy import BINARY, cue_type as cell_of

#: What each level asks, axis by axis, and the choices offered.
QUESTIONS = {
    1: {"binary": ("score", "soundtrack", "neither")},
    2: {
        "provenance": ("original", "pre-existing"),
        "form": ("instrumental", "song"),
        "diegesis": ("diegetic", "non-diegetic", "ambiguous"),
    },
}

#: Labels shown on the answer buttons.
CHOICE_LABELS = {
    "score": "Score",
    "soundtrack": "Soundtrack",
    "neither": "Neither fits",
    "original": "Original",
    "pre-existing": "Pre-existing",
    "instrumental": "Instrumental",
    "song": "Song",
    "diegetic": "Diegetic",
    "non-diegetic": "Non-diegetic",
    "ambiguous": "Ambiguous",
}

AXIS_QUESTIONS = {
    "binary": "Score or soundtrack?",
    "provenance": "Was it written for this production?",
    "form": "Song or instrumental?",
    "diegesis": "Can the characters hear it?",
}


@dataclass(frozen=True)
class AxisResult:
    axis: str
    given: str | None
    expected: str
    correct: bool


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: per-axis results and the reasons."""

    cue_id: str
    level: int
    results: tuple[AxisResult, ...]
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def correct(self) -> bool:
        return all(r.correct for r in self.results)

    @property
    def missed(self) -> list[str]:
        return [r.axis for r in self.results if not r.correct]

    @property
    def headline(self) -> str:
        if self.correct:
            return "Correct."
        if self.level == 1:
            return f"Not quite: the answer is '{CHOICE_LABELS[self.results[0].expected]}'."
        wrong = ", ".join(self.missed)
        return f"Not quite: check {wrong}."


def expected_answer(cue: Mapping, level: int) -> dict[str, str]:
    """The right answer for a cue at a level, axis by axis."""
    if level == 1:
        return {"binary": BINARY[_cue_type(cue)]}
    if level == 2:
        return {axis: str(cue[axis]) for axis in QUESTIONS[2]}
    raise ValueError(f"level must be 1 or 2, not {level!r}")


def _cue_type(cue: Mapping) -> str:
    ct = cue.get("cue_type")
    if isinstance(ct, str) and ct:
        return ct
    return cell_of(str(cue["provenance"]), str(cue["form"]))


def _work(cue: Mapping) -> str:
    title = cue.get("title") or cue.get("work_id") or "the production"
    return f"{title} ({cue['year']})"


def provenance_reason(cue: Mapping) -> str:
    music, work = cue["music_title"], _work(cue)
    if cue["provenance"] == "original":
        return f"'{music}' was written for {work}."
    gap = int(cue["year"]) - int(cue["music_year"])
    when = "the same year" if gap == 0 else f"{gap} year{'s' if gap != 1 else ''} earlier"
    return f"'{music}' already existed: it first appeared in {cue['music_year']}, {when} than {work}."


def form_reason(cue: Mapping) -> str:
    if cue["form"] == "song":
        return f"It is a song, with sung words (performed by {cue['artist']})."
    return "It is instrumental: nobody sings words, so it works like underscore."


def diegesis_reason(cue: Mapping) -> str:
    d = cue["diegesis"]
    if d == "diegetic":
        return "The characters can hear it: the music plays inside the story, so it is diegetic."
    if d == "non-diegetic":
        return "Only the audience hears it: the music sits outside the story world, so it is non-diegetic."
    return "Whether the characters hear it is open to argument, so it is classed as ambiguous."


def binary_reason(cue: Mapping) -> str:
    ct = _cue_type(cue)
    if ct == "original score":
        return "Original instrumental music written for the production: that is what 'score' means."
    if ct == "pre-existing song":
        return "A song that existed before and was chosen for the scene: the classic 'soundtrack' needle drop."
    if ct == "original song":
        return ("The binary breaks here: it is a song, so it is not score, but it was written for the "
                "production, so it is not a pre-existing 'soundtrack' song either. It is an original song.")
    return ("The binary breaks here: it is instrumental like a score, but it was not written for the "
            "production; it is pre-existing instrumental music chosen for the scene.")


def reasons_for(cue: Mapping, level: int) -> tuple[str, ...]:
    """Sentences built from the cue's own facts that justify the answer."""
    out = []
    if level == 1:
        out.append(binary_reason(cue))
    out += [provenance_reason(cue), form_reason(cue), diegesis_reason(cue)]
    notes = cue.get("notes")
    if isinstance(notes, str) and notes.strip():
        out.append("Note: " + notes.strip())
    return tuple(out)


def check_answer(cue: Mapping, answer: Mapping[str, str] | str, level: int = 1) -> Feedback:
    """Grade ``answer`` for ``cue`` at ``level`` and explain why.

    ``answer`` is a mapping of axis to choice (``{'diegesis': 'diegetic', ...}``)
    or, at level 1, a plain string such as ``'score'``. Missing axes count as
    wrong. Lessons 1 and 2 use it through ``kit.quiz``.
    """
    if isinstance(answer, str):
        if level != 1:
            raise ValueError("at level 2 give a dict: {'provenance': ..., 'form': ..., 'diegesis': ...}")
        answer = {"binary": answer}
    expected = expected_answer(cue, level)
    results = []
    for axis, right in expected.items():
        given = answer.get(axis)
        given = given.strip().lower() if isinstance(given, str) else None
        if given is not None and given not in QUESTIONS[level][axis]:
            raise ValueError(f"{given!r} is not a choice for {axis}; choose from {QUESTIONS[level][axis]}")
        results.append(AxisResult(axis, given, right, given == right))
    return Feedback(str(cue["cue_id"]), level, tuple(results), reasons_for(cue, level))
