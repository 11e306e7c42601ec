"""A small, readable synthesiser: notes, timbres, chords, tempo, mono or stereo.

Sound is a numpy array of floats in -1..1, mono ``(n,)`` or stereo ``(n, 2)``,
at ``rate`` samples a second (16000 by default: it keeps everything the lessons
ask students to hear, up to 8 kHz, and keeps embedded audio small).
Every tone is a sum of harmonics shaped by an envelope, in the tradition of
Meinard Mueller's FMP notebooks; the drum's noise comes from a generator
seeded by the caller, so the same call gives the same bytes every run.
Used by every demonstration of the listening lesson, lesson 3 (kit.listen.demos).
"""

from __future__ import annotations

import io
import re
import wave
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

RATE = 16000
#: Highest harmonic the synthesiser draws, to keep sounds clean and quick
#: (never above 45% of the sample rate, so nothing folds back as aliasing).
TOP_HZ = 9000.0
MAX_HARMONICS = 24

_PITCH = re.compile(r"^([A-Ga-g])([#b]*)(-?\d)$")
_STEPS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def midi(pitch: str) -> int:
    """MIDI number of a pitch name such as ``'C4'`` (60), ``'F#3'``, ``'Eb5'``
    or ``'E#3'`` (the same key as F3)."""
    m = _PITCH.match(pitch.strip())
    if not m:
        raise ValueError(f"{pitch!r} is not a pitch name; write a letter, optional # or b, "
                         "and an octave number, e.g. 'C4' or 'F#3'")
    letter, accidentals, octave = m.groups()
    shift = accidentals.count("#") - accidentals.count("b")
    return 12 * (int(octave) + 1) + _STEPS[letter.upper()] + shift


def hz(pitch) -> float:
    """Frequency in hertz of a pitch name or MIDI number (A4 = 440 Hz)."""
    number = midi(pitch) if isinstance(pitch, str) else float(pitch)
    return 440.0 * 2.0 ** ((number - 69) / 12)


# --- envelopes -------------------------------------------------------------

def envelope(n: int, rate: int, attack: float, decay: float, sustain: float,
             release: float, hold: float) -> np.ndarray:
    """Attack-decay-sustain-release: rise over ``attack`` s, fall to ``sustain``
    over ``decay`` s, and from ``hold`` s fade to silence over ``release`` s."""
    t = np.arange(n) / rate
    times = [0.0, max(attack, 1e-4), max(attack, 1e-4) + max(decay, 1e-4)]
    levels = [0.0, 1.0, sustain]
    at_hold = np.interp(hold, times, levels)
    tail = at_hold * np.clip(1.0 - (t - hold) / max(release, 1e-4), 0.0, 1.0)
    return np.where(t < hold, np.interp(t, times, levels), tail)


TABLE_SIZE = 4096  # a power of two: a bit mask wraps the phase


@lru_cache(maxsize=512)
def _table(shape: str, n_harmonics: int) -> np.ndarray:
    """One period of a waveform made of ``n_harmonics`` harmonics. Shapes:
    'saw' (all harmonics, 1/k), 'soft' (a few), 'dark' and 'bright' (for
    brass and plucks), 'whistle' (nearly pure)."""
    k = np.arange(1, n_harmonics + 1)
    amps = {
        "saw": 1.0 / k * np.exp(-(k - 1) / 10),
        "soft": np.array([1.0, 0.35, 0.2, 0.1, 0.05, 0.0][: n_harmonics] + [0.0] * max(0, n_harmonics - 6)),
        "dark": 1.0 / k ** 2.0,
        "bright": 1.0 / k ** 0.8,
        "whistle": np.array([1.0, 0.08, 0.02][: n_harmonics] + [0.0] * max(0, n_harmonics - 3)),
    }[shape]
    phase = np.arange(TABLE_SIZE) / TABLE_SIZE
    wave_ = (amps[:, None] * np.sin(2 * np.pi * np.outer(k, phase))).sum(axis=0)
    return wave_ / np.max(np.abs(wave_))


_WOBBLE: dict = {}


def _wobble(n: int, rate: int) -> np.ndarray:
    """``1 - cos`` of a 5 Hz vibrato for ``n`` samples, computed once per rate and sliced."""
    have = _WOBBLE.get(rate)
    if have is None or len(have) < n:
        have = 1 - np.cos(2 * np.pi * 5.0 * np.arange(max(n, 10 * rate)) / rate)
        _WOBBLE[rate] = have
    return have[:n]


