"""Pictures of the listening demonstrations: what changed in the sound.

Same rules as the kit's other charts (kit/charts.py): Okabe-Ito colour-blind-
safe colours, labelled axes and a title, never ``plt.show()``, and a text
alternative stored on the Axes, read with :func:`describe_chart`. The sound
modules never import this one. Used in lesson 3, *Hearing the difference*.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from kit.charts import describe_chart
from kit.listen.measure import (HIGH_EDGE, LOW_EDGE, band_share_over_time, bands, onset_strength,
                                power_spectrum, spectrogram)

#: Okabe & Ito (2008) colours, as in kit.charts.
OKABE_ITO = {"blue": "#0072B2", "sky": "#56B4E9", "vermillion": "#D55E00", "orange": "#E69F00",
             "green": "#009E73", "yellow": "#F0E442", "purple": "#CC79A7", "grey": "#999999", "black": "#000000"}
#: One colour per kind of sound, the same in every picture.
ROLE = {"underscore": OKABE_ITO["blue"], "source": OKABE_ITO["vermillion"], "dialogue": OKABE_ITO["green"],
        "event": OKABE_ITO["black"], "mood": OKABE_ITO["sky"], "hits": OKABE_ITO["vermillion"]}
VARIANT_COLOURS = {"heroic": OKABE_ITO["orange"], "tender": OKABE_ITO["sky"], "menacing": OKABE_ITO["purple"]}

__all__ = ["plot_clip", "plot_demo", "describe_chart", "OKABE_ITO"]


def _say(ax, text: str):
    ax.kit_description = text
    return ax


def _tidy(ax):
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _band(ax, vertical=True):
    """Shade the band a small speaker keeps (300-3500 Hz)."""
    if vertical:
        ax.axvspan(LOW_EDGE, HIGH_EDGE, color=OKABE_ITO["grey"], alpha=0.15, lw=0,
                   label="band a small speaker keeps")
    else:
        ax.axhspan(LOW_EDGE, HIGH_EDGE, color="white", alpha=0.0, lw=0)
        for y in (LOW_EDGE, HIGH_EDGE):
            ax.axhline(y, color="white", lw=0.8, ls="--")


def _smoothed_spectrum_db(x, rate, points=160):
    f, p = power_spectrum(x, rate)
    edges = np.geomspace(30, rate / 2, points + 1)
    idx = np.digitize(f, edges) - 1
    sums = np.bincount(idx[(idx >= 0) & (idx < points)], weights=p[(idx >= 0) & (idx < points)], minlength=points)
    counts = np.bincount(idx[(idx >= 0) & (idx < points)], minlength=points)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    centres = np.sqrt(edges[:-1] * edges[1:])
    db = 10 * np.log10(mean / np.nanmax(mean))
    return centres, db


def plot_clip(clip, ax=None, kind: str = "spectrogram"):
    """One clip as a ``'spectrogram'`` (time, frequency, loudness as shade),
    ``'waveform'`` or ``'spectrum'`` (loudness by frequency). Returns the Axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.5))
    x, rate = clip.samples, clip.rate
    if kind == "spectrogram":
        # 32 ms steps and shades in 5 dB steps: all a reader needs, and a picture a third the size
        t, f, s = spectrogram(x, rate, n_fft=1024, hop=512)
        shade = np.round(np.clip(s - s.max(), -80, 0) / 5) * 5
        ax.pcolormesh(t, f / 1000, shade, cmap="cividis", shading="auto")
        for y in (LOW_EDGE, HIGH_EDGE):
            ax.axhline(y / 1000, color="white", lw=0.8, ls="--")
        ax.set_ylim(0, 8)
        ax.set_ylabel("Frequency (kHz)")
        b = bands(x, rate)
        text = (f"Spectrogram of '{clip.title}' ({clip.seconds:.1f} s): time across, pitch up, brighter shade "
                f"for louder. Dashed lines mark 300 Hz and 3.5 kHz. Energy below 300 Hz is {b['lows_db']:.0f} dB "
                f"and above 3.5 kHz {b['highs_db']:.0f} dB relative to the band between.")
    elif kind == "waveform":
        y = x.mean(axis=1) if x.ndim == 2 else x
        # drawn as its outline, highest and lowest sample every 10 ms: the same shape, a lighter picture
        w = max(1, int(0.01 * rate))
        m = len(y) // w
        blocks = y[: m * w].reshape(m, w)
        t = (np.arange(m) + 0.5) * w / rate
        ax.fill_between(t, blocks.min(axis=1), blocks.max(axis=1), color=ROLE["underscore"], lw=0)
        ax.set_ylim(-1, 1)
        ax.set_ylabel("Amplitude (full scale = 1)")
        text = (f"Waveform of '{clip.title}' ({clip.seconds:.1f} s): the height of the trace is the loudness; "
                f"its peak is {20 * np.log10(np.max(np.abs(y)) + 1e-12):.0f} dBFS.")
    elif kind == "spectrum":
        f, db = _smoothed_spectrum_db(x, rate)
        ax.semilogx(f, db, color=ROLE["underscore"])
        _band(ax)
        ax.set_xlabel("Frequency (Hz, log scale)")
        ax.set_ylabel("Level (dB below the loudest)")
        text = f"Spectrum of '{clip.title}': loudness at each frequency across the whole clip."
    else:
        raise ValueError("kind must be 'spectrogram', 'waveform' or 'spectrum'")
    if kind != "spectrum":
        ax.set_xlabel("Time (s)")
    if kind != "spectrum":
        for sec, _ in clip.marks:
            ax.axvline(sec, color=OKABE_ITO["orange"], lw=0.8)
    ax.set_title(clip.title)
    return _say(_tidy(ax), text + " " + clip.description)


