"""Effects that tell the ear where music lives in a story.

Each is a short function on numpy samples (mono ``(n,)`` or stereo ``(n, 2)``):

- :func:`source` makes music sound as if it plays *inside* the scene: a small
  speaker (radio, telephone or jukebox) loses its lows and highs, a small room
  adds a close echo, it sits lower in the mix and comes from one point (mono).
- :func:`underscore` leaves the music full-range and wide, as a film's score.
- :func:`duck` lowers music while someone speaks and lets it rise between lines.
- :func:`dialogue` is a stand-in for speech (syllable-shaped, band-limited
  noise and buzz), so no voice recording is needed.
- :func:`cross_worlds` moves music between a source in the scene and the
  underscore over a few seconds (the trans-diegetic move).
- :func:`fade_in`, :func:`fade_out` and :func:`crossfade`.

Filters work on the whole clip's spectrum (zero phase), which is simple,
exact and fast for clips of a few seconds. Used by the demonstrations of the
listening lesson, lesson 3 (kit.listen.demos) and the ear quiz.
"""

from __future__ import annotations

import numpy as np

from kit.listen.synth import RATE, mix, pan, to_mono

#: Pass bands of speakers in the scene, in Hz, and the steepness of their edges.
SPEAKERS = {
    "radio": {"low": 350.0, "high": 3000.0, "order": 8, "drive": 1.5},
    "telephone": {"low": 400.0, "high": 2800.0, "order": 10, "drive": 2.5},
    "jukebox": {"low": 380.0, "high": 3000.0, "order": 8, "drive": 1.2},
}


def _per_channel(fn, x, *args, **kw):
    if x.ndim == 2:
        return np.column_stack([fn(x[:, c], *args, **kw) for c in range(x.shape[1])])
    return fn(x, *args, **kw)


def _fft_len(n: int) -> int:
    """The next power of two: numpy's FFT is quickest at such lengths."""
    return 1 << int(np.ceil(np.log2(max(n, 2))))


def _bandpass_mono(x, rate, low, high, order):
    pad = int(0.1 * rate)  # room for the filter's ringing, so it does not wrap around
    n = _fft_len(len(x) + 2 * pad)
    spectrum = np.fft.rfft(np.concatenate([np.zeros(pad), x, np.zeros(pad)]), n)
    f = np.fft.rfftfreq(n, 1 / rate)
    gain = np.ones_like(f)
    if low:  # Butterworth-shaped magnitude, high-pass edge
        with np.errstate(divide="ignore"):
            gain *= 1 / np.sqrt(1 + (low / np.maximum(f, 1e-9)) ** (2 * order))
    if high:
        gain *= 1 / np.sqrt(1 + (f / high) ** (2 * order))
    return np.fft.irfft(spectrum * gain, n)[pad:pad + len(x)]


def bandpass(x: np.ndarray, rate: int = RATE, low: float | None = None,
             high: float | None = None, order: int = 4) -> np.ndarray:
    """Keep what lies between ``low`` and ``high`` Hz (either may be None).
    ``order`` sets how steep the edges are (6 dB per octave for each step)."""
    return _per_channel(_bandpass_mono, x, rate, low, high, order)


def gain_db(x: np.ndarray, db: float) -> np.ndarray:
    """Change the level by ``db`` decibels (negative is quieter)."""
    return x * 10 ** (db / 20)


def room(x: np.ndarray, rate: int = RATE, size: float = 1.0, wet: float = 0.35,
         seed: int = 7) -> np.ndarray:
    """A small room: a few early reflections within 40 ms and a short, seeded
    tail, as when music plays from a set in a kitchen or a bar."""
    x = to_mono(x)
    n_ir = int(0.18 * size * rate)
    ir = np.zeros(n_ir)
    for ms, g in ((0.0, 1.0), (7.0, 0.5), (13.0, 0.4), (19.0, 0.3), (29.0, 0.25), (41.0, 0.2)):
        i = int(ms * size * rate / 1000)
        if i < n_ir:
            ir[i] += g if ms == 0 else g * wet / 0.35
    rng = np.random.default_rng(seed)
    t = np.arange(n_ir) / rate
    ir += rng.standard_normal(n_ir) * np.exp(-t / (0.04 * size)) * 0.08 * wet / 0.35
    n = _fft_len(len(x) + n_ir)
    out = np.fft.irfft(np.fft.rfft(x, n) * np.fft.rfft(ir, n), n)[: len(x)]
    return out


