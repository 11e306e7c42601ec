"""Settings for the whole test run (package tests, notebooks, browser).

Quiz answers written while notebooks run go to a temporary folder, never
into the repository, and the time each notebook takes is printed at the end.
"""

from __future__ import annotations

import fnmatch
import os
import tempfile
from collections import defaultdict
from pathlib import Path

_ANSWERS = tempfile.mkdtemp(prefix="kit-answers-")
os.environ.setdefault("KIT_ANSWERS_DIR", _ANSWERS)
os.environ.setdefault("MPLBACKEND", "Agg")

try:  # property tests: a long run for `make test`, a short one for `make quick`
    from hypothesis import HealthCheck, settings

    _SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
    settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_SLOW_OK)
    settings.register_profile("quick", max_examples=60, deadline=None, suppress_health_check=_SLOW_OK)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "long"))
except ImportError:  # hypothesis is a test dependency; without it those tests are not collected
    pass

_NOTEBOOK_SECONDS: dict[str, float] = defaultdict(float)


def pytest_ignore_collect(collection_path, config):
    """nbval runs the lessons and the teachers' dashboard, not a scratch notebook
    (Untitled.ipynb) that someone left in notebooks/ or lessons/masters/."""
    path = Path(collection_path)
    if path.suffix == ".ipynb" and path.parent.name in ("notebooks", "masters"):
        if not fnmatch.fnmatch(path.name, "[0-9][0-9]-*.ipynb") and path.name != "teacher-dashboard.ipynb":
            return True
    return None


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _NOTEBOOK_SECONDS[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _NOTEBOOK_SECONDS:
        return
    terminalreporter.section("time per notebook (nbval, headless)")
    for path, seconds in sorted(_NOTEBOOK_SECONDS.items()):
        terminalreporter.write_line(f"{seconds:6.1f} s  {path}")
