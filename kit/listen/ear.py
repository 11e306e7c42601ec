"""The ear quiz's logic: a fixed bank of short clips and a grading function.

Each clip's scene says what is on screen but never where the music comes
from, and its title is shown only after the answer: the sound must decide.

A student hears a clip and answers 'Can the characters hear it?' (level 1)
or 'What is the music doing?' (level 2). :func:`check_ear_answer` returns
the right answer and reasons that point at what can be heard. Pure logic:
no widgets, no files; a widget sits on top and only shows what this returns.
Clips are made on demand by :func:`ear_clip`, the same bytes every run.
Used in lesson 3, *Hearing the difference*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kit.grading import AxisResult, Feedback
from kit.listen import effects as fx
from kit.listen.demos import PEAK_DB, Clip, mood_music, mountain_king
from kit.listen.melodies import melody
from kit.listen.synth import RATE, fit, mix, normalise, play_notes, to_mono

#: What each level asks and the answers offered (value -> button label).
EAR_QUESTIONS = {
    1: ("Can the characters hear it?", {
        "diegetic": "Yes: it plays in their world",
        "non-diegetic": "No: only the audience hears it",
        "ambiguous": "It crosses between the two",
    }),
    2: ("What is the music doing?", {
        "source": "Playing as a sound in the scene",
        "mood": "Setting a mood",
        "hits": "Hitting the on-screen action",
        "ducking": "Making room for speech",
        "crossing": "Crossing between the scene and the score",
    }),
}

#: What to listen for next time, by the answer that was expected.
LISTEN_FOR = {
    "diegetic": "Music in the scene usually sounds like its source: a small speaker loses its deep bass and "
                "its brightness, and the room adds a close echo.",
    "non-diegetic": "Underscore usually sounds full and wide, with deep bass and bright highs and no room around it.",
    "ambiguous": "Listen to how the sound changes over the clip: a cue that crosses the line changes its "
                 "tone and echo part-way through.",
    "source": "Listen for the thin, boxy tone and the room's echo of a sound in the scene.",
    "mood": "Listen for music that keeps its own pace and changes slowly, whatever happens on screen.",
    "hits": "Listen for sudden notes or hits that land exactly on the actions described.",
    "ducking": "Listen for the music dipping when the voice starts and rising when it stops.",
    "crossing": "Listen for the tone and the echo changing part-way through the clip.",
}


@dataclass(frozen=True)
class EarClip:
    """One clip of the bank: how it is made, what it shows, the answers and why."""

    id: str
    title: str
    scene: str
    recipe: str
    answers: dict
    reasons: dict
    description: str
    melodies: tuple = ()
    cue_ids: tuple = ()


BANK = (
    EarClip("radio-elise", "Piano on a radio", "A woman irons clothes in her kitchen.",
            "Beethoven's 'Fur Elise' (opening) on a piano-like timbre, through the radio treatment: "
            "350-3000 Hz band, slight overdrive, small-room echo, 10 dB lower, mono.",
            {1: "diegetic", 2: "source"},
            {1: "The highs and lows are cut, as from a small speaker, and a short room echo follows each note: "
                "a radio in the kitchen that the woman can hear.",
             2: "Thin, boxy and echoing: it is a sound in the scene, like the kettle or the iron."},
            "A piano tune, thin and boxy, with a short echo after each note; quiet and in mono.",
            ("fur-elise",), ("django-unchained-2012-03", "death-in-venice-1971-02")),
    EarClip("score-ode", "Strings over the landscape", "A wide shot: a rider crosses an empty valley at sunrise.",
            "Beethoven's 'Ode to Joy' theme on strings with bass and chords, full range, stereo-widened.",
            {1: "non-diegetic", 2: "mood"},
            {1: "Deep bass, bright strings and a wide, clean sound with no room around it: an orchestra that "
                "is nowhere in the valley, heard only by the audience.",
             2: "It keeps its own steady pace and does not react to any action: it sets the mood of the ride."},
            "A full string sound with deep bass and bright highs, wide and clean.",
            ("ode-to-joy",), ("neon-genesis-evangelion-1995-03",)),
    EarClip("phone-fifth", "Over the telephone", "A man sits at his desk, waiting, and drums his fingers.",
            "Beethoven's Fifth (opening) on brass through the telephone treatment: 400-2800 Hz band, "
            "stronger overdrive, no room, mono, quieter.",
            {1: "diegetic", 2: "source"},
            {1: "Very narrow and a little distorted, with no bass at all and nothing bright: the sound of a "
                "telephone earpiece, which the man hears.",
             2: "A sound in the scene: hold music on the line."},
            "The famous four-note opening, tiny, nasal and distorted, with no bass.",
            ("fifth-symphony",), ("saturday-night-fever-1977-02",)),
    EarClip("whistled-king", "Whistled in the street", "A man walks along a dark street at night.",
            "Grieg's 'In the Hall of the Mountain King' (opening) on a whistle timbre, quiet, with a small-room "
            "echo standing in for the street, mono.",
            {1: "diegetic", 2: "source"},
            {1: "A single, breathy whistle with an echo around it and nothing else: someone in the scene is "
                "whistling, so the characters can hear it.",
             2: "A sound the character makes in the scene."},
            "A lone whistled tune with a little echo, no accompaniment.",
            ("mountain-king",), ("m-1931-01", "m-1931-02")),
    EarClip("radio-opens-out", "From the radio into the score", "A teenager gets into a car at night "
            "and drives off.",
            "Grieg's 'In the Hall of the Mountain King' in the kit's arrangement, starting as a radio and opening "
            "out into full-range underscore between 1.5 and 3.5 s (mono, so the change is all in the tone and echo).",
            {1: "ambiguous", 2: "crossing"},
            {1: "It starts thin and boxy like the car radio, then the deep bass and bright highs arrive and the "
                "room echo fades: it moves from the story world into the score.",
             2: "The tone and the echo change part-way through: the cue crosses from the scene into the score."},
            "Starts thin and boxy, then opens out to a full sound with deep bass and bright highs.",
            ("mountain-king",), ("once-upon-a-time-in-hollywood-2019-03", "top-gun-1986-05")),
    EarClip("score-into-jukebox", "From the score into a jukebox", "A montage of a town at dusk ends inside "
            "a diner.",
            "Beethoven's 'Ode to Joy' theme, full range at first, narrowing into the jukebox treatment "
            "between 1.5 and 3.5 s (mono).",
            {1: "ambiguous", 2: "crossing"},
            {1: "It begins full and clean like a score, then the bass and brightness drain away and a room echo "
                "takes over: by the end it is coming from the jukebox in the diner.",
             2: "The change of tone part-way through marks the crossing from score into the scene."},
            "Starts full, with deep bass and bright highs; ends thin and boxy with a room echo.",
            ("ode-to-joy",), ("big-lebowski-1998-01", "wall-e-2008-01")),
    EarClip("hits-fall", "Every step a note", "A cat tiptoes across a kitchen (four steps), leaps onto the table, "
            "knocks a pan off with a crash and bolts.",
            "The kit's Mickey-Mousing cue from demonstration 4: plucked notes on four steps, a brass stab on "
            "the leap, a drum and low chord on the crash, a falling run as the cat bolts.",
            {1: "non-diegetic", 2: "hits"},
            {1: "Full range and clean, with no room around it: no one in the kitchen is playing music.",
             2: "Each step gets a note and the crash gets a drum and a low chord, exactly on time: "
                "the music hits the action (Mickey-Mousing)."},
            "Short plucked notes, a quick run, a brass stab, a drum crash and a falling run, each a separate event.",
            (), ("adventures-of-robin-hood-1938-03", "fantasia-1940-02")),
    EarClip("ducked-talk", "Two people talking", "Two friends talk quietly on a park bench at dusk.",
            "The kit's own gentle cue under two lines of stand-in speech (syllable-shaped voice-band noise), "
            "ducked 12 dB while each line is spoken.",
            {1: "non-diegetic", 2: "ducking"},
            {1: "A soft, full-range cue with no room echo, mixed under the voices: the friends cannot hear it.",
             2: "The music dips each time the murmur of speech starts and rises when it stops: it makes room "
                "for the dialogue."},
            "A soft cue that drops in level under two bursts of murmured speech and rises between them.",
            (), ("bear-2022-01", "citizen-kane-1941-02")),
)

_BY_ID = {c.id: c for c in BANK}


def ear_bank() -> tuple[EarClip, ...]:
    """Every clip in the bank, in a fixed order."""
    return BANK


def ear_item(clip_id: str) -> EarClip:
    try:
        return _BY_ID[clip_id]
    except KeyError:
        raise KeyError(f"no ear-quiz clip {clip_id!r}; the bank has {', '.join(_BY_ID)}") from None


#: Longest clip of the bank, in seconds: long enough to judge, short enough to keep a lesson small.
CLIP_SECONDS = 5.0


def _first(x: np.ndarray, rate: int, seconds: float = CLIP_SECONDS) -> np.ndarray:
    """The first ``seconds`` of ``x`` (padded if shorter), faded out over its last half second."""
    return fx.fade_out(fit(x, seconds, rate), 0.5, rate)


def _make(clip_id: str, rate: int) -> np.ndarray:
    if clip_id == "radio-elise":
        m = melody("fur-elise")
        return fx.source(_first(play_notes(m.notes, m.bpm, "pluck", rate, legato=0.95), rate), rate, "radio")
    if clip_id == "score-ode":
        from kit.listen.demos import ode_to_joy
        return fx.underscore(_first(ode_to_joy(rate), rate))
    if clip_id == "phone-fifth":
        m = melody("fifth-symphony")
        tune = play_notes(m.notes, m.bpm, "brass", rate, legato=0.95)
        return fx.source(fit(tune, len(tune) / rate + 0.3, rate), rate, "telephone", in_room=False)
    if clip_id == "whistled-king":
        m = melody("mountain-king")
        tune = play_notes(m.notes, m.bpm * 0.9, "whistle", rate, transpose=12, legato=0.7, seed=21)
        return fx.gain_db(fx.room(_first(tune, rate), rate, size=1.6, wet=0.5, seed=22), -8)
    if clip_id == "radio-opens-out":
        return to_mono(fx.cross_worlds(_first(mountain_king(rate), rate), rate, 1.5, 3.5, into="underscore"))
    if clip_id == "score-into-jukebox":
        from kit.listen.demos import ode_to_joy
        return to_mono(fx.cross_worlds(_first(ode_to_joy(rate), rate), rate, 1.5, 3.5, into="source",
                                       speaker="jukebox"))
    if clip_id == "hits-fall":
        from kit.listen.demos import demo
        return demo("hits-or-mood", rate).clips[0].samples
    if clip_id == "ducked-talk":
        voice = fx.dialogue(((0.6, 1.9), (3.0, 4.3)), 5.0, rate, seed=31)
        music = mood_music(rate, total=5.0)
        return mix(fx.duck(music, voice, rate), voice)
    raise KeyError(clip_id)


def ear_clip(clip_id: str, rate: int = RATE) -> Clip:
    """Make one bank clip (samples peak at -3 dBFS); the same bytes every run."""
    item = ear_item(clip_id)
    return Clip(item.id, item.title, normalise(_make(clip_id, rate), PEAK_DB), item.description,
                rate, item.melodies)


@dataclass(frozen=True)
class EarFeedback:
    """The verdict on one answer: what was right and why, in plain words."""

    clip_id: str
    level: int
    given: str | None
    expected: str
    reasons: tuple

    @property
    def correct(self) -> bool:
        return self.given == self.expected

    @property
    def headline(self) -> str:
        label = EAR_QUESTIONS[self.level][1][self.expected]
        return "Correct." if self.correct else f"Not quite: the answer is '{label}'."


def check_ear_answer(clip_id: str, given: str | None, level: int = 1) -> EarFeedback:
    """Grade an answer to a bank clip. ``given`` is one of the level's answer
    values (see :data:`EAR_QUESTIONS`) or None for 'no answer'. The reasons say
    what in the sound gives the answer away and, after a wrong answer, what
    to listen for next time."""
    if level not in EAR_QUESTIONS:
        raise ValueError(f"level must be 1 or 2, not {level!r}")
    choices = EAR_QUESTIONS[level][1]
    if given is not None and given not in choices:
        raise ValueError(f"{given!r} is not an answer at level {level}; choose one of {', '.join(choices)}")
    item = ear_item(clip_id)
    expected = item.answers[level]
    reasons = [item.reasons[level]]
    if given != expected:
        reasons.append("Next time: " + LISTEN_FOR[expected])
    return EarFeedback(clip_id, level, given, expected, tuple(reasons))


@dataclass(frozen=True)
class EarQuizFeedback(Feedback):
    """The cue quiz's Feedback, with a headline that names the ear quiz's answer in words."""

    @property
    def headline(self) -> str:
        if self.correct:
            return "Correct."
        label = EAR_QUESTIONS[self.level][1][self.results[0].expected]
        return f"Not quite: the answer is '{label}'."


#: The axis each level asks about, named as a quiz session expects (one axis a level).
EAR_AXES = {1: "diegesis", 2: "function"}


class EarBank:
    """The ear quiz as a question bank with the same shape as the cue quiz's
    ``kit.quiz_session.CueBank`` (questions, labels, ids, item, check, record),
    so the same session can save progress, score first tries and feed a class
    summary. Grading returns ``kit.grading.Feedback``. Pure logic."""

    key_prefix = "ear-"

    def __init__(self, level: int = 1):
        if level not in EAR_QUESTIONS:
            raise ValueError(f"level must be 1 or 2, not {level!r}")
        self.level = level
        question, choices = EAR_QUESTIONS[level]
        self.axis = EAR_AXES[level]
        self.questions = {self.axis: tuple(choices)}
        self.axis_questions = {self.axis: question}
        self.labels = dict(choices)

    @property
    def ids(self) -> list[str]:
        return [e.id for e in BANK]

    def item(self, item_id: str) -> dict:
        e = ear_item(item_id)
        return {"id": e.id, "title": e.title, "scene": e.scene, "description": e.description,
                "recipe": e.recipe, "cue_ids": list(e.cue_ids)}

    def check(self, item_id: str, given: dict):
        verdict = check_ear_answer(item_id, given.get(self.axis), self.level)
        result = AxisResult(self.axis, verdict.given, verdict.expected, verdict.correct)
        return EarQuizFeedback(item_id, self.level, (result,), verdict.reasons)

    def record(self, item_id: str) -> dict:
        """Saved beside each answer: the clip's title where a cue's music title goes,
        so a class summary names the clip."""
        return {"music_title": ear_item(item_id).title, "title": "ear quiz"}


__all__ = ["EAR_QUESTIONS", "EAR_AXES", "EarBank", "LISTEN_FOR", "EarClip", "EarFeedback", "EarQuizFeedback",
           "BANK", "ear_bank", "ear_item", "ear_clip", "check_ear_answer"]
