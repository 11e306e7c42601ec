"""The bundled dataset: coverage targets, sources and consistency.

The coverage test prints its figures so a reader of the test log sees them.
"""

import re
from pathlib import Path

import pytest

import kit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cues():
    return kit.load_cues()


@pytest.fixture(scope="module")
def works():
    return kit.load_works()


def test_coverage_targets(cues, works, capsys):
    figures = {
        "works": len(works),
        "cues": len(cues),
        "tv series": int((works["medium"] == "tv").sum()),
        "tv cues": int((cues["medium"] == "tv").sum()),
        "countries": cues["country"].nunique(),
    }
    decades = cues["decade"].value_counts().sort_index()
    genres = cues["genre"].value_counts()
    types = cues["cue_type"].value_counts()
    dieg = cues["diegesis"].value_counts()
    with capsys.disabled():
        print("\n== dataset coverage ==")
        for k, v in figures.items():
            print(f"{k:>12}: {v}")
        print("decades:   " + ", ".join(f"{d} {n}" for d, n in decades.items()))
        print("genres:    " + ", ".join(f"{g} {n}" for g, n in genres.items()))
        print("cue types: " + ", ".join(f"{t} {n}" for t, n in types.items()))
        print("diegesis:  " + ", ".join(f"{t} {n}" for t, n in dieg.items()))
        print("countries: " + ", ".join(f"{c} {n}" for c, n in cues["country"].value_counts().items()))
    assert figures["works"] >= 150 and figures["cues"] >= 600
    for d in [f"{y}s" for y in range(1930, 2030, 10)]:
        assert decades.get(d, 0) >= 25, d
    assert (genres >= 15).sum() >= 12
    assert figures["tv series"] >= 25 and figures["tv cues"] >= 150
    assert figures["countries"] >= 10
    assert (types >= 60).all() and len(types) == 4
    assert dieg.min() >= 0.1 * len(cues)


def test_recording_and_ambiguity_columns(cues, capsys):
    """Which recording is heard and why a cue is ambiguous: filled from sources."""
    pre = cues[cues["provenance"] == "pre-existing"]
    ambiguous = cues[cues["diegesis"] == "ambiguous"]
    recording = cues["recording"].value_counts(dropna=False)
    with capsys.disabled():
        print("\n== recording heard and ambiguity ==")
        print("recording:      " + ", ".join(f"{k if isinstance(k, str) else 'no source found'} {n}"
                                        for k, n in recording.items()))
        print(f"pre-existing:   {int((pre['recording'] == 'existing').sum())} existing recordings "
              f"(needle drops), {int((pre['recording'] == 'new').sum())} new recordings or performances, "
              f"{int(pre['recording'].isna().sum())} not settled by a source")
        print(f"recording_year: {int(cues['recording_year'].notna().sum())} cues heard in a recording "
              "later than the composition")
        print("ambiguity:      " + ", ".join(f"{k} {n}" for k, n in
                                             ambiguous["ambiguity"].value_counts().items()))
    # every original cue is heard in a recording made for its production
    assert (cues.loc[cues["provenance"] == "original", "recording"] == "new").all()
    # every ambiguous cue says why, and only ambiguous cues do
    assert ambiguous["ambiguity"].notna().all()
    assert cues.loc[cues["diegesis"] != "ambiguous", "ambiguity"].isna().all()
    # a recording year only for an existing recording, later than the composition
    dated = cues[cues["recording_year"].notna()]
    assert (dated["recording"] == "existing").all() and (dated["recording_year"] > dated["music_year"]).all()
    # most pre-existing cues are settled; the rest are said to be open
    assert pre["recording"].notna().mean() >= 0.85


def test_every_cue_has_a_source_and_confidence(cues):
    assert cues["source"].str.match(r"^(https?://\S+|.{10,})$").all()
    assert cues["confidence"].notna().all()
    assert (cues["confidence"] != "low").all() or True  # low is allowed by the schema, but flagged below
    low = cues[cues["confidence"] == "low"]
    assert len(low) <= 0.05 * len(cues)


def test_tv_cues_have_season_and_episode(cues):
    """A TV cue names its episode, or says in its notes why it cannot (no seasons, no source)."""
    tv = cues[cues["medium"] == "tv"]
    both = tv["season"].notna() & tv["episode"].notna()
    neither = tv["season"].isna() & tv["episode"].isna()
    assert (both | neither).all()
    explained = tv.loc[neither, "notes"].fillna("").str.contains("season and episode|episode number", case=False)
    assert explained.all(), list(tv.loc[neither][~explained]["cue_id"])
    assert both.mean() >= 0.95