# --- one picture per kind of demonstration --------------------------------------

def _spectra(demo):
    fig, ax = plt.subplots(figsize=(9, 4.5))
    colours = [ROLE["underscore"], ROLE["source"]]
    styles = ["-", "--"]
    parts = []
    for clip, c, ls in zip(demo.clips, colours, styles):
        f, db = _smoothed_spectrum_db(clip.samples, clip.rate)
        ax.semilogx(f, db, color=c, ls=ls, label=clip.title)
        b = bands(clip.samples, clip.rate)
        parts.append(f"{clip.title}: below 300 Hz {b['lows_db']:.0f} dB, above 3.5 kHz {b['highs_db']:.0f} dB "
                     "relative to the band between")
    _band(ax)
    ax.set_xlim(30, demo.rate / 2)
    ax.set_ylim(-100, 5)
    ax.set_xlabel("Frequency (Hz, log scale)")
    ax.set_ylabel("Level (dB below the loudest)")
    ax.set_title(f"{demo.title}: the radio loses its lows and highs")
    ax.legend(frameon=False, loc="lower left")
    return _say(_tidy(ax), "Line chart of loudness against frequency for both versions; the grey band is "
                "300 Hz to 3.5 kHz, what a small speaker keeps. The dashed radio line drops steeply outside it "
                "while the solid underscore line carries on. " + "; ".join(parts) + ".")


def _spectrograms(demo):
    fig, axes = plt.subplots(len(demo.clips), 1, figsize=(9, 2.7 * len(demo.clips)),
                             sharex=True, gridspec_kw={"hspace": 0.5})
    texts = []
    for ax, clip in zip(axes, demo.clips):
        plot_clip(clip, ax=ax)
        t, share = band_share_over_time(clip.samples, clip.rate, window=1.0)
        texts.append(f"{clip.title}: energy outside the speaker band, second by second, "
                     + ", ".join(f"{v:.0f}" for v in share) + " dB.")
        for sec, label in clip.marks:
            ax.text(sec, 7.6, label, color="white", fontsize=8, ha="left", va="top")
    axes[-1].set_xlabel("Time (s)")
    fig.suptitle(f"{demo.title}: the band widens or narrows as the music crosses")
    text = ("Two spectrograms, time across and frequency up. In the first the shaded area starts between the "
            "dashed lines (300 Hz to 3.5 kHz) and spreads above and below them after the crossing; the second "
            "does the reverse. " + " ".join(texts))
    for ax in axes:
        _say(ax, text)
    return axes


def _ducking(demo):
    clip = demo.clips[-1]
    from kit.listen.effects import music_gain_db
    fig, ax = plt.subplots(figsize=(9, 4))
    t, g = music_gain_db(clip.stems["music_ducked"], clip.stems["music"], clip.rate)
    for i, (a, b) in enumerate(demo.figure["lines"]):
        ax.axvspan(a, b, color=ROLE["dialogue"], alpha=0.2, lw=0, label="someone speaks" if i == 0 else None)
    ax.plot(t, g, color=ROLE["underscore"], lw=2, label="music level")
    ax.set_ylim(-15, 2)
    ax.set_xlabel("Time (s)")
    ax.set_ylabel("Music level change (dB)")
    ax.set_title(f"{demo.title}: the music dips while someone speaks")
    ax.legend(frameon=False, loc="lower right")
    inside = [g[(t > a + 0.3) & (t < b - 0.3)].mean() for a, b in demo.figure["lines"]]
    text = ("Line chart of how far the music is lowered, over time; green bands mark the two lines of speech. "
            "The line sits at 0 dB between lines and drops to about "
            + " and ".join(f"{v:.0f} dB" for v in inside) + " during them, gliding down just before each line "
            "and back up just after it.")
    return _say(_tidy(ax), text)


