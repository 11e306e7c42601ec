"""Six short listening demonstrations, each tied to a concept and to real cues.

Every demonstration is built from numpy alone, deterministically (the same
bytes every run), from public-domain melodies in the sources table or from
the kit's own motifs. Each returns a :class:`Demo`: its clips (samples, rate,
what to listen for), the concept, the cue_ids in ``data/cues.csv`` it
illustrates, and what its picture needs. ``demo.picture()`` draws it and
``demo.play()`` plays it in a notebook (both import matplotlib or IPython
only when called). Used in lesson 3, *Hearing the difference*.

    from kit.listen import demos, demo
    d = demo("two-worlds")
    d.play(); d.picture(); print(d.text())
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kit.listen import effects as fx
from kit.listen.measure import bands, band_share_over_time
from kit.listen.melodies import melody
from kit.listen.synth import (RATE, duration, fit, mix, normalise, pan, peak_dbfs, play_notes,
                              render, schedule, silence, to_mono, to_wav)

#: Loudest sample of any demonstration, in dBFS (kept well below clipping).
PEAK_DB = -3.0


@dataclass
class Clip:
    """One sound: samples, rate, a title and what to listen for.

    ``marks`` are ``(seconds, label)`` moments worth showing on a picture;
    ``stems`` hold the parts it was mixed from (for pictures and tests);
    ``melodies`` name the public-domain melodies it uses (see sources.csv).
    """

    key: str
    title: str
    samples: np.ndarray
    description: str
    rate: int = RATE
    melodies: tuple = ()
    marks: tuple = ()
    stems: dict = field(default_factory=dict, repr=False)

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    @property
    def channels(self) -> int:
        return 2 if self.samples.ndim == 2 else 1

    def wav(self) -> bytes:
        """16-bit WAV bytes, as a notebook embeds them."""
        return to_wav(self.samples, self.rate)

    def text(self) -> str:
        """Text alternative: title, length and what to listen for."""
        return f"{self.title} ({self.seconds:.1f} s, {'stereo' if self.channels == 2 else 'mono'}). {self.description}"

    def play(self):
        from kit.listen.player import play
        return play(self)

    def picture(self, ax=None, kind: str = "spectrogram"):
        from kit.listen.charts import plot_clip
        return plot_clip(self, ax=ax, kind=kind)


@dataclass
class Demo:
    """A demonstration: clips heard one after another, and why they matter."""

    key: str
    number: int
    title: str
    concept: str
    cue_ids: tuple
    cue_notes: dict
    description: str
    clips: tuple
    figure: dict = field(default_factory=dict, repr=False)
    gap: float = 0.7

    @property
    def rate(self) -> int:
        return self.clips[0].rate

    @property
    def samples(self) -> np.ndarray:
        """All clips in order with ``gap`` s of silence between (stereo if any clip is)."""
        stereo = any(c.channels == 2 for c in self.clips)
        parts = []
        for i, c in enumerate(self.clips):
            s = pan(c.samples, 0.0) if stereo and c.channels == 1 else c.samples
            parts.append(s)
            if i < len(self.clips) - 1:
                parts.append(silence(self.gap, self.rate, stereo))
        return np.concatenate(parts)

    @property
    def melodies(self) -> tuple:
        return tuple(sorted({m for c in self.clips for m in c.melodies}))

    def text(self) -> str:
        """The whole demonstration in words, for screen readers and for anyone
        who cannot hear it: concept, each clip, and the cues it relates to."""
        lines = [f"Demonstration {self.number}: {self.title}.", f"Concept: {self.concept}", self.description]
        lines += [f"Clip {i}: {c.text()}" for i, c in enumerate(self.clips, 1)]
        lines.append("Cues in the dataset: " + "; ".join(f"{k} ({v})" for k, v in self.cue_notes.items()))
        return "\n".join(lines)

    def related(self, cues, columns=("title", "year", "music_title", "diegesis", "ambiguity", "scene")):
        """The dataset's rows for the cues this demonstration relates to, in order,
        with a ``link`` column saying what ties each to the sound (``cues`` from
        ``kit.load_cues()``). A cue missing from ``cues`` is named, not skipped;
        a column the table lacks (an older file without ``ambiguity``) is left out."""
        from kit.errors import KitInputError
        known = set(cues["cue_id"].astype(str))
        missing = [c for c in self.cue_ids if c not in known]
        if missing:
            raise KitInputError(f"the table you passed lacks the cue(s) {', '.join(missing)}: pass the "
                                "whole dataset, cues = kit.load_cues()")
        rows = cues.set_index("cue_id").loc[list(self.cue_ids), [c for c in columns if c in cues.columns]]
        return rows.assign(link=[self.cue_notes[c] for c in self.cue_ids])

    def play(self):
        from kit.listen.player import play
        return play(self)

    def picture(self):
        from kit.listen.charts import plot_demo
        return plot_demo(self)


def _same_gain(clips: list[Clip], peak_db: float = PEAK_DB) -> list[Clip]:
    """Scale every clip (and its stems) of one demonstration by one factor, so
    the loudest sits at ``peak_db`` and their loudness stays comparable."""
    peak = max(float(np.max(np.abs(c.samples))) for c in clips)
    g = 10 ** (peak_db / 20) / peak
    for c in clips:
        c.samples = c.samples * g
        c.stems = {k: v * g for k, v in c.stems.items()}
    return clips


def _bars_db(x) -> str:
    b = bands(x)
    return f"lows {b['lows_db']:.0f} dB and highs {b['highs_db']:.0f} dB relative to the middle band"


# --- arrangements --------------------------------------------------------------

def mountain_king(rate: int = RATE) -> np.ndarray:
    """Grieg's opening bars in the kit's arrangement: plucked melody with a
    low bassoon-like double, a deep B pedal and a high, quiet string chord."""
    m = melody("mountain-king")
    total = duration(m.notes, m.bpm) + 0.4
    tune = play_notes(m.notes, m.bpm, "pluck", rate, legato=0.6)
    double = play_notes(m.notes, m.bpm, "brass", rate, transpose=-12, legato=0.5, gain=0.35)
    pedal = play_notes([("B1", 16)], m.bpm, "strings", rate, gain=0.9, legato=0.98)
    high = play_notes([(("B5", "F#6"), 16)], m.bpm, "strings", rate, gain=0.12, legato=0.98)
    return fit(mix(tune, double, pedal, high), total, rate)


def ode_to_joy(rate: int = RATE) -> np.ndarray:
    """Beethoven's theme on strings over a bass and chords (D, A, D, A a bar)."""
    m = melody("ode-to-joy")
    total = duration(m.notes, m.bpm) + 0.4
    tune = play_notes(m.notes, m.bpm, "strings", rate)
    bass = play_notes([("D2", 4), ("A1", 4), ("D2", 4), ("A1", 4)], m.bpm, "strings", rate, gain=0.8)
    chords = play_notes([(("D3", "F#3", "A3"), 4), (("C#3", "E3", "A3"), 4),
                         (("D3", "F#3", "A3"), 4), (("C#3", "E3", "A3"), 4)], m.bpm, "pad", rate, gain=0.5)
    return fit(mix(tune, bass, chords), total, rate)


