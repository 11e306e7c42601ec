#!/usr/bin/env python
"""Speed and memory figures of the kit, each against its target.

    python benchmarks/run.py            the full run (about a minute)
    python benchmarks/run.py --quick    a short run that proves the benchmarks still work
    python benchmarks/run.py --markdown also print the table as Markdown

Comparisons (kit against pandas) are measured in the same run, interleaved,
and compared by their medians, so a slow or busy machine slows both sides.
``--quick`` uses few repeats and small sizes: CI runs it only to check that
every figure can still be produced, never to pass or fail on speed. The
exit status is non-zero only when a figure could not be measured at all.
See benchmarks/RESULTS.md for the latest figures.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the kit of this clone, installed or not
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import pandas as pd  # noqa: E402

import kit  # noqa: E402
from generate import write_big_tables, write_class_folder  # noqa: E402


@dataclass
class Figure:
    name: str
    measured: str
    target: str
    ratio: str = "-"
    verdict: str = ""
    note: str = ""


@dataclass
class Config:
    quick: bool
    import_runs: int
    load_runs: int
    big_rows: int
    big_runs: int
    answer_runs: int
    class_files: int
    class_runs: int
    all_notebooks: bool


FULL = Config(quick=False, import_runs=21, load_runs=51, big_rows=100_000, big_runs=5,
              answer_runs=101, class_files=1000, class_runs=5, all_notebooks=True)
QUICK = Config(quick=True, import_runs=3, load_runs=5, big_rows=5_000, big_runs=2,
               answer_runs=5, class_files=100, class_runs=2, all_notebooks=False)


# -- helpers -------------------------------------------------------------------------
def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else _ms(seconds)


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.0f} MB"


def _verdict(ok: bool) -> str:
    return "meets target" if ok else "misses target"


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _interleaved(a, b, runs: int) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` alternately (after one warm-up of each)."""
    a(), b()
    ta, tb = [], []
    for i in range(runs):
        if i % 2:
            tb.append(_timed(b))
            ta.append(_timed(a))
        else:
            ta.append(_timed(a))
            tb.append(_timed(b))
    return ta, tb


def _child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "_child.py"), *args], env=_child_env(),
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"_child.py {' '.join(args)} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the figures ------------------------------------------------------------------------
def fig_import(cfg: Config) -> list[Figure]:
    kit_t, pd_t, heavy = [], [], set()
    for i in range(cfg.import_runs):
        order = ("kit", "pandas") if i % 2 == 0 else ("pandas", "kit")
        for module in order:
            out = _child("import", module)
            (kit_t if module == "kit" else pd_t).append(out["seconds"])
            if module == "kit":
                heavy.update(out["heavy_modules"])
    ratio = _median(kit_t) / _median(pd_t)
    note = f"also imported: {', '.join(sorted(heavy))}" if heavy else ""
    return [Figure("import kit vs import pandas (fresh interpreter)",
                   f"{_ms(_median(kit_t))} vs {_ms(_median(pd_t))}", "<= 1.3x",
                   f"{ratio:.2f}x", _verdict(ratio <= 1.3 and not heavy), note)]


def fig_load_bundled(cfg: Config) -> list[Figure]:
    d = kit.data_dir()
    cues_csv, works_csv = d / "cues.csv", d / "works.csv"
    n = len(pd.read_csv(cues_csv))
    ta, tb = _interleaved(lambda: kit.load_cues(),
                          lambda: (pd.read_csv(cues_csv), pd.read_csv(works_csv)), cfg.load_runs)
    ratio = _median(ta) / _median(tb)
    return [Figure(f"kit.load_cues() vs read_csv of both files ({n} cues)",
                   f"{_ms(_median(ta))} vs {_ms(_median(tb))}", "<= 2x", f"{ratio:.2f}x",
                   _verdict(ratio <= 2))]


def fig_load_big(cfg: Config, tmp: Path) -> list[Figure]:
    cues_csv, works_csv = write_big_tables(tmp / "big", cfg.big_rows)
    size = cues_csv.stat().st_size + works_csv.stat().st_size
    label = f"{cfg.big_rows:,} cues"
    assert not kit.validate_files(cues_csv, works=works_csv), "the generated file should be valid"
    ta, tb = _interleaved(lambda: kit.load_cues(cues_csv, works=works_csv),
                          lambda: (pd.read_csv(cues_csv), pd.read_csv(works_csv)), cfg.big_runs)
    ratio = _median(ta) / _median(tb)
    figures = [Figure(f"load + validate {label} vs read_csv of both files",
                      f"{_s(_median(ta))} vs {_s(_median(tb))}", "<= 2.5x", f"{ratio:.2f}x",
                      _verdict(ratio <= 2.5), f"files: {_mb(size)}")]
    load = _child("peak", "load", str(cues_csv), str(works_csv))
    base = _child("peak", "read_csv", str(cues_csv), str(works_csv))
    mem_ratio = load["tracemalloc_peak"] / base["tracemalloc_peak"]
    figures.append(Figure(f"peak memory, load {label} vs read_csv (tracemalloc)",
                          f"{_mb(load['tracemalloc_peak'])} vs {_mb(base['tracemalloc_peak'])}",
                          "report only", f"{mem_ratio:.2f}x", "reported",
                          f"peak RSS of the whole process: {_mb(load['rss_peak'])} "
                          f"(read_csv: {_mb(base['rss_peak'])}; after the imports: "
                          f"{_mb(load['rss_before'])})"))
    return figures


