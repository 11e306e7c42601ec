"""Loading: the typed, joined frame students work with."""

import pandas as pd
import pytest

import kit
from conftest import CUES


def test_small_file_loads_typed_and_joined(tables):
    cues_path, works_path = tables()
    df = kit.load_cues(cues_path, works=works_path)
    assert len(df) == len(CUES)
    for col in ("provenance", "form", "diegesis", "placement", "cue_type", "genre", "medium"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert df["decade"].cat.ordered
    assert str(df["season"].dtype) == "Int64" and str(df["episode"].dtype) == "Int64"
    row = df.set_index("cue_id").loc["stranger-things-2016-01"]
    assert row["title"] == "Stranger Things" and row["medium"] == "tv"
    assert row["season"] == 4 and row["decade"] == "2020s"
    assert row["cue_type"] == "pre-existing song"
    film = df.set_index("cue_id").loc["2001-a-space-odyssey-1968-01"]
    assert film["cue_type"] == "pre-existing instrumental"
    assert pd.isna(film["season"])
    assert df.set_index("cue_id").loc["breakfast-club-1985-01", "cue_type"] == "original song"


def test_decades_are_in_time_order_with_gaps_kept(tables):
    cues_path, works_path = tables()
    df = kit.load_cues(cues_path, works=works_path)
    assert list(df["decade"].cat.categories) == ["1960s", "1970s", "1980s", "1990s", "2000s", "2010s", "2020s"]
    assert df["decade"].min() == "1960s"


def test_stray_case_whitespace_and_bom_are_normalized(tables, tmp_path):
    rows = [dict(r) for r in CUES]
    rows[0]["diegesis"] = "  Non-Diegetic "
    rows[1]["provenance"] = "PRE-EXISTING"
    rows[2]["placement"] = "Opening\t"
    cues_path, works_path = tables(cues=rows)
    cues_path.write_bytes(b"\xef\xbb\xbf" + cues_path.read_bytes())
    df = kit.load_cues(cues_path, works=works_path)
    assert list(df["diegesis"]) == ["non-diegetic", "diegetic", "non-diegetic"]
    assert df["provenance"].iloc[1] == "pre-existing"
    assert df["placement"].iloc[2] == "opening"
    assert "cue_id" in df.columns  # the BOM did not stick to the first header


def test_extra_columns_are_kept(tables):
    rows = [dict(r, my_rating=str(i)) for i, r in enumerate(CUES)]
    from conftest import CUE_COLS
    cues_path, works_path = tables(cues=rows, cue_cols=CUE_COLS + ["my_rating"])
    df = kit.load_cues(cues_path, works=works_path)
    assert list(df["my_rating"]) == ["0", "1", "2"]


def test_header_case_and_spaces_are_forgiven(tables):
    from conftest import CUE_COLS
    cues_path, works_path = tables()
    text = cues_path.read_text(encoding="utf-8").splitlines()
    text[0] = ",".join(c.upper() if c != "music_title" else " Music Title " for c in CUE_COLS)
    cues_path.write_text("\n".join(text) + "\n", encoding="utf-8")
    df = kit.load_cues(cues_path, works=works_path)
    assert df["music_title"].iloc[0] == "Don't You (Forget About Me)"


def test_load_works_types(tables):
    _, works_path = tables()
    w = kit.load_works(works_path)
    assert str(w["year"].dtype) == "Int64"
    assert isinstance(w["genre"].dtype, pd.CategoricalDtype)
    assert w["wikidata"].isna().all()


def test_quoted_newline_in_scene_keeps_line_numbers(tables):
    rows = [dict(r) for r in CUES]
    rows[0]["scene"] = "Opening credits,\nover a quote from David Bowie."
    rows[2]["diegesis"] = "nondiegetic"
    cues_path, works_path = tables(cues=rows)
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    # header line 1, row 1 spans lines 2-3, row 2 is line 4, row 3 line 5
    assert err.value.problems[0].line == 5