# --- 1. same music, two worlds ------------------------------------------------------

def two_worlds(rate: int = RATE) -> Demo:
    """Demonstration 1: one melody as underscore and as a radio in the room."""
    # the first four seconds, faded: enough to hear the difference, and a smaller lesson
    music = fx.fade_out(fit(mountain_king(rate), 4.0, rate), 0.6, rate)
    wide = fx.underscore(music)
    radio = fx.source(music, rate, "radio")
    clips = _same_gain([
        Clip("underscore", "As underscore", wide,
             "Full range and wide: the deep pedal note, the plucked tune and a bright high chord, "
             "spread across both speakers, with no room around it.", rate, ("mountain-king",)),
        Clip("radio", "As a radio in the room", radio,
             "Thin and boxy: the deep pedal and the bright chord are gone, as from a small speaker; "
             "a short echo from the room follows each note; quieter, and from one point (mono).",
             rate, ("mountain-king",)),
    ])
    u, r = clips
    text = (f"Measured: the underscore has {_bars_db(u.samples)}; the radio version has "
            f"{_bars_db(r.samples)}. The middle band ({300}-{3500} Hz) is what a small speaker keeps.")
    return Demo(
        "two-worlds", 1, "Same music, two worlds",
        "Diegetic (source) music plays inside the story, so the characters can hear it; "
        "non-diegetic music (underscore) is heard only by the audience. The sound itself often tells you which.",
        ("social-network-2010-04", "m-1931-01", "in-the-mood-for-love-2000-02", "halloween-1978-02"),
        {"social-network-2010-04": "the same Grieg melody as non-diegetic underscore",
         "m-1931-01": "the same melody inside the story: the killer whistles it",
         "in-the-mood-for-love-2000-02": "a song from a radio in the apartments",
         "halloween-1978-02": "a rock song on the car radio"},
        "Grieg's 'In the Hall of the Mountain King' twice: first as a film's score would present it, "
        "then as if it came from a radio in the characters' room. " + text,
        tuple(clips), figure={"kind": "spectra"})


