"""kit.listen: a listening lab made of numpy-synthesised sound.

No recordings and no network: every sound is made here, from public-domain
melodies (see ``sources()``) and the kit's own motifs, the same bytes every
run. The sound modules use numpy only; pictures (matplotlib) and players
(IPython) load on first use::

    from kit import listen
    d = listen.demo("two-worlds")     # or listen.demos() for all six
    listen.play(d)                    # an audio player in the notebook
    listen.players(d)                 # one titled player per clip, with what to listen for
    d.related(kit.load_cues())        # the dataset's cues it relates to
    listen.plot_demo(d)               # its picture; listen.describe_chart(ax) as text
    print(d.text())                   # what to listen for, in words
    listen.ear_quiz(level=1)          # hear clips, answer, get reasons (ipywidgets)

Modules: synth (notes, timbres, mixing), effects (source treatment, ducking,
fades, crossing), melodies (public-domain note lists), measure (what a clip
does, in numbers), demos (the six demonstrations), ear (the ear quiz logic),
charts (pictures), player (IPython audio) and ear_widget (the ear quiz widget; its module is not named ear_quiz, which would hide the function).
Used in lesson 3, *Hearing the difference*.
"""

from __future__ import annotations

import importlib

from kit.listen.demos import BUILDERS, Clip, Demo, demo, demos
from kit.listen.ear import EAR_QUESTIONS, EarBank, EarClip, EarFeedback, check_ear_answer, ear_bank, ear_clip
from kit.listen.melodies import MELODIES, Melody, melody, sources
from kit.listen.synth import RATE

_LAZY = {
    "play": "kit.listen.player",
    "players": "kit.listen.player",
    "plot_clip": "kit.listen.charts",
    "plot_demo": "kit.listen.charts",
    "describe_chart": "kit.listen.charts",
    "ear_quiz": "kit.listen.ear_widget",
}

__all__ = ["BUILDERS", "Clip", "Demo", "demo", "demos", "EAR_QUESTIONS", "EarClip", "EarFeedback",
           "check_ear_answer", "ear_bank", "ear_clip", "EarBank", "MELODIES", "Melody", "melody", "sources", "RATE",
           *_LAZY]


def __getattr__(name: str):
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kit.listen' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
