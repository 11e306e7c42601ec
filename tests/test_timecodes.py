"""Instructors' own clips (start_tc, end_tc, release) and the recording/ambiguity rules,
checked like every other column: file, line, column and fix."""

import pytest

import kit
from conftest import CUE_COLS, CUES

TC_COLS = CUE_COLS + ["start_tc", "end_tc", "release"]
REC_COLS = CUE_COLS + ["recording", "recording_year", "ambiguity"]


def with_values(changes):
    rows = [dict(r) for r in CUES]
    for (i, col), value in changes.items():
        rows[i][col] = value
    return rows


def problems(tables, cols, changes):
    c, w = tables(cues=with_values(changes), cue_cols=cols)
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(c, works=w)
    return err.value.problems


def test_timecodes_load_with_their_release(tables):
    c, w = tables(cues=with_values({(0, "start_tc"): "00:12:30", (0, "end_tc"): "00:13:05.250",
                                    (0, "release"): "DVD, region 2, 2004 edition"}), cue_cols=TC_COLS)
    cues = kit.load_cues(c, works=w)
    row = cues.set_index("cue_id").loc["breakfast-club-1985-01"]
    assert (row["start_tc"], row["end_tc"], row["release"]) == ("00:12:30", "00:13:05.250",
                                                                "DVD, region 2, 2004 edition")
    assert cues["start_tc"].isna().sum() == 2  # other cues have no clip


@pytest.mark.parametrize("value", ["12:30", "1:2:3", "00:61:00", "00:12:30,5", "twelve"])
def test_a_timecode_in_another_form_is_named(tables, value):
    [p] = problems(tables, TC_COLS, {(0, "start_tc"): value, (0, "end_tc"): "00:13:05",
                                     (0, "release"): "DVD"})
    assert (p.line, p.column, p.value) == (2, "start_tc", value)
    assert "hours:minutes:seconds" in p.fix


def test_an_end_before_the_start_is_named(tables):
    [p] = problems(tables, TC_COLS, {(1, "start_tc"): "00:13:05", (1, "end_tc"): "00:12:30",
                                     (1, "release"): "Netflix, 2022"})
    assert (p.line, p.column) == (3, "end_tc") and "ends before it starts" in p.message


def test_a_timecode_needs_its_release(tables):
    [p] = problems(tables, TC_COLS, {(2, "start_tc"): "00:01:00", (2, "end_tc"): "00:02:00"})
    assert (p.line, p.column) == (4, "release") and "edition" in p.fix


def test_files_without_timecodes_load_as_before(tables):
    c, w = tables()
    assert len(kit.load_cues(c, works=w)) == len(CUES)


def test_a_reason_for_ambiguity_only_on_an_ambiguous_cue(tables):
    [p] = problems(tables, REC_COLS, {(0, "ambiguity"): "unclear"})
    assert (p.line, p.column) == (2, "ambiguity") and "only an ambiguous cue" in p.message


def test_original_music_is_not_an_existing_recording(tables):
    [p] = problems(tables, REC_COLS, {(0, "recording"): "existing"})
    assert (p.line, p.column) == (2, "recording") and "made for the production" in p.message


def test_a_recording_year_belongs_to_an_existing_recording_after_the_music(tables):
    found = problems(tables, REC_COLS, {(1, "recording"): "new", (1, "recording_year"): "1990",
                                        (2, "recording"): "existing", (2, "recording_year"): "1870"})
    assert [(p.line, p.column) for p in found] == [(3, "recording_year"), (4, "recording_year")]
    assert "only for an existing recording" in found[0].message
    assert "before the music itself" in found[1].message


# -- lesson 7's messages speak the student's language ------------------------------------------

@pytest.mark.parametrize("value, meant", [("end credits", "ending"), ("Opening titles", "opening"),
                                          ("main titles", "opening")])
def test_everyday_phrasings_get_the_value_meant(tables, value, meant):
    [p] = problems(tables, CUE_COLS, {(0, "placement"): value})
    assert f"Did you mean '{meant}'?" in p.fix


def test_a_value_naming_two_options_asks_to_pick_one(tables):
    [p] = problems(tables, CUE_COLS, {(0, "provenance"): "original or pre-existing"})
    assert "pick the one that fits best" in p.fix and "Did you mean" not in p.fix


def test_uk_is_not_an_iso_code(tables):
    from conftest import WORKS
    works = [dict(w) for w in WORKS]
    works[0]["country"] = "UK"
    c, w = tables(works=works)
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(c, works=w)
    [p] = err.value.problems
    assert (p.file, p.line, p.column, p.value) == ("works.csv", 2, "country", "UK") and "'GB'" in p.fix
