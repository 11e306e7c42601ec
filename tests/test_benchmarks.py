"""The benchmark suite still runs and prints every figure (never judged on speed here).

``benchmarks/run.py --quick`` uses few repeats and small inputs; its numbers
are meaningless on a busy CI machine, so this test only checks that each
figure was measured, never what it measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The start of the table line of every figure run.py reports.
FIGURES = [
    "import kit vs import pandas",
    "kit.load_cues() vs read_csv of both files",
    "load + validate ",
    "peak memory, load ",
    "QuizSession.answer: check and save one answer",
    "kit.class_summary over ",
]


@pytest.mark.slow
def test_quick_benchmark_prints_every_figure(tmp_path):
    env = dict(os.environ, KIT_ANSWERS_DIR=str(tmp_path / "answers"), MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("figure"))
    table = lines[header + 2:]
    for figure in FIGURES:
        rows = [line for line in table if line.startswith(figure)]
        assert rows, f"no line for {figure!r} in:\n{out.stdout}"
        # measured, with a target and a verdict
        assert any(word in rows[0] for word in ("meets target", "misses target", "reported")), rows[0]
    # the notebooks: a time per notebook, or a message saying there are none yet
    notebook_rows = [line for line in table if line.startswith(("notebook ", "lesson notebooks"))]
    assert notebook_rows, out.stdout
    if not list((ROOT / "notebooks").glob("*.ipynb")):
        assert "skipped" in notebook_rows[0]
    else:
        assert any(word in notebook_rows[0] for word in ("meets target", "misses target"))
    assert "not measured" not in out.stdout and "ERROR" not in out.stdout