# --- 2. crossing the line ----------------------------------------------------------

def crossing(rate: int = RATE) -> Demo:
    """Demonstration 2: radio opening out into underscore, and the reverse."""
    music = fx.fade_out(fit(ode_to_joy(rate), 4.5, rate), 0.4, rate)
    start, end = 1.2, 3.0
    # Folded to mono to keep the lesson's embedded audio small: the change of band and echo carries the move.
    out = to_mono(fx.cross_worlds(music, rate, start, end, into="underscore"))
    back = to_mono(fx.cross_worlds(music, rate, start, end, into="source"))
    clips = _same_gain([
        Clip("radio-to-underscore", "From the radio into the score", out,
             f"It starts thin, quiet and boxy, like a radio in the room; from {start:.1f} s to {end:.1f} s "
             "the deep bass and the bright strings come in and the room echo fades: "
             "the music has left the scene for the score.", rate, ("ode-to-joy",),
             marks=((start, "crossing begins"), (end, "fully underscore"))),
        Clip("underscore-to-radio", "From the score into the radio", back,
             f"It starts full and clean; from {start:.1f} s to {end:.1f} s the bass and brightness drain away "
             "and a small room's echo takes over, as if the same music were now coming from a set "
             "someone in the scene has switched on.", rate, ("ode-to-joy",),
             marks=((start, "crossing begins"), (end, "fully in the scene"))),
    ])
    t, share = band_share_over_time(clips[0].samples, rate, window=1.0)
    text = (f"Measured on the first clip, energy outside 300-3500 Hz relative to inside: "
            f"{share[0]:.0f} dB in the first second, {share[-1]:.0f} dB in the last.")
    return Demo(
        "crossing", 2, "Crossing the line",
        "Trans-diegetic music crosses between the story world and the underscore inside one cue; "
        "the dataset codes such cues as 'ambiguous'.",
        ("top-gun-1986-05", "once-upon-a-time-in-hollywood-2019-03", "mad-men-2007-04",
         "big-lebowski-1998-01", "wall-e-2008-01"),
        {"top-gun-1986-05": "starts on the bar's jukebox; its notes say why it is coded ambiguous",
         "once-upon-a-time-in-hollywood-2019-03": "starts on a car radio, continues across scenes as underscore",
         "mad-men-2007-04": "starts on a record player, becomes underscore for a montage",
         "big-lebowski-1998-01": "starts as underscore and becomes music in a shop the Dude could hear",
         "wall-e-2008-01": "starts as underscore and is revealed as WALL-E's recording"},
        "Beethoven's 'Ode to Joy' theme crosses the line in both directions. " + text,
        tuple(clips), figure={"kind": "spectrograms", "start": start, "end": end})


# --- 3. under the dialogue --------------------------------------------------------

MOOD_CHORDS = [(("A2", "E3", "A3", "C4"), 4), (("F2", "C3", "F3", "A3"), 4),
               (("C3", "G3", "C4", "E4"), 4), (("G2", "D3", "G3", "B3"), 4)]
MOOD_TUNE = [("E5", 1), ("C5", 1), ("A4", 2), ("F5", 1), ("E5", 1), ("C5", 2),
             ("G5", 1), ("E5", 1), ("C5", 2), ("D5", 1), ("B4", 1), ("G4", 2)]


