"""Music in storytelling: a teaching kit on film and TV score and soundtrack.

The one-line loaders come first::

    import kit
    cues = kit.load_cues()

Charts and widgets are imported only when asked for, so ``import kit`` stays
as light as pandas itself (matplotlib and ipywidgets load on first use).
"""

from __future__ import annotations

import importlib

from kit.errors import CueDataError, Problem
from kit.loading import data_dir, load_cues, load_works

__version__ = "0.2.0"

# Public names provided by modules that pull in matplotlib or ipywidgets.
# They are resolved on first access (PEP 562) to keep ``import kit`` fast.
_LAZY = {
    "quiz": "kit.quiz_widget",
    "export_answers": "kit.answers",
    "load_answers": "kit.answers",
    "class_summary": "kit.classroom",
    "hand_in": "kit.classroom",
    "hand_in_button": "kit.classroom.button",
    "gradebook": "kit.classroom",
    "nbgitpuller_link": "kit.classroom",
    "workspace": "kit.classroom",
    "plot_confusion": "kit.charts",
    "plot_share": "kit.charts",
    "plot_share_grid": "kit.charts",
    "plot_heatmap": "kit.charts",
    "plot_music_age": "kit.charts",
    "describe_chart": "kit.charts",
    "share_table": "kit.shares",
    "check_answer": "kit.grading",
    "validate_files": "kit.loading",
    "check_exercise": "kit.exercises",
}

__all__ = [
    "CueDataError",
    "Problem",
    "data_dir",
    "load_cues",
    "load_works",
    "listen",
    *_LAZY,
]


#: Subpackages loaded on first use: ``kit.listen`` (the listening lab) pulls in numpy synthesis.
_SUBPACKAGES = {"listen": "kit.listen"}


def __getattr__(name: str):
    if name in _SUBPACKAGES:
        value = importlib.import_module(_SUBPACKAGES[name])
        globals()[name] = value
        return value
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kit' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_SUBPACKAGES))
