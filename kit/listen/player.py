"""Play a clip or a demonstration in a notebook (the only module that imports IPython).

Audio is passed as numpy samples with ``normalize=False``, so what is heard
is exactly what was measured: a quiet radio stays quiet. Lesson 3, *Hearing the difference*.
"""

from __future__ import annotations

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
