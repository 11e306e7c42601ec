"""Play a clip or a demonstration in a notebook (the only module that imports IPython).

Audio is passed as numpy samples with ``normalize=False``, so what is heard
is exactly what was measured: a quiet radio stays quiet. Lesson 3, *Hearing the difference*.
"""

from __future__ import annotations

import html

import numpy as np
from IPython.display import Audio


def play(sound, rate: int | None = None) -> Audio:
    """An audio player for a :class:`~kit.listen.demos.Clip`, a
    :class:`~kit.listen.demos.Demo` (its clips one after another) or plain
    samples (then give ``rate``)."""
    if hasattr(sound, "samples"):
        samples, rate = sound.samples, sound.rate
    else:
        samples = np.asarray(sound, dtype=float)
        if rate is None:
            raise ValueError("give the sample rate, e.g. play(samples, rate=16000)")
    data = samples.T if samples.ndim == 2 else samples  # IPython wants (channels, samples)
    return Audio(np.clip(data, -1.0, 1.0), rate=rate, normalize=False)


class Players:
    """Every clip of a demonstration, each with its own labelled player and,
    under it, what to listen for in words (the clip's text alternative)."""

    def __init__(self, demo):
        self.demo = demo

    def _repr_html_(self) -> str:
        d, parts = self.demo, []
        n = len(self.demo.clips)
        for i, clip in enumerate(d.clips, 1):
            name = f"Demonstration {d.number}, clip {i} of {n}: {clip.title}"
            src = play(clip).src_attr()
            parts.append(
                "<div class='kit-listen-clip' style='margin:0.5em 0'>"
                f"<p style='margin:0'><strong>Clip {i} of {n}: {html.escape(clip.title)}</strong> "
                f"({clip.seconds:.1f} s, {'stereo' if clip.channels == 2 else 'mono'})</p>"
                f"<audio controls preload='metadata' aria-label='{html.escape(name, quote=True)}' "
                f"src='{src}'>Your browser cannot play this clip; read the description below.</audio>"
                f"<p style='margin:0.2em 0'><em>Listen for:</em> {html.escape(clip.description)}</p></div>")
        return "".join(parts)

    def __repr__(self) -> str:
        return self.demo.text()


def players(demo) -> Players:
    """One player per clip of ``demo``, each titled and followed by what to
    listen for. In a notebook, make it the last line of a cell."""
    return Players(demo)
