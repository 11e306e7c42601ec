"""Merge contributors' part files (data/parts/*_works.csv, *_cues.csv) into
data/works.csv and data/cues.csv, then validate the result with the kit.

Usage: python tools/merge_parts.py [--check]
Works that appear in several parts must agree; cues are kept in part order.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit import schema  # noqa: E402
from kit.loading import validate_files  # noqa: E402


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def main(argv):
    parts = ROOT / "data" / "parts"
    works, cues, seen_cues = {}, [], set()
    report = []
    for wpath in sorted(parts.glob("*_works.csv")):
        tag = wpath.name.split("_")[0]
        cpath = parts / f"{tag}_cues.csv"
        if not cpath.exists():
            continue
        for w in read(wpath):
            wid = w["work_id"].strip()
            if wid in works:
                old = works[wid]
                diff = {k: (old.get(k), w.get(k)) for k in schema.columns("works")
                        if (old.get(k) or "") != (w.get(k) or "") and w.get(k)}
                if diff:
                    report.append(f"{tag}: work {wid} differs from earlier part: {diff}")
                for k, v in w.items():
                    if v and not old.get(k):
                        old[k] = v
                continue
            works[wid] = w
        for c in read(cpath):
            key = (c["work_id"].strip(), c["music_title"].strip().lower(), c.get("season", ""), c.get("episode", ""))
            if c["cue_id"] in seen_cues:
                report.append(f"{tag}: duplicate cue_id {c['cue_id']} skipped")
                continue
            seen_cues.add(c["cue_id"])
            cues.append(c)
    for line in report:
        print(line)
    out_w, out_c = ROOT / "data" / "works.csv", ROOT / "data" / "cues.csv"
    if "--check" in argv:
        out_w, out_c = Path("/tmp/merged_works.csv"), Path("/tmp/merged_cues.csv")
    for path, table, rows in ((out_w, "works", works.values()), (out_c, "cues", cues)):
        cols = schema.columns(table)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            wr = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
            wr.writeheader()
            for r in rows:
                wr.writerow({k: (r.get(k) or "").strip() for k in cols})
    problems = validate_files(out_c, works=out_w)
    for p in problems:
        print(p)
    print(f"{len(works)} works, {len(cues)} cues, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
