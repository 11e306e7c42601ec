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
from kit.regions import continent  # noqa: E402

country = c["country"].astype(str)
counts = country.value_counts()
tv = c[c["medium"] == "tv"]
print(f"US share of cues: {100 * (country == 'US').mean():.1f}% | countries: {counts.size}, "
      f"with 5 or more cues: {(counts >= 5).sum()} | documentary cues: {(c['genre'] == 'documentary').sum()} "
      f"| TV cues outside the US: {(tv['country'] != 'US').sum()}")
print("continents (cues): " + ", ".join(f"{k} {v}" for k, v in country.map(continent).value_counts().items()))
rec = c["recording"].value_counts(dropna=False)
print("recording:", ", ".join(f"{k} {v}" for k, v in rec.items()), "| recording_year:",
      int(c["recording_year"].notna().sum()), "| pre-existing unsettled:",
      int((c["recording"].isna() & (c["provenance"] == "pre-existing")).sum()),
      "| pre-existing new:", int(((c["recording"] == "new") & (c["provenance"] == "pre-existing")).sum()))
print("ambiguity:", ", ".join(f"{k} {v}" for k, v in c["ambiguity"].value_counts().items()))
sc = pd.read_csv(Path(kit.data_dir()) / "second-coding.csv") if (Path(kit.data_dir()) / "second-coding.csv").exists() else None
if sc is not None:
    print(f"second coding: {len(sc)} cues")
    samples = sc["batch"].map({"A": "first release", "B": "first release", "W": "world cues"})
    for sample, part in sc.groupby(samples, sort=False):
        for ax in ("provenance", "form", "diegesis"):
            a, b = list(part[f"{ax}_first"]), list(part[f"{ax}_second"])
            print(f"| {sample} | {ax} | {len(part)} | {100 * percent_agreement(a, b):.1f}% | "
                  f"{cohens_kappa(a, b):.3f} | {sum(x != y for x, y in zip(a, b))} |")