def source(x: np.ndarray, rate: int = RATE, speaker: str = "radio", level_db: float = -10.0,
           in_room: bool = True) -> np.ndarray:
    """Music as a sound in the scene: a small speaker's narrow band (``'radio'``,
    ``'telephone'`` or ``'jukebox'``), a little overdrive, a small room's echo,
    ``level_db`` quieter, and mono (one point in space). Listen for: thin sound,
    no deep bass, no sparkle, a close echo."""
    try:
        spec = SPEAKERS[speaker]
    except KeyError:
        raise ValueError(f"unknown speaker {speaker!r}; choose one of {', '.join(SPEAKERS)}") from None
    y = to_mono(x)
    scale = float(np.max(np.abs(y))) or 1.0
    y = np.tanh(spec["drive"] * y / scale) * scale / np.tanh(spec["drive"])  # a small amplifier working hard
    y = bandpass(y, rate, spec["low"], spec["high"], spec["order"])
    if in_room:
        y = room(y, rate)
        y = bandpass(y, rate, spec["low"], spec["high"], spec["order"])  # the room's tail stays in band
    return gain_db(y, level_db)


def underscore(x: np.ndarray, width: float = 0.6) -> np.ndarray:
    """Music as score: full range, untouched in tone, spread across the stereo
    field (``width`` 0 mono, 1 widest). A mono input is split into a wide pair
    by a tiny delay on one side. Listen for: deep bass, bright highs, no room."""
    if x.ndim == 2:
        return x
    d = 11  # samples, about half a millisecond: widens without an audible echo
    right = np.concatenate([np.zeros(d), x[:-d]])
    mid = (x + right) / 2
    side = (x - right) / 2 * width
    return np.column_stack([mid + side, mid - side])


# --- fades -------------------------------------------------------------------

def _curve(n: int, shape: str) -> np.ndarray:
    u = np.linspace(0.0, 1.0, n) if n > 1 else np.ones(n)
    return np.sin(u * np.pi / 2) if shape == "equal-power" else u


def fade_in(x: np.ndarray, seconds: float, rate: int = RATE, shape: str = "linear") -> np.ndarray:
    """Rise from silence over the first ``seconds``."""
    n = min(len(x), int(round(seconds * rate)))
    y = x.copy()
    ramp = _curve(n, shape)
    y[:n] = (y[:n].T * ramp).T
    return y


def fade_out(x: np.ndarray, seconds: float, rate: int = RATE, shape: str = "linear") -> np.ndarray:
    """Fall to silence over the last ``seconds``."""
    n = min(len(x), int(round(seconds * rate)))
    y = x.copy()
    if n:
        ramp = _curve(n, shape)[::-1]
        y[len(y) - n:] = (y[len(y) - n:].T * ramp).T
    return y


def crossfade(a: np.ndarray, b: np.ndarray, seconds: float, rate: int = RATE) -> np.ndarray:
    """Play ``a`` then ``b``, overlapping by ``seconds`` with equal-power curves
    (no dip in loudness at the join)."""
    n = min(len(a), len(b), int(round(seconds * rate)))
    if a.ndim != b.ndim:
        a, b = (pan(a, 0) if a.ndim == 1 else a), (pan(b, 0) if b.ndim == 1 else b)
    out_curve = np.cos(np.linspace(0, np.pi / 2, n))
    in_curve = np.sin(np.linspace(0, np.pi / 2, n))
    joined = (a[len(a) - n:].T * out_curve + b[:n].T * in_curve).T
    return np.concatenate([a[: len(a) - n], joined, b[n:]])


def ramp(n: int, rate: int, points) -> np.ndarray:
    """A control curve through ``(seconds, value)`` points, straight in between."""
    t = np.arange(n) / rate
    times, values = zip(*points)
    return np.interp(t, times, values)


def cross_worlds(x: np.ndarray, rate: int = RATE, start: float = 2.0, end: float = 4.0,
                 into: str = "underscore", speaker: str = "radio") -> np.ndarray:
    """Move music between the scene and the score between ``start`` and ``end`` s.

    ``into='underscore'``: it begins on a ``speaker`` in the room and opens out
    into full-range, wide underscore. ``into='source'``: the reverse, the score
    narrows into a speaker in the scene. Listen for the bass and the brightness
    arriving (or leaving) and the room's echo giving way (or taking over).
    """
    if into not in ("underscore", "source"):
        raise ValueError("into must be 'underscore' or 'source'")
    wide = underscore(x)
    narrow = pan(source(x, rate, speaker=speaker), 0.0)
    n = min(len(wide), len(narrow))
    w = ramp(n, rate, [(0, 0), (start, 0), (end, 1), (n / rate, 1)])
    if into == "source":
        w = 1 - w
    w_wide, w_narrow = np.sin(w * np.pi / 2), np.cos(w * np.pi / 2)
    return (wide[:n].T * w_wide + narrow[:n].T * w_narrow).T


