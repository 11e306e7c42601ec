"""Public-domain melodies the dataset's cues use, transcribed as note lists.

Each melody is the opening phrase only, written as ``(pitch, beats)`` pairs
(a beat is a quarter note; ``None`` is a rest). Who wrote it, when, why it is
in the public domain, which cues in ``data/cues.csv`` use it and where each
fact was checked are in the sources table beside this file
(``kit/listen/sources.csv``), read with :func:`sources`. Only melodies in
that table may be used by the demonstrations and the ear quiz; the tests
check this. Used in lesson 3, *Hearing the difference*.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

SOURCES_FILE = Path(__file__).with_name("sources.csv")


@dataclass(frozen=True)
class Melody:
    """The opening of a public-domain piece: notes, tempo and metre."""

    id: str
    notes: tuple
    bpm: float
    meter: str
    key: str


MELODIES = {
    # Grieg, In the Hall of the Mountain King: bars 1-4 of the theme.
    "mountain-king": Melody(
        "mountain-king",
        (("B3", .5), ("C#4", .5), ("D4", .5), ("E4", .5), ("F#4", .5), ("D4", .5), ("F#4", 1),
         ("E#4", .5), ("C#4", .5), ("E#4", 1), ("E4", .5), ("C4", .5), ("E4", 1),
         ("B3", .5), ("C#4", .5), ("D4", .5), ("E4", .5), ("F#4", .5), ("D4", .5), ("F#4", .5), ("B4", .5),
         ("A4", .5), ("F#4", .5), ("D4", .5), ("F#4", .5), ("A4", 2)),
        bpm=138, meter="4/4", key="B minor"),
    # Richard Strauss, Also sprach Zarathustra: the 'nature' motif and the
    # major-to-minor turn of its first chord (top voice).
    "zarathustra": Melody(
        "zarathustra",
        (("C4", 2), ("G4", 2), ("C5", 2), ("E5", 1), ("Eb5", 3)),
        bpm=80, meter="4/4", key="C"),
    # Beethoven, Symphony No. 9, finale: the first four bars of the theme.
    "ode-to-joy": Melody(
        "ode-to-joy",
        (("F#4", 1), ("F#4", 1), ("G4", 1), ("A4", 1), ("A4", 1), ("G4", 1), ("F#4", 1), ("E4", 1),
         ("D4", 1), ("D4", 1), ("E4", 1), ("F#4", 1), ("F#4", 1.5), ("E4", .5), ("E4", 2)),
        bpm=132, meter="4/4", key="D major"),
    # Beethoven, Symphony No. 5: bars 1-5, fermatas held about twice as long.
    "fifth-symphony": Melody(
        "fifth-symphony",
        ((None, .5), ("G4", .5), ("G4", .5), ("G4", .5), ("Eb4", 4),
         (None, .5), ("F4", .5), ("F4", .5), ("F4", .5), ("D4", 6)),
        bpm=216, meter="2/4", key="C minor"),
    # Beethoven, Fur Elise: right hand of the opening, up to the A before bar 7.
    "fur-elise": Melody(
        "fur-elise",
        (("E5", .25), ("D#5", .25),
         ("E5", .25), ("D#5", .25), ("E5", .25), ("B4", .25), ("D5", .25), ("C5", .25),
         ("A4", .5), (None, .25), ("C4", .25), ("E4", .25), ("A4", .25),
         ("B4", .5), (None, .25), ("E4", .25), ("G#4", .25), ("B4", .25),
         ("C5", .5), (None, .25), ("E4", .25), ("E5", .25), ("D#5", .25),
         ("E5", .25), ("D#5", .25), ("E5", .25), ("B4", .25), ("D5", .25), ("C5", .25),
         ("A4", 1.5)),
        bpm=84, meter="3/8", key="A minor"),
}


def melody(melody_id: str) -> Melody:
    """The melody with this id; the error lists the ids there are."""
    try:
        return MELODIES[melody_id]
    except KeyError:
        raise KeyError(f"no melody {melody_id!r}; the kit has {', '.join(MELODIES)}") from None


def sources() -> list[dict]:
    """The sources table: one row per melody with composer, year, why it is in
    the public domain, the cue_ids that use it and the references checked."""
    with open(SOURCES_FILE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