def mood_music(rate: int = RATE, bpm: float = 128, total: float = 7.5) -> np.ndarray:
    """The kit's own gentle cue: four chords under a slow, plucked line."""
    pad = play_notes(MOOD_CHORDS, bpm, "pad", rate, legato=1.0)
    tune = play_notes(MOOD_TUNE, bpm, "pluck", rate, gain=0.5)
    return fit(mix(pad, tune), total, rate)


def under_dialogue(rate: int = RATE) -> Demo:
    """Demonstration 3: music ducking under speech and rising between lines."""
    total = 5.0
    lines = ((0.7, 1.9), (3.0, 4.2))
    music = mood_music(rate, total=total)
    voice = fx.dialogue(lines, total, rate)
    ducked = fx.duck(music, voice, rate, depth_db=12.0)
    plain = mix(music, voice)
    mixed = mix(ducked, voice)
    marks = tuple((t, f"line {i} {'starts' if j == 0 else 'ends'}")
                  for i, line in enumerate(lines, 1) for j, t in enumerate(line))
    stems = {"music": music, "music_ducked": ducked, "dialogue": voice}
    clips = _same_gain([
        Clip("no-ducking", "Music and speech at one level", plain,
             "The 'voice' (a murmur standing in for speech) fights the music: the words would be hard to follow.",
             rate, marks=marks, stems={"music": music, "dialogue": voice}),
        Clip("ducking", "Music ducking under the dialogue", mixed,
             "The music dips by about 12 dB just before each line, stays low while the voice speaks, "
             "and rises again in the pause between lines and after the last one.",
             rate, marks=marks, stems=stems),
    ])
    return Demo(
        "under-dialogue", 3, "Under the dialogue",
        "Underscore usually makes room for speech: the mix lowers ('ducks') the music while "
        "characters talk and lets it rise between lines, so the audience hears both.",
        ("bear-2022-01", "citizen-kane-1941-02", "moonlight-2016-02"),
        {"bear-2022-01": "a song plays as Carmy and Sugar talk",
         "citizen-kane-1941-02": "a varied waltz theme under a montage of breakfast-table talk",
         "moonlight-2016-02": "a jukebox song under a conversation in a diner (source music shares the mix too)"},
        "The kit's own gentle cue with two lines of stand-in 'dialogue' (syllable-shaped, voice-band "
        "noise, no recording), first without and then with ducking.",
        tuple(clips), figure={"kind": "ducking", "lines": lines})


# --- 4. Mickey-Mousing versus mood ---------------------------------------------------

SCENE_EVENTS = ((0.6, "step"), (1.0, "step"), (1.4, "step"), (1.8, "step"),
                (2.6, "cat leaps onto the table"), (3.4, "pan tips over the edge"),
                (3.9, "pan crashes to the floor"), (5.0, "cat bolts out of the door"))


