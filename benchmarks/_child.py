"""Measurements that need a fresh interpreter; run by ``benchmarks/run.py``.

    python _child.py import MODULE            seconds to import MODULE
    python _child.py peak load CUES WORKS     peak memory of kit.load_cues
    python _child.py peak read_csv CUES WORKS peak memory of pandas.read_csv (both files)

Each prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import sys
import time


def _import(module: str) -> dict:
    start = time.perf_counter()
    __import__(module)
    seconds = time.perf_counter() - start
    heavy = sorted(m for m in ("matplotlib", "ipywidgets", "IPython") if m in sys.modules)
    return {"seconds": seconds, "heavy_modules": heavy}


def _high_water_rss() -> int:
    """Peak resident memory of this process in bytes.

    On Linux VmHWM from /proc (it belongs to this program only; getrusage's
    ru_maxrss also counts the parent's memory inherited through fork).
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # KiB on Linux, bytes on macOS


def _peak(mode: str, cues: str, works: str) -> dict:
    import tracemalloc

    import pandas as pd

    import kit

    if mode == "load":
        def run():
            return kit.load_cues(cues, works=works)
    elif mode == "read_csv":
        def run():
            return pd.read_csv(cues), pd.read_csv(works)
    else:
        raise SystemExit(f"unknown mode {mode!r}")

    rss_before = _high_water_rss()  # after the imports
    tracemalloc.start()
    result = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = _high_water_rss()
    rows = len(result) if mode == "load" else len(result[0])
    return {"tracemalloc_peak": peak, "rss_before": rss_before, "rss_peak": rss_after, "rows": rows}


def main(argv: list[str]) -> None:
    if argv[:1] == ["import"] and len(argv) == 2:
        out = _import(argv[1])
    elif argv[:1] == ["peak"] and len(argv) == 4:
        out = _peak(*argv[1:])
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
