"""Inter-coder agreement: percentage and Cohen's kappa per axis.

Pure Python. The datasheet's "Second coding" table is computed with it from
``data/second-coding.csv``; instructors can use it to compare two students'
cue sheets of the same film (lesson 7).
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence


def percent_agreement(a: Sequence, b: Sequence) -> float:
    """Share of items on which two coders gave the same value."""
    if len(a) != len(b) or not a:
        raise ValueError("two non-empty codings of the same items are needed")
    return sum(x == y for x, y in zip(a, b)) / len(a)


def cohens_kappa(a: Sequence, b: Sequence) -> float:
    """Cohen's kappa: agreement corrected for what chance alone would give.

    1 is perfect agreement, 0 is chance level. Returns 1.0 when both coders
    used a single identical value throughout (chance agreement is then 1).
    """
    p_o = percent_agreement(a, b)
    n = len(a)
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if p_e == 1:
        return 1.0
    return (p_o - p_e) / (1 - p_e)
