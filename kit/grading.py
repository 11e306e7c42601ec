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
        asks = "; ".join(f"'{AXIS_QUESTIONS[a]}'" for a in self.missed)
        return f"Not quite: look again at {asks}"


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


def _text(cue: Mapping, key: str) -> str:
    value = cue.get(key)
    return value.strip() if isinstance(value, str) else ""


# The reasons below are written for the words a student has met when the
# quiz asks: lesson 1 (level 1) uses score, soundtrack, written for the
# production, already existed, song, instrumental and needle drop; lesson 2
# (level 2) adds provenance, form, diegesis and the reasons a cue is ambiguous.


def provenance_reason(cue: Mapping) -> str:
    """Was the music written for this production? Judged by the composition;
    the recording heard is said separately (a cover is still older music)."""
    music, work = cue["music_title"], _work(cue)
    if cue["provenance"] == "original":
        return f"'{music}' was written for {work}."
    gap = int(cue["year"]) - int(cue["music_year"])
    when = "the same year as" if gap == 0 else f"{gap} year{'s' if gap != 1 else ''} before"
    return f"'{music}' already existed: it first appeared in {cue['music_year']}, {when} {work}."


def recording_reason(cue: Mapping) -> str:
    """Which recording is heard, when the data says (pre-existing music only)."""
    if cue["provenance"] != "pre-existing":
        return ""
    recording = _text(cue, "recording")
    if recording == "existing":
        year = cue.get("recording_year")
        dated = f" from {int(year)}" if year is not None and year == year else ""
        return f"The production used an existing recording{dated} by {cue['artist']}: a needle drop."
    if recording == "new":
        return ("The recording you hear was made or performed for this production, but the music itself is "
                "older: whether music counts as written for the production depends on when it was "
                "composed, not on when it was recorded.")
    return ""


def form_reason(cue: Mapping) -> str:
    if cue["form"] == "song":
        return f"It is a song: sung words carry it (performed by {cue['artist']})."
    return "It is instrumental: no words are sung."


def diegesis_reason(cue: Mapping) -> str:
    """Can the characters hear it? For an ambiguous cue, the kind of ambiguity."""
    d = cue["diegesis"]
    if d == "diegetic":
        return "The characters can hear it: the music plays inside the story world, so it is diegetic."
    if d == "non-diegetic":
        return "Only the audience hears it: the music sits outside the story world, so it is non-diegetic."
    why = _text(cue, "ambiguity")
    if why == "trans-diegetic":
        return ("It is ambiguous because it crosses the line during the scene: it moves between music the "
                "characters hear and music only we hear (a trans-diegetic cue).")
    if why == "meta-diegetic":
        return ("It is ambiguous because it plays in a character's head: they imagine or remember it, and "
                "nobody else in the scene hears it (meta-diegetic music).")
    if why == "supra-diegetic":
        return ("It is ambiguous because the characters really sing or dance in the story, but the "
                "orchestra accompanying them is nowhere in it: an integrated musical number "
                "(supra-diegetic music).")
    if why == "unclear":
        return ("It is ambiguous because what the scene shows does not settle whether the characters hear "
                "it; the note says what is missing.")
    return "It is ambiguous: it does not sit on one side of the line; the note says why."


def binary_reason(cue: Mapping) -> str:
    ct = _cue_type(cue)
    if ct == "original score":
        return "Instrumental music written for this production: that is what 'score' means."
    if ct == "pre-existing song":
        if _text(cue, "recording") == "new":
            return ("A song that already existed, chosen for the scene: the classroom meaning of "
                    "'soundtrack'. (It is sung or recorded anew here, so it is not a needle drop.)")
        return "A song that already existed, chosen for the scene: the classroom meaning of 'soundtrack'."
    if ct == "original song":
        return ("The two words break here. It is a song, so it is not score; but it was written for this "
                "production, so it is not a 'soundtrack' song in the classroom sense either. It is an "
                "original song. (In everyday speech many people would still call it part of the "
                "soundtrack, since the soundtrack album includes it: that looser use is why the lesson "
                "fixes one meaning.)")
    return ("The two words break here. It is instrumental like a score, but it was not written for this "
            "production: it is older instrumental music chosen for the scene.")


def reasons_for(cue: Mapping, level: int) -> tuple[str, ...]:
    """Sentences built from the cue's own facts that justify the answer,
    using only the words the student has met at that level."""
    out = [binary_reason(cue)] if level == 1 else []
    out += [provenance_reason(cue)]
    if level == 2 and (recording := recording_reason(cue)):
        out.append(recording)
    out.append(form_reason(cue))
    if level == 2:
        out.append(diegesis_reason(cue))
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