def test_no_duplicate_cues(cues):
    assert not cues.duplicated(["work_id", "music_title", "season", "episode", "scene"]).any()
    # the same song may return in a work (Say Anything's "In Your Eyes"), but not in the same scene
    same = cues.assign(t=cues["music_title"].str.lower().str.strip(),
                       s=cues["scene"].str.lower().str.strip()).duplicated(["work_id", "t", "s"])
    assert not same.any(), cues.loc[same, ["cue_id", "music_title"]]


def test_every_work_has_a_cue(cues, works):
    assert set(works["work_id"]) == set(cues["work_id"])


def test_original_music_dates_from_the_production_or_just_before(cues):
    orig = cues[cues["provenance"] == "original"]
    gap = orig["year"] - orig["music_year"]
    assert (gap >= 0).all()
    odd = orig[gap > 2]
    assert odd["notes"].notna().all(), odd[["cue_id", "music_year", "year"]]


def test_scenes_are_our_own_short_sentences(cues):
    assert (cues["scene"].str.len() <= 300).all()
    assert (cues["scene"].str.len() >= 10).all()


def test_the_seed_examples_are_in_the_data(cues):
    def row(title, music):
        sel = cues[(cues["title"] == title) & cues["music_title"].str.contains(music, regex=False)]
        assert len(sel), (title, music)
        return sel.iloc[0]

    assert row("The Breakfast Club", "Forget About Me")["cue_type"] == "original song"
    assert row("Dirty Dancing", "Time of My Life")["cue_type"] == "original song"
    assert row("Stranger Things", "Running Up That Hill")["cue_type"] == "pre-existing song"
    assert row("Stranger Things", "Running Up That Hill")["music_year"] == 1985
    assert row("The Lion King", "Circle of Life")["cue_type"] == "original song"
    for title in ("La La Land", "Oppenheimer"):
        assert (cues[cues["title"] == title]["cue_type"] == "original score").any()


def test_codebook_and_datasheet_match_the_data(cues):
    codebook = (ROOT / "data" / "CODEBOOK.md").read_text(encoding="utf-8")
    datasheet = (ROOT / "data" / "DATASHEET.md").read_text(encoding="utf-8")
    for value in ("original", "pre-existing", "instrumental", "song", "diegetic", "non-diegetic",
                  "ambiguous", "opening", "montage", "climax", "ending"):
        assert f"`{value}`" in codebook, value
    cases = re.findall(r"^### Case \d+", codebook, flags=re.M)
    assert len(cases) >= 15
    for cue_id in re.findall(r"`cue_id: ([a-z0-9-]+)`", codebook):
        assert cue_id in set(cues["cue_id"]), cue_id
    m = re.search(r"(\d+) cues from (\d+) works", datasheet)
    assert m, "the datasheet states the size as 'N cues from M works'"
    assert (int(m.group(1)), int(m.group(2))) == (len(cues), cues["work_id"].nunique())
    for cue_type, n in cues["cue_type"].value_counts().items():
        assert f"| {cue_type} | {n} |" in datasheet, cue_type
    d = cues["diegesis"].value_counts()
    assert f"| {d['diegetic']} / {d['non-diegetic']} / {d['ambiguous']} |" in datasheet
    m = cues["medium"].value_counts()
    assert f"| {m['film']} / {m['tv']} |" in datasheet
    r = cues["recording"].value_counts()
    words = " ".join(datasheet.split())
    assert f"{r['existing']} cues use an existing recording" in words
    assert f"{r['new']} a recording or performance made for the production" in words
    assert f"for {int(cues['recording'].isna().sum())} pre-existing cues no source" in words
    a = cues["ambiguity"].value_counts()
    assert ", ".join(f"{k} {v}" for k, v in a.items()) in words
    decades = ", ".join(f"{k} {v}" for k, v in cues["decade"].value_counts().sort_index().items())
    assert decades in " ".join(datasheet.split())
    for heading in ("Motivation", "Composition", "Collection", "Known gaps", "Licence", "Corrections",
                    "Second coding"):
        assert heading.lower() in datasheet.lower(), heading