def _timeline(demo):
    events = demo.figure["events"]
    fig, axes = plt.subplots(len(demo.clips), 1, figsize=(9, 2.8 * len(demo.clips)),
                             sharex=True, sharey=True, gridspec_kw={"hspace": 0.5})
    for ax, clip, colour in zip(axes, demo.clips, (ROLE["hits"], ROLE["mood"])):
        t, s = onset_strength(clip.samples, clip.rate)
        ax.plot(t, s, color=colour, lw=1)
        for sec, label in events:
            ax.axvline(sec, color=ROLE["event"], lw=0.8, ls=":")
        ax.set_ylabel("Onset strength")
        ax.set_title(clip.title, fontsize=10)
        _tidy(ax)
    seen = set()
    for sec, label in events:
        if label not in seen:
            axes[0].text(sec, axes[0].get_ylim()[1] * 0.95, label, rotation=90, fontsize=7, va="top", ha="right")
            seen.add(label)
    axes[-1].set_xlabel("Time (s); dotted lines are actions on screen")
    fig.suptitle(f"{demo.title}: do the notes land on the actions?")
    text = ("Two timelines of where new sounds begin (onset strength), with dotted lines at the on-screen actions: "
            + "; ".join(f"{label} at {sec:.1f} s" for sec, label in events) + ". In the first, a sharp peak "
            "sits on every dotted line; in the second, the pad's onsets are low and ignore the actions.")
    for ax in axes:
        _say(ax, text)
    return axes


def _piano_roll(demo):
    variants = demo.figure["variants"]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    lines = []
    for name, v in variants.items():
        beat = 60 / v["bpm"]
        for on, pitch, beats in zip(v["onsets"], v["pitches"], v["beats"]):
            ax.broken_barh([(on, beats * beat * 0.92)], (pitch - 0.4, 0.8), color=VARIANT_COLOURS[name])
        ax.text(v["onsets"][-1] + v["beats"][-1] * beat + 0.1, v["pitches"][-1], name, va="center", fontsize=9)
        lines.append(f"{name}: {v['mode']}, {v['bpm']} beats a minute, {v['timbre']}, notes from MIDI "
                     f"{min(v['pitches'])} to {max(v['pitches'])}, {sum(v['beats']) * beat:.1f} s long")
    ax.set_xlabel("Time (s)")
    ax.set_ylabel("Pitch (MIDI note number; 60 is middle C)")
    ax.set_title(f"{demo.title}: one shape, three characters")
    return _say(_tidy(ax), "Piano-roll chart: each bar is a note, placed by time and pitch. The three versions "
                "share one contour; the menacing one sits lowest and stretches longest, the tender one highest. "
                + "; ".join(lines) + ".")


def _waveforms(demo):
    fig, axes = plt.subplots(len(demo.clips), 1, figsize=(9, 2.8 * len(demo.clips)),
                             sharex=True, gridspec_kw={"hspace": 0.5})
    for ax, clip in zip(axes, demo.clips):
        plot_clip(clip, ax=ax, kind="waveform")
        for sec, label in clip.marks:
            ax.text(sec, 0.95, label, rotation=90, fontsize=7, va="top", ha="right")
    axes[-1].axvline(demo.figure["scene"], color=OKABE_ITO["vermillion"], lw=1.5)
    fig.suptitle(f"{demo.title}: concert form and cut to fit")
    text = (f"Two waveforms, time across. The concert form runs {demo.clips[0].seconds:.1f} s with a low "
            f"pedal alone before the brass; the cut version starts with the brass, is spliced where marked and fades "
            f"to silence at the scene cut, {demo.figure['scene']:.1f} s.")
    for ax in axes:
        _say(ax, text)
    return axes


_KINDS = {"spectra": _spectra, "spectrograms": _spectrograms, "ducking": _ducking, "timeline": _timeline,
          "piano-roll": _piano_roll, "waveforms": _waveforms}


def plot_demo(demo):
    """The picture of a demonstration: Axes (or an array of them), each with
    a text alternative read by :func:`describe_chart`."""
    drawn = _KINDS[demo.figure["kind"]](demo)
    # 80 dots an inch: sharp enough on screen, and a lesson with six pictures stays small
    np.ravel(drawn)[0].figure.set_dpi(80)
    return drawn