def _osc(shape: str, freq: float, n: int, rate: int, vibrato: float = 0.0,
         detune_cents: float = 0.0) -> np.ndarray:
    """Read a waveform table at ``freq`` Hz for ``n`` samples. Only harmonics
    below TOP_HZ (and below 45% of the rate) are in the table, so nothing
    folds back as aliasing; the table is read at the nearest of its 4096
    points, which keeps the error some 70 dB down and the sound quick to make.
    ``vibrato`` is the depth of a 5 Hz wobble as a fraction of the pitch."""
    f = freq * 2.0 ** (detune_cents / 1200)
    harmonics = int(max(1, min(MAX_HARMONICS, min(TOP_HZ, 0.45 * rate) // f)))
    table = _table(shape, harmonics)
    cycles = np.arange(n) * (f / rate)
    if vibrato:
        cycles += (vibrato * f / (2 * np.pi * 5.0)) * _wobble(n, rate)
    return table[(cycles * TABLE_SIZE).astype(np.int64) & (TABLE_SIZE - 1)]


# --- timbres ---------------------------------------------------------------
# Each takes a frequency, the sounding length in seconds (before release),
# the rate and a numpy Generator, and returns the samples of one note.

def _strings(freq, length, rate, rng):
    """Three slightly detuned saw-like voices with a gentle vibrato: a section."""
    release = 0.35
    n = int((length + release) * rate)
    tone = sum(_osc("saw", freq, n, rate, vibrato=0.004, detune_cents=c) for c in (-7, 0, 7)) / 3
    return tone * envelope(n, rate, 0.18, 0.2, 0.85, release, length) * 0.5


def _pluck(freq, length, rate, rng):
    """A bright edge that dies fast over a darker body that lasts: plucked or piano-like."""
    release = 0.05
    n = int((length + release) * rate)
    t = np.arange(n) / rate
    tone = _osc("bright", freq, n, rate) * np.exp(-t * 9) + _osc("dark", freq, n, rate) * np.exp(-t * 2.5)
    return tone * envelope(n, rate, 0.004, 0.0, 1.0, release, length) * 0.5


def _brass(freq, length, rate, rng):
    """Brass grows brighter as it gets louder: a dark tone fades into a bright one with the envelope."""
    release = 0.12
    n = int((length + release) * rate)
    env = envelope(n, rate, 0.05, 0.1, 0.8, release, length)
    tone = (1 - env) * _osc("dark", freq, n, rate) + env * _osc("bright", freq, n, rate)
    return tone * env * 0.45


def _whistle(freq, length, rate, rng):
    """Nearly a pure tone with a quick vibrato and a breath of noise."""
    release = 0.06
    n = int((length + release) * rate)
    breath = rng.standard_normal(n) * 0.02
    tone = _osc("whistle", freq, n, rate, vibrato=0.006)
    return (tone + breath) * envelope(n, rate, 0.03, 0.05, 0.9, release, length) * 0.6


def _drum(freq, length, rate, rng):
    """A tom-like drum: a sine that falls in pitch plus a short noise burst.
    ``freq`` sets the starting pitch of the skin."""
    t = np.arange(int(0.45 * rate)) / rate
    sweep = freq * (0.5 + 0.5 * np.exp(-t / 0.05))
    skin = np.sin(2 * np.pi * np.cumsum(sweep) / rate) * np.exp(-t / 0.16)
    hit = rng.standard_normal(len(t)) * np.exp(-t / 0.012) * 0.5
    return (skin + hit) * 0.8


def _pad(freq, length, rate, rng):
    """A soft, slow pad: few harmonics, two detuned voices, long attack and release."""
    release = 0.6
    n = int((length + release) * rate)
    tone = sum(_osc("soft", freq, n, rate, detune_cents=c) for c in (-5, 5)) / 2
    return tone * envelope(n, rate, 0.45, 0.3, 0.9, release, length) * 0.5


TIMBRES = {
    "strings": _strings,   # bowed string section: bright, slow to speak
    "pad": _pad,           # soft sustained chord bed
    "pluck": _pluck,       # plucked or piano-like: sharp attack, dies away
    "brass": _brass,       # grows brighter as it gets louder
    "whistle": _whistle,   # almost a pure tone with a breath of noise
    "drum": _drum,         # pitched drum hit
}


# --- notes and parts -------------------------------------------------------

@dataclass(frozen=True)
class Event:
    """One sounding note: start and length in seconds, MIDI pitch, loudness 0..1."""

    start: float
    length: float
    pitch: float
    velocity: float = 1.0


def schedule(notes, bpm: float, start: float = 0.0, transpose: int = 0,
             legato: float = 0.9, velocity: float = 1.0) -> list[Event]:
    """Turn ``(pitch, beats)`` pairs into timed events at ``bpm`` beats a minute.

    ``pitch`` is a name (``'F#4'``), a MIDI number, a tuple of either (a chord)
    or ``None`` (a rest). ``legato`` is the share of each note's time that
    sounds. ``transpose`` moves every pitch by that many semitones.
    """
    beat = 60.0 / bpm
    t = start
    events = []
    for item in notes:
        pitch, beats = item[0], item[1]
        vel = item[2] if len(item) > 2 else 1.0
        if pitch is not None:
            chord = pitch if isinstance(pitch, tuple) else (pitch,)
            for p in chord:
                number = midi(p) if isinstance(p, str) else p
                events.append(Event(t, beats * beat * legato, number + transpose, vel * velocity))
        t += beats * beat
    return events


def duration(notes, bpm: float) -> float:
    """Length in seconds of ``(pitch, beats)`` pairs at ``bpm``."""
    return sum(item[1] for item in notes) * 60.0 / bpm


def render(events, timbre: str = "strings", rate: int = RATE, seed: int = 0,
           total: float | None = None, gain: float = 1.0) -> np.ndarray:
    """Mono samples of ``events`` played on ``timbre``.

    ``seed`` fixes the noise of breathy and percussive timbres, so the same
    call returns the same samples. ``total`` sets the length in seconds
    (default: until the last note has died away).
    """
    try:
        voice = TIMBRES[timbre]
    except KeyError:
        raise ValueError(f"unknown timbre {timbre!r}; choose one of {', '.join(TIMBRES)}") from None
    rng = np.random.default_rng(seed)
    notes = [(e, voice(hz(e.pitch), e.length, rate, rng) * e.velocity) for e in events]
    end = max((int(round(e.start * rate)) + len(s) for e, s in notes), default=0)
    n = int(round(total * rate)) if total is not None else end
    out = np.zeros(n)
    for e, s in notes:
        i = int(round(e.start * rate))
        if i >= n:
            continue
        s = s[: n - i]
        out[i:i + len(s)] += s
    return out * gain


def play_notes(notes, bpm: float, timbre: str = "strings", rate: int = RATE, seed: int = 0,
               transpose: int = 0, legato: float = 0.9, start: float = 0.0,
               total: float | None = None, gain: float = 1.0) -> np.ndarray:
    """Shortcut: :func:`schedule` then :func:`render`."""
    events = schedule(notes, bpm, start=start, transpose=transpose, legato=legato)
    return render(events, timbre, rate=rate, seed=seed, total=total, gain=gain)


def chord(pitches, beats: float) -> tuple:
    """A chord as one ``(pitch, beats)`` item: ``chord(['C3', 'E3', 'G3'], 4)``."""
    return (tuple(pitches), beats)


# --- mixing ----------------------------------------------------------------

def mix(*tracks: np.ndarray) -> np.ndarray:
    """Add tracks of any lengths (mono or stereo); the result is as long as the longest.
    A mono track added to a stereo one is placed in the centre."""
    stereo = any(t.ndim == 2 for t in tracks)
    n = max(len(t) for t in tracks)
    out = np.zeros((n, 2) if stereo else n)
    for t in tracks:
        if stereo and t.ndim == 1:
            t = pan(t, 0.0)
        out[: len(t)] += t
    return out


def pan(mono: np.ndarray, position: float) -> np.ndarray:
    """Place a mono track in a stereo field: -1 left, 0 centre, 1 right (equal power)."""
    angle = (np.clip(position, -1, 1) + 1) * np.pi / 4
    return np.column_stack([mono * np.cos(angle), mono * np.sin(angle)]) * np.sqrt(2)


def to_mono(x: np.ndarray) -> np.ndarray:
    """Fold stereo to mono (the mean of the two channels); mono passes through."""
    return x.mean(axis=1) if x.ndim == 2 else x


def silence(seconds: float, rate: int = RATE, stereo: bool = False) -> np.ndarray:
    n = int(round(seconds * rate))
    return np.zeros((n, 2)) if stereo else np.zeros(n)


def fit(x: np.ndarray, seconds: float, rate: int = RATE) -> np.ndarray:
    """Cut or pad with silence to exactly ``seconds``."""
    n = int(round(seconds * rate))
    if len(x) >= n:
        return x[:n]
    pad = np.zeros((n - len(x),) + x.shape[1:])
    return np.concatenate([x, pad])


def peak_dbfs(x: np.ndarray) -> float:
    """Highest absolute sample in decibels relative to full scale (0 dBFS = 1.0)."""
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    return 20 * np.log10(peak) if peak > 0 else -np.inf


def normalise(x: np.ndarray, peak_db: float = -3.0) -> np.ndarray:
    """Scale so the highest sample sits at ``peak_db`` dBFS (never clips)."""
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    return x if peak == 0 else x * (10 ** (peak_db / 20) / peak)


def to_wav(x: np.ndarray, rate: int = RATE) -> bytes:
    """16-bit PCM WAV bytes of ``x`` (mono or stereo), as a notebook embeds them."""
    pcm = np.round(np.clip(x, -1.0, 1.0) * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2 if x.ndim == 2 else 1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()
