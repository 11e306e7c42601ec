"""Feedback logic: verdicts and reasons built from each cue's own facts."""

import pytest

import kit
from kit.grading import check_answer


@pytest.fixture
def cues(tables):
    c, w = tables()
    return kit.load_cues(c, works=w).set_index("cue_id", drop=False)


def cue(cues, cue_id):
    return cues.loc[cue_id].to_dict()


def test_level1_pre_existing_song_is_soundtrack(cues):
    fb = check_answer(cue(cues, "stranger-things-2016-01"), "soundtrack", level=1)
    assert fb.correct and fb.headline == "Correct."
    assert any("1985, 37 years earlier than Stranger Things (2022)" in r for r in fb.reasons)
    assert any("characters can hear it" in r for r in fb.reasons)


def test_level1_original_song_explains_why_the_binary_fails(cues):
    fb = check_answer(cue(cues, "breakfast-club-1985-01"), "soundtrack", level=1)
    assert not fb.correct
    assert fb.results[0].expected == "neither"
    assert "binary breaks" in fb.reasons[0] and "original song" in fb.reasons[0]
    assert "was written for The Breakfast Club (1985)" in fb.reasons[1]
    assert fb.reasons[-1].startswith("Note: Written for the film")


def test_level1_pre_existing_instrumental_is_neither(cues):
    fb = check_answer(cue(cues, "2001-a-space-odyssey-1968-01"), "score", level=1)
    assert not fb.correct and fb.results[0].expected == "neither"
    assert "pre-existing instrumental" in fb.reasons[0]
    assert "first appeared in 1896, 72 years earlier" in fb.reasons[1]


def test_level2_marks_each_axis(cues):
    fb = check_answer(cue(cues, "stranger-things-2016-01"),
                      {"provenance": "pre-existing", "form": "song", "diegesis": "non-diegetic"}, level=2)
    assert [(r.axis, r.correct) for r in fb.results] == [
        ("provenance", True), ("form", True), ("diegesis", False)]
    assert fb.missed == ["diegesis"] and "diegesis" in fb.headline


def test_missing_axis_counts_as_wrong_and_bad_choice_is_refused(cues):
    fb = check_answer(cue(cues, "stranger-things-2016-01"), {"provenance": "pre-existing"}, level=2)
    assert fb.missed == ["form", "diegesis"]
    with pytest.raises(ValueError, match="not a choice"):
        check_answer(cue(cues, "stranger-things-2016-01"), "opera", level=1)
