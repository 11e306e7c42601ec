#!/usr/bin/env python
"""Figures of the listening lab (kit.listen): time to make every demonstration,
the size of their embedded audio, and lesson 3 run headless.

    python benchmarks/listen.py            # everything
    python benchmarks/listen.py --no-lesson

Prints the time to build all six demonstrations from scratch (target: under
2 s), the time for the eight ear-quiz clips, the bytes of every clip as
16-bit WAV at the lab's rate (an executed lesson embeds them as base64, which
adds a third), and lesson 3 (``notebooks/03-hearing-the-difference.ipynb``)
run start to finish in a fresh kernel (target: under 20 s), with the size of
the executed notebook as nbclient saves it, widget state included (aim:
under 4 MB).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kit.listen.demos import BUILDERS  # noqa: E402
from kit.listen.ear import BANK, ear_clip  # noqa: E402
from kit.listen.synth import RATE  # noqa: E402

LESSON = ROOT / "notebooks" / "03-hearing-the-difference.ipynb"


def build_all():
    return [build() for build in BUILDERS.values()]


def run_lesson(path: Path = LESSON) -> tuple[float, int, int, float]:
    """Run a lesson headless in a fresh kernel: (seconds, bytes of the executed
    notebook, bytes of its widget state, the kernel's own CPU seconds). On a
    busy machine the wall-clock time grows with the load; the CPU time is what
    the lesson itself costs."""
    import nbformat
    import psutil  # comes with ipykernel
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = {k: os.environ.get(k) for k in ("KIT_ANSWERS_DIR", "MPLBACKEND")}
    os.environ["KIT_ANSWERS_DIR"] = tempfile.mkdtemp(prefix="kit-bench-answers-")  # never the repository's
    os.environ.pop("MPLBACKEND", None)  # the kernel's inline backend, so the pictures are in the notebook
    try:
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        with client.setup_kernel():
            for i, cell in enumerate(nb.cells):
                client.execute_cell(cell, i)
            used = psutil.Process(client.km.provisioner.process.pid).cpu_times()
        seconds = time.perf_counter() - start
        cpu = used.user + used.system
    finally:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    client.set_widgets_metadata()
    return seconds, len(nbformat.writes(nb).encode()), len(json.dumps(nb.metadata.get("widgets", {}))), cpu


def main(runs: int = 5, lesson: bool = True) -> int:
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
    if lesson:
        seconds, size, widgets, cpu = run_lesson()
        print(f"lesson 3 run headless (kernel start included): {seconds:.1f} s, of which the kernel's own CPU "
              f"{cpu:.1f} s (load average {os.getloadavg()[0]:.1f}); target under 20 s: "
              f"{'met' if seconds < 20 else 'MISSED'}")
        print(f"executed lesson 3: {size / 1e6:.2f} MB, of which widget state {widgets / 1e6:.2f} MB; "
              f"aim under 4 MB: {'met' if size < 4e6 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(lesson="--no-lesson" not in sys.argv[1:]))