def fig_answer(cfg: Config, tmp: Path) -> list[Figure]:
    from kit.grading import QUESTIONS
    from kit.quiz_session import QuizSession

    cues = kit.load_cues()
    path = tmp / "answers" / "ana.json"
    session = QuizSession(cues, level=2, n=10, seed=1, save_to=path, student="ana")
    choices = QUESTIONS[2]
    for i in range(50):  # a file that already holds 50 answers, written by the quiz itself
        session.position = i % len(session.order)
        session.answer({axis: opts[i % len(opts)] for axis, opts in choices.items()})
    template = path.with_name("template.json")
    shutil.copyfile(path, template)
    given = {axis: opts[0] for axis, opts in choices.items()}
    times = []
    for i in range(cfg.answer_runs + 1):
        shutil.copyfile(template, path)  # always 50 answers before the one timed
        session.position = i % len(session.order)
        t = _timed(lambda: session.answer(given))
        if i:  # the first is a warm-up
            times.append(t)
    med = _median(times)
    return [Figure("QuizSession.answer: check and save one answer (file of 50)", _ms(med), "< 10 ms",
                   verdict=_verdict(med < 0.010), note=f"max {_ms(max(times))} of {len(times)}")]


def fig_class(cfg: Config, tmp: Path) -> list[Figure]:
    folder = write_class_folder(tmp / "class", kit.load_cues(), cfg.class_files)
    times, summary = [], None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a generated file that is skipped is a bug here
        for _ in range(cfg.class_runs + 1):
            start = time.perf_counter()
            summary = kit.class_summary(folder)
            times.append(time.perf_counter() - start)
    times = times[1:]
    med = _median(times)
    n_answers = summary.attrs["answers"][["student", "quiz", "cue_id"]].drop_duplicates().shape[0]
    return [Figure(f"kit.class_summary over {cfg.class_files:,} answers files", _s(med), "< 2 s",
                   verdict=_verdict(med < 2), note=f"{n_answers:,} answers")]


def fig_notebooks(cfg: Config, tmp: Path) -> list[Figure]:
    """Each lesson notebook run start to finish in a fresh kernel, as CI and nbval do.

    A notebook that stops on an error is reported (its own tests catch that);
    it does not stop the benchmark.
    """
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        return [Figure("lesson notebooks run headless (nbclient)", "skipped: no notebooks/*.ipynb yet",
                       "< 20 s each", verdict="skipped")]
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    chosen = notebooks if cfg.all_notebooks else notebooks[:1]
    saved = {k: os.environ.get(k) for k in ("KIT_ANSWERS_DIR", "MPLBACKEND", "PYTHONPATH")}
    os.environ["KIT_ANSWERS_DIR"] = str(tmp / "nb-answers")  # never the repository's answers/
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["PYTHONPATH"] = _child_env()["PYTHONPATH"]
    figures = []
    try:
        for nb_path in chosen:
            nb = nbformat.read(nb_path, as_version=4)
            client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                    resources={"metadata": {"path": str(nb_path.parent)}})
            start = time.perf_counter()
            try:
                client.execute()
                error = None
            except CellExecutionError as err:
                error = str(err).strip().splitlines()[-1][:120]
            seconds = time.perf_counter() - start
            name = f"notebook {nb_path.name} (headless, kernel start included)"
            if error:
                figures.append(Figure(name, f"stopped after {_s(seconds)}", "< 20 s",
                                      verdict="notebook failed", note=error))
            else:
                figures.append(Figure(name, _s(seconds), "< 20 s", verdict=_verdict(seconds < 20)))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if len(chosen) < len(notebooks):
        figures[-1].note = f"quick run: {len(chosen)} of {len(notebooks)} notebooks"
    return figures


FIGURES = [
    ("import", fig_import),
    ("load", fig_load_bundled),
    ("big", fig_load_big),
    ("answer", fig_answer),
    ("class", fig_class),
    ("notebooks", fig_notebooks),
]


# -- output ------------------------------------------------------------------------------
HEADER = ("figure", "measured", "target", "ratio", "verdict")


def _rows(figures: list[Figure]) -> list[tuple[str, ...]]:
    return [(f.name, f.measured, f.target, f.ratio, f.verdict) for f in figures]


def print_table(figures: list[Figure]) -> None:
    rows = [HEADER, *_rows(figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    line = "  ".join("-" * w for w in widths)
    for i, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            print(line)
    notes = [f for f in figures if f.note]
    if notes:
        print()
        for f in notes:
            print(f"  {f.name}: {f.note}")


def print_markdown(figures: list[Figure]) -> None:
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for r in _rows(figures):
        print("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")


def environment() -> str:
    import numpy

    cores = os.cpu_count()
    return (f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {numpy.__version__}, "
            f"{platform.system()} {platform.machine()}, {cores} cores"
            + (f", OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}"
               if os.environ.get("OPENBLAS_CORETYPE") else ""))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, small sizes (for CI)")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--only", nargs="+", choices=[k for k, _ in FIGURES],
                        help="measure only these figures")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # the table after the progress lines on stderr
    cfg = QUICK if args.quick else FULL
    print(f"kit {kit.__version__} benchmarks ({'quick run: not a measurement' if cfg.quick else 'full run'})")
    print(environment())
    print(flush=True)

    figures: list[Figure] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for key, fn in FIGURES:
            if args.only and key not in args.only:
                continue
            start = time.perf_counter()
            try:
                params = inspect.signature(fn).parameters
                got = fn(cfg, tmp) if "tmp" in params else fn(cfg)
            except Exception as err:  # keep going: report every figure that can be measured
                failed = True
                traceback.print_exc()
                got = [Figure(key, f"ERROR: {type(err).__name__}: {err}", "-", verdict="not measured")]
            figures.extend(got)
            print(f"[{key}: {time.perf_counter() - start:.0f} s]", file=sys.stderr, flush=True)

    print_table(figures)
    if args.markdown:
        print()
        print_markdown(figures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
