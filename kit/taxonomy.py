"""The three axes and the names of their cells (pure logic, no I/O).

``cue_type`` names the four cells of provenance x form; the seed's binary
(score versus soundtrack) is a projection of it. Used in lessons 1 and 2.
"""

from __future__ import annotations

CUE_TYPES = (
    "original score",
    "original song",
    "pre-existing song",
    "pre-existing instrumental",
)

#: provenance x form -> cue_type; the loader derives cue_type from it.
CELLS = {
    ("original", "instrumental"): "original score",
    ("original", "song"): "original song",
    ("pre-existing", "song"): "pre-existing song",
    ("pre-existing", "instrumental"): "pre-existing instrumental",
}

#: The seed's two-way view: only two of the four cells fit it.
BINARY = {
    "original score": "score",
    "pre-existing song": "soundtrack",
    "original song": "neither",
    "pre-existing instrumental": "neither",
}
BINARY_LABELS = ("score", "soundtrack", "neither")


def cue_type(provenance: str, form: str) -> str:
    """Name the cell of a cue, e.g. ``cue_type('original', 'song')``."""
    try:
        return CELLS[(provenance, form)]
    except KeyError:
        raise ValueError(f"no cue type for provenance={provenance!r}, form={form!r}") from None


def binary_label(cue_type_name: str) -> str:
    """Score, soundtrack or neither: where the seed's binary puts a cue type."""
    return BINARY[cue_type_name]