def hits_or_mood(rate: int = RATE) -> Demo:
    """Demonstration 4: music that hits each action against a pad that only sets a mood."""
    total = 5.7
    parts = []
    steps = [e for e in SCENE_EVENTS if e[1] == "step"]
    for (t, _), p in zip(steps, ("E4", "G4", "B4", "E5")):  # tiptoe: one plucked note a step
        parts.append(render(schedule([(p, 0.25)], 120, start=t, legato=0.4), "pluck", rate, total=total))
    run = [("E5", .1), ("G5", .1), ("B5", .1), ("E6", .2)]  # the leap: a quick run up after the hit
    parts.append(render(schedule(run, 120, start=2.65), "pluck", rate, total=total, gain=0.5))
    parts.append(render(schedule([(("E4", "B4", "E5"), 0.5)], 120, start=2.6), "brass", rate, total=total))
    parts.append(render(schedule([(("E5", "B5"), 0.25)], 120, start=2.6), "pluck", rate, total=total))
    parts.append(render(schedule([("F#5", 0.5), ("F5", 0.5)], 120, start=3.4, legato=0.95), "strings", rate,
                        total=total, gain=0.6))
    parts.append(render(schedule([(("C2", "C#2", "F#2"), 1.2)], 120, start=3.9), "brass", rate, total=total))
    parts.append(render(schedule([("G3", 1)], 120, start=3.9), "drum", rate, seed=4, total=total, gain=1.3))
    down = [("E6", .1), ("B5", .1), ("G5", .1), ("E5", .1), ("B4", .1), ("E4", .3)]
    parts.append(render(schedule(down, 120, start=5.0), "pluck", rate, total=total, gain=0.8))
    parts.append(render(schedule([("D3", 1)], 120, start=5.0), "drum", rate, seed=5, total=total))
    hits = mix(*parts)
    mood = play_notes([(("E3", "B3", "G4"), 6), (("C3", "G3", "E4"), 6)], 120, "pad", rate,
                      legato=1.0, total=total)
    clips = _same_gain([
        Clip("hits", "Music that hits the action (Mickey-Mousing)", hits,
             "A plucked note on each of four tiptoe steps (0.6 to 1.8 s), a plucked and brass stab and a quick run upwards as "
             "the cat leaps (2.6 s), a sliding string note as the pan tips (3.4 s), a drum and a low brass chord on the "
             "crash (3.9 s), and a falling run as the cat bolts (5.0 s).",
             rate, marks=SCENE_EVENTS),
        Clip("mood", "A pad that only sets a mood", mood,
             "Two soft chords that change once, at 3 s, and follow none of the actions: the same scene, "
             "but the music only colours it.", rate, marks=SCENE_EVENTS),
    ])
    return Demo(
        "hits-or-mood", 4, "Mickey-Mousing versus mood",
        "Mickey-Mousing is music that imitates or 'hits' each action on screen in sync, a habit of "
        "cartoons; mood music sets a feeling without following the action.",
        ("adventures-of-robin-hood-1938-03", "fantasia-1940-02", "saturday-night-fever-1977-01",
         "spirited-away-2001-02", "twin-peaks-1990-02"),
        {"adventures-of-robin-hood-1938-03": "music closely synchronised with a sword duel",
         "fantasia-1940-02": "animation of Mickey Mouse set to a pre-existing piece",
         "saturday-night-fever-1977-01": "a walk in time with the beat",
         "spirited-away-2001-02": "music carries a quiet train ride with almost no dialogue",
         "twin-peaks-1990-02": "a slow theme that carries a town's grief"},
        "The same imagined scene, under six seconds long, twice: a cat tiptoes into a kitchen, leaps onto the table, "
        "knocks a pan off, and bolts. First the music hits every action; then it only sets a mood.",
        tuple(clips), figure={"kind": "timeline", "events": SCENE_EVENTS})


# --- 5. a leitmotif transformed ------------------------------------------------------

