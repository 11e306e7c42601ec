"""Print the dataset's figures in the form DATASHEET.md quotes them.

Usage: python tools/dataset_figures.py  (run after changing data/)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

import kit  # noqa: E402
from kit.agreement import cohens_kappa, percent_agreement  # noqa: E402

c, w = kit.load_cues(), kit.load_works()
print(f"{len(c)} cues from {c['work_id'].nunique()} works "
      f"({(w['medium'] == 'film').sum()} films, {(w['medium'] == 'tv').sum()} TV series)")
for col in ("cue_type", "diegesis", "decade", "medium", "genre", "country", "placement", "confidence"):
    vc = c[col].value_counts(sort=col not in ("decade",))
    if col == "decade":
        vc = vc.sort_index()
    print(f"{col}: " + ", ".join(f"{k} {v}" for k, v in vc.items() if v))
print("sources on en.wikipedia.org:", f"{100 * c['source'].str.contains('wikipedia.org').mean():.0f}%")
print("works with composer:", w["composer"].notna().sum(), "| music supervisor:", w["music_supervisor"].notna().sum(),
      "| wikidata:", w["wikidata"].notna().sum())
sc = pd.read_csv(Path(kit.data_dir()) / "second-coding.csv") if (Path(kit.data_dir()) / "second-coding.csv").exists() else None
if sc is not None:
    print(f"second coding: {len(sc)} cues")
    for ax in ("provenance", "form", "diegesis"):
        a, b = list(sc[f"{ax}_first"]), list(sc[f"{ax}_second"])
        print(f"| {ax} | {100 * percent_agreement(a, b):.1f}% | {cohens_kappa(a, b):.3f} | {sum(x != y for x, y in zip(a, b))} |")
