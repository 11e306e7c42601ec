"""Measure what a clip does: band energies, level over time, onsets, pitch.

Pure numpy. The pictures draw these numbers, the text descriptions quote
them, and the tests check them, so what a student is told to listen for is
what the sound really does. Used in lesson 3, *Hearing the difference*.
"""

from __future__ import annotations

import numpy as np

from kit.listen.synth import RATE, to_mono

#: The band a small speaker keeps; outside it lie the 'lows' and 'highs'.
LOW_EDGE = 300.0
HIGH_EDGE = 3500.0


def power_spectrum(x: np.ndarray, rate: int = RATE) -> tuple[np.ndarray, np.ndarray]:
    """Frequencies (Hz) and power of the whole clip (one FFT, Hann window)."""
    y = to_mono(x)
    spec = np.abs(np.fft.rfft(y * np.hanning(len(y)))) ** 2
    return np.fft.rfftfreq(len(y), 1 / rate), spec


def band_energy(x: np.ndarray, rate: int = RATE, low: float = 0.0, high: float | None = None) -> float:
    """Share-free energy of ``x`` between ``low`` and ``high`` Hz."""
    f, p = power_spectrum(x, rate)
    high = rate / 2 if high is None else high
    return float(p[(f >= low) & (f < high)].sum())


def _db(a: float, b: float) -> float:
    return 10 * np.log10(max(a, 1e-30) / max(b, 1e-30))


def bands(x: np.ndarray, rate: int = RATE, low: float = LOW_EDGE, high: float = HIGH_EDGE) -> dict:
    """Energy below ``low`` Hz ('lows') and above ``high`` Hz ('highs'), each in
    dB relative to the energy in between ('mids'). A radio's version has much
    lower numbers than the underscore's: its lows and highs are gone."""
    f, p = power_spectrum(x, rate)
    mids = p[(f >= low) & (f < high)].sum()
    return {"lows_db": _db(p[f < low].sum(), mids), "highs_db": _db(p[f >= high].sum(), mids)}


def level_db(x: np.ndarray, rate: int = RATE, window: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """RMS level in dBFS, window by window: (times in s, levels)."""
    y = to_mono(x)
    w = max(1, int(window * rate))
    m = len(y) // w
    rms = np.sqrt((y[: m * w].reshape(m, w) ** 2).mean(axis=1))
    return (np.arange(m) + 0.5) * window, 20 * np.log10(np.maximum(rms, 1e-9))


def spectrogram(x: np.ndarray, rate: int = RATE, n_fft: int = 1024,
                hop: int = 256) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Short-time spectrum: (times s, frequencies Hz, power dB [freq, time])."""
    y = to_mono(x)
    if len(y) < n_fft:
        y = np.pad(y, (0, n_fft - len(y)))
    frames = 1 + (len(y) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    spec = np.abs(np.fft.rfft(y[idx] * np.hanning(n_fft), axis=1)) ** 2
    t = (np.arange(frames) * hop + n_fft / 2) / rate
    return t, np.fft.rfftfreq(n_fft, 1 / rate), 10 * np.log10(spec.T + 1e-12)


def band_share_over_time(x: np.ndarray, rate: int = RATE, window: float = 0.5,
                         low: float = LOW_EDGE, high: float = HIGH_EDGE) -> tuple[np.ndarray, np.ndarray]:
    """Energy outside ``low``-``high`` Hz relative to inside, in dB, window by
    window: rises as music opens out from a small speaker into underscore."""
    y = to_mono(x)
    w = int(window * rate)
    m = len(y) // w
    out = []
    for i in range(m):
        b = bands(y[i * w:(i + 1) * w], rate, low, high)
        out.append(10 * np.log10(10 ** (b["lows_db"] / 10) + 10 ** (b["highs_db"] / 10)))
    return (np.arange(m) + 0.5) * window, np.array(out)


def onset_strength(x: np.ndarray, rate: int = RATE, hop: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """How sharply the level jumps, every ``hop`` s (0 where it falls): the
    peaks are where notes or hits begin."""
    y = to_mono(x)
    w = max(1, int(hop * rate))
    m = len(y) // w
    energy = np.sqrt((y[: m * w].reshape(m, w) ** 2).mean(axis=1))
    rise = np.maximum(np.diff(np.log(energy + 1e-4), prepend=np.log(1e-4)), 0.0)
    return np.arange(m) * hop, rise


def pitch_hz(segment: np.ndarray, rate: int = RATE, lowest: float = 50.0, highest: float = 1500.0) -> float:
    """Fundamental frequency of a steady stretch of one note (autocorrelation)."""
    y = to_mono(segment) - np.mean(segment)
    n = len(y)
    corr = np.fft.irfft(np.abs(np.fft.rfft(y, 2 * n)) ** 2)[:n]
    lo, hi = int(rate / highest), min(n - 2, int(rate / lowest))
    lag = lo + int(np.argmax(corr[lo:hi]))
    # Prefer the shortest lag that is nearly as strong (avoids octave-low errors).
    for div in (4, 3, 2):
        cand = int(round(lag / div))
        if cand >= lo and corr[cand] > 0.9 * corr[lag]:
            lag = cand
            break
    a, b, c = corr[lag - 1], corr[lag], corr[lag + 1]
    shift = 0.5 * (a - c) / (a - 2 * b + c) if (a - 2 * b + c) != 0 else 0.0
    return rate / (lag + shift)


def semitones(f1: float, f2: float) -> float:
    """Interval from ``f1`` to ``f2`` in semitones (12 an octave)."""
    return 12 * np.log2(f2 / f1)