#: The kit's own motif, in scale steps (0 = the key note) and beats.
MOTIF_STEPS = (0, 4, 2, 5, 4, 3, 1, 0)
MOTIF_BEATS = (1, 1, .5, .5, 1, .5, .5, 2)
MODES = {"major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 10)}

VARIANTS = {
    "heroic": {"mode": "major", "tonic": "C4", "bpm": 144, "timbre": "brass",
               "scene": "At dawn the young pilot climbs into the cockpit and the squadron takes off."},
    "tender": {"mode": "major", "tonic": "C5", "bpm": 96, "timbre": "pluck",
               "scene": "Years later she reads his old letter by the window."},
    "menacing": {"mode": "minor", "tonic": "C3", "bpm": 72, "timbre": "strings",
                 "scene": "His rival watches from the shadows as the hangar lights go out."},
}


def motif_pitches(mode: str, tonic: str) -> list[int]:
    """MIDI pitches of the kit's motif in ``mode`` ('major' or 'minor') on ``tonic``."""
    from kit.listen.synth import midi
    scale = MODES[mode]
    return [midi(tonic) + scale[s] for s in MOTIF_STEPS]


def leitmotif(rate: int = RATE) -> Demo:
    """Demonstration 5: one original motif made heroic, tender and menacing."""
    clips, info = [], {}
    for name, v in VARIANTS.items():
        pitches = motif_pitches(v["mode"], v["tonic"])
        notes = list(zip(pitches, MOTIF_BEATS))
        tune = play_notes(notes, v["bpm"], v["timbre"], rate, legato=0.92)
        beat = 60 / v["bpm"]
        length = sum(MOTIF_BEATS) * beat
        if name == "heroic":
            support = play_notes([(("C3", "G3"), 2), (("F2", "C3"), 2), (("G2", "D3"), 3)], v["bpm"], "strings",
                                 rate, gain=0.5)
            drums = render(schedule([("C3", 1)] * 7, v["bpm"]), "drum", rate, seed=2, gain=0.5)
            accomp = mix(support, drums)
        elif name == "tender":
            accomp = play_notes([(("C4", "E4", "G4"), 4), (("F3", "A3", "C4"), 3)], v["bpm"], "pad", rate, gain=0.4)
        else:
            accomp = mix(play_notes([("C2", 7)], v["bpm"], "strings", rate, gain=0.6, legato=1.0),
                         render(schedule([("A1", 2)] * 3 + [("A1", 1)], v["bpm"]), "drum", rate, seed=3, gain=0.7))
        onsets = list(np.cumsum((0,) + MOTIF_BEATS[:-1]) * beat)
        info[name] = dict(v, pitches=pitches, onsets=onsets, beats=list(MOTIF_BEATS))
        clips.append(Clip(name, f"The motif, {name}", fit(mix(tune, accomp), length + 0.45, rate),
                          f"{v['mode'].capitalize()} mode, {v['bpm']} beats a minute, "
                          f"{'low' if name == 'menacing' else 'high' if name == 'tender' else 'middle'} register, "
                          f"{v['timbre']}. Scene: {v['scene']}", rate,
                          stems={"melody": fit(tune, length + 0.45, rate)}))
    clips = _same_gain(clips)
    return Demo(
        "leitmotif", 5, "A leitmotif transformed",
        "A leitmotif is a short musical idea tied to a character, place or idea; a score changes its "
        "mode, tempo, register and instrument to show how things stand, while the shape stays recognisable.",
        ("citizen-kane-1941-02", "king-kong-1933-01", "twin-peaks-1990-02", "m-1931-02",
         "once-upon-a-time-in-the-west-1968-01"),
        {"citizen-kane-1941-02": "a waltz theme varied to track a marriage's decline",
         "king-kong-1933-01": "Kong's three-note motif stated over the titles",
         "twin-peaks-1990-02": "a recurring leitmotif for Laura",
         "m-1931-02": "a leitmotif made of source music: the whistled tune gives the killer away",
         "once-upon-a-time-in-the-west-1968-01": "a harmonica motif tied to one character"},
        f"The kit's own eight-note motif three times. Heroic: major, brisk ({VARIANTS['heroic']['bpm']}), middle "
        f"register, brass and drum. Tender: major, slower ({VARIANTS['tender']['bpm']}), high, plucked like a "
        f"piano. Menacing: minor, slowest ({VARIANTS['menacing']['bpm']}), low strings "
        "and a drum. The rhythm and the contour (up, down, up, then stepping home) never change.",
        tuple(clips), figure={"kind": "piano-roll", "variants": info})


# --- 6. borrowed music ------------------------------------------------------------

#: Tempo of the kit's Zarathustra opening, in beats a minute.
ZARATHUSTRA_BPM = 100


def zarathustra_concert(rate: int = RATE, bpm: float = ZARATHUSTRA_BPM) -> tuple[np.ndarray, dict]:
    """Strauss's opening motif as in concert: a low C pedal, then the brass
    rise C-G-C and the chord turning from major to minor. Returns the samples
    and the times (s) of its landmarks."""
    m = melody("zarathustra")
    beat = 60 / bpm
    lead = 0.6
    rise = [(p, b) for p, b in m.notes[:3]]
    fanfare = render(schedule(rise, bpm, start=lead, legato=0.97), "brass", rate)
    chord_start = lead + 6 * beat
    major = ("C4", "G4", "C5", m.notes[3][0])
    minor = ("C4", "G4", "C5", m.notes[4][0])
    chords = render(schedule([(major, m.notes[3][1]), (minor, m.notes[4][1])], bpm, start=chord_start,
                             legato=0.98), "brass", rate, gain=0.6)
    total = chord_start + 3 * beat + 0.3
    pedal = play_notes([("C2", total / beat)], bpm, "strings", rate, legato=1.0, gain=0.35)
    times = {"trumpet": lead, "top C": lead + 4 * beat, "major chord": chord_start,
             "minor chord": chord_start + beat, "end": total}
    return fade_tail(fit(mix(pedal, fanfare, chords), total, rate), rate), times


def fade_tail(x: np.ndarray, rate: int = RATE) -> np.ndarray:
    return fx.fade_out(x, 0.3, rate)


def borrowed(rate: int = RATE) -> Demo:
    """Demonstration 6: a public-domain piece in concert form and cut to fit a scene."""
    concert, t = zarathustra_concert(rate)
    scene = 5.0
    beat = 60 / ZARATHUSTRA_BPM
    cut_from = t["top C"] + beat * 0.8      # shorten the held top C ...
    cut_to = t["major chord"] - 0.05         # ... and jump to just before the chord
    splice = 0.05
    a = concert[int(t["trumpet"] * rate):int(cut_from * rate)]
    b = concert[int(cut_to * rate):]
    edit = fx.crossfade(a, b, splice, rate)
    edit = fx.fade_out(fit(edit, scene, rate), 1.0, rate)
    splice_at = cut_from - t["trumpet"] - splice / 2
    clips = _same_gain([
        Clip("concert", "In concert form", concert,
             f"A low C pedal, the brass rising C-G-C from {t['trumpet']:.1f} s, then at {t['major chord']:.1f} s "
             "a C major chord that turns at once to C minor, left to ring.", rate, ("zarathustra",),
             marks=tuple((v, k) for k, v in t.items() if k != "end")),
        Clip("cut", "Cut to fit a 5-second scene", edit,
             f"The editor starts where the brass enters (no pedal before it), shortens the held top C with a splice "
             f"at {splice_at:.1f} s so the chord comes sooner, and fades the minor chord out to end exactly on the "
             f"scene's cut at {scene:.1f} s.", rate, ("zarathustra",),
             marks=((splice_at, "splice"), (scene - 1.0, "fade begins"), (scene, "scene cut"))),
    ])
    return Demo(
        "borrowed", 6, "Borrowed music",
        "Pre-existing instrumental music (concert music, library music, another work's score) is chosen, "
        "not written, for the production; a concert piece rarely fits a scene's length, so it is often "
        "trimmed, spliced or faded to fit.",
        ("2001-a-space-odyssey-1968-01", "wall-e-2008-04", "barbie-2023-01"),
        {"2001-a-space-odyssey-1968-01": "Strauss's opening over the sunrise in the titles",
         "wall-e-2008-04": "the same music as a nod to 2001 when the captain stands up",
         "barbie-2023-01": "a parody of 2001's opening"},
        "The opening of Richard Strauss's 'Also sprach Zarathustra' (1896, public domain), first as a "
        "concert would play it, then edited to fit a five-second scene.",
        tuple(clips), figure={"kind": "waveforms", "scene": scene})


#: Every demonstration, in lesson order.
BUILDERS = {"two-worlds": two_worlds, "crossing": crossing, "under-dialogue": under_dialogue,
            "hits-or-mood": hits_or_mood, "leitmotif": leitmotif, "borrowed": borrowed}

_cache: dict = {}


def demo(key: str, rate: int = RATE) -> Demo:
    """One demonstration by key (``'two-worlds'``, ``'crossing'``, ``'under-dialogue'``,
    ``'hits-or-mood'``, ``'leitmotif'``, ``'borrowed'``). Built once, then reused."""
    if key not in BUILDERS:
        raise KeyError(f"no demonstration {key!r}; choose one of {', '.join(BUILDERS)}")
    if (key, rate) not in _cache:
        d = BUILDERS[key](rate)
        loudest = max(peak_dbfs(c.samples) for c in d.clips)
        if loudest > PEAK_DB + 1e-6:
            raise RuntimeError(f"demonstration {key!r} peaks at {loudest:.1f} dBFS; please report this bug")
        _cache[(key, rate)] = d
    return _cache[(key, rate)]


def demos(rate: int = RATE) -> list[Demo]:
    """All six demonstrations in lesson order."""
    return [demo(k, rate) for k in BUILDERS]


__all__ = ["Clip", "Demo", "demo", "demos", "BUILDERS", "two_worlds", "crossing", "under_dialogue",
           "hits_or_mood", "leitmotif", "borrowed", "motif_pitches", "MOTIF_STEPS", "MOTIF_BEATS",
           "VARIANTS", "MODES", "SCENE_EVENTS", "normalise"]
