#!/usr/bin/env python
"""Figures of the listening lab (kit.listen): time to make every demonstration
and the size of their embedded audio.

    python benchmarks/listen.py

Prints the time to build all six demonstrations from scratch (target: under
2 s), the time for the eight ear-quiz clips, and the bytes of every clip as
16-bit WAV at the lab's rate, 16000 Hz (what an executed lesson embeds as base64, which adds
a third).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kit.listen.demos import BUILDERS  # noqa: E402
from kit.listen.ear import BANK, ear_clip  # noqa: E402
from kit.listen.synth import RATE  # noqa: E402


def build_all():
    return [build() for build in BUILDERS.values()]


def main(runs: int = 5) -> int:
    build_all()  # warm-up: waveform tables and imports, as in a notebook after the first cell
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        made = build_all()
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    ear = [ear_clip(e.id) for e in BANK]
    ear_time = time.perf_counter() - t
    total = 0
    print(f"{'clip':48} {'s':>5} {'ch':>3} {'WAV bytes':>10}")
    for d in made:
        for c in d.clips:
            n = len(c.wav())
            total += n
            print(f"{d.number} {d.key + '/' + c.key:46} {c.seconds:5.1f} {c.channels:3d} {n:10,d}")
    ear_bytes = sum(len(c.wav()) for c in ear)
    median = statistics.median(times)
    print()
    print(f"all six demonstrations: median {median:.2f} s over {runs} runs (min {min(times):.2f} s); "
          f"target under 2 s: {'met' if median < 2 else 'MISSED'}")
    print(f"demonstration audio as 16-bit WAV at {RATE} Hz: {total / 1e6:.2f} MB "
          f"(about {total * 4 / 3 / 1e6:.2f} MB as base64 in a notebook)")
    print(f"ear-quiz bank: {len(ear)} clips in {ear_time:.2f} s, {ear_bytes / 1e6:.2f} MB as WAV")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