# --- dialogue and ducking ------------------------------------------------------

def dialogue(lines, total: float, rate: int = RATE, seed: int = 11,
             level_db: float = -14.0) -> np.ndarray:
    """A stand-in for speech: for each ``(start, end)`` line in seconds, a run
    of syllables (0.1-0.25 s each) of voice-band noise and a low buzz, so the
    ear hears 'someone talking' without words. Mono, seeded: same every run."""
    rng = np.random.default_rng(seed)
    n = int(round(total * rate))
    shape = np.zeros(n)
    pitch = np.full(n, 120.0)
    for start, end in lines:
        s = start
        while s < end - 0.08:
            length = min(rng.uniform(0.1, 0.25), end - s)
            i, j = int(s * rate), min(n, int((s + length) * rate))
            shape[i:j] = np.sin(np.linspace(0, np.pi, j - i)) ** 0.7 * rng.uniform(0.6, 1.0)
            pitch[i:j] = rng.uniform(105, 150)
            s += length + rng.uniform(0.02, 0.07)
    buzz_phase = 2 * np.pi * np.cumsum(pitch) / rate
    buzz = sum(np.sin(k * buzz_phase) / k for k in range(1, 26))
    noise = rng.standard_normal(n)
    voice = bandpass(0.6 * buzz / 3 + 0.5 * noise, rate, 300.0, 3000.0, order=8)
    voice *= shape
    rms = np.sqrt(np.mean(voice[shape > 0] ** 2)) if np.any(shape > 0) else 1.0
    return voice / rms * 10 ** (level_db / 20)


def moving_average(x: np.ndarray, k: int) -> np.ndarray:
    """Centred running mean over ``k`` samples (ends padded with the edge values)."""
    k = max(1, int(k))
    padded = np.concatenate([np.full(k // 2, x[0]), x, np.full(k - 1 - k // 2, x[-1])])
    c = np.cumsum(np.concatenate([[0.0], padded]))
    return (c[k:] - c[:-k]) / k


def speech_activity(voice: np.ndarray, rate: int = RATE, window: float = 0.05,
                    hang: float = 0.25, threshold_db: float = -40.0) -> np.ndarray:
    """1.0 where someone is speaking, 0.0 elsewhere: the voice's level over
    ``window`` s above ``threshold_db``, held through gaps shorter than
    ``hang`` s (the pauses between words inside one line)."""
    v = to_mono(voice)
    w = max(1, int(window * rate))
    level = np.sqrt(moving_average(v ** 2, w))
    active = (20 * np.log10(np.maximum(level, 1e-12)) > threshold_db).astype(float)
    h = max(1, int(hang * rate))
    held = moving_average(active, h) > 0  # bridge short pauses
    return held.astype(float)


def duck(music: np.ndarray, voice: np.ndarray, rate: int = RATE, depth_db: float = 12.0,
         ramp_s: float = 0.2) -> np.ndarray:
    """Lower ``music`` by ``depth_db`` wherever ``voice`` speaks, gliding down
    and back up over ``ramp_s`` s, as a mixer rides the music under dialogue.
    The glide is centred on each line's edges, so the music starts to dip
    just before the first word (a finished film's mix can look ahead)."""
    n = len(music)
    active = speech_activity(voice, rate)
    active = np.pad(active, (0, max(0, n - len(active))))[:n]
    k = max(1, int(ramp_s * rate))
    smooth = moving_average(active, k)
    gain = 10 ** (-depth_db * smooth / 20)
    return (music.T * gain).T


def music_gain_db(ducked: np.ndarray, original: np.ndarray, rate: int = RATE,
                  window: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """How far the ducked music sits below the original, in dB, window by window:
    returns (times in s, gain in dB). Used for the ducking picture and tests."""
    a, b = to_mono(ducked), to_mono(original)
    w = int(window * rate)
    m = min(len(a), len(b)) // w
    ea = np.sqrt((a[: m * w].reshape(m, w) ** 2).mean(axis=1))
    eb = np.sqrt((b[: m * w].reshape(m, w) ** 2).mean(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        g = 20 * np.log10(np.where(eb > 0, ea / eb, 1.0))
    return (np.arange(m) + 0.5) * window, g


__all__ = ["SPEAKERS", "bandpass", "gain_db", "room", "source", "underscore", "fade_in",
           "fade_out", "crossfade", "ramp", "cross_worlds", "dialogue", "speech_activity",
           "duck", "music_gain_db", "mix"]
