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
    assert any("1985, 37 years before Stranger Things (2022)" in r for r in fb.reasons)
    assert "classroom meaning of 'soundtrack'" in fb.reasons[0]


def test_level1_original_song_explains_why_the_binary_fails(cues):
    fb = check_answer(cue(cues, "breakfast-club-1985-01"), "soundtrack", level=1)
    assert not fb.correct
    assert fb.results[0].expected == "neither"
    assert "two words break" in fb.reasons[0] and "original song" in fb.reasons[0]
    assert "everyday speech" in fb.reasons[0]  # the popular use is acknowledged, not called wrong
    assert "was written for The Breakfast Club (1985)" in fb.reasons[1]
    assert fb.reasons[-1].startswith("Note: Written for the film")


def test_level1_pre_existing_instrumental_is_neither(cues):
    fb = check_answer(cue(cues, "2001-a-space-odyssey-1968-01"), "score", level=1)
    assert not fb.correct and fb.results[0].expected == "neither"
    assert "older instrumental music" in fb.reasons[0]
    assert "first appeared in 1896, 72 years before" in fb.reasons[1]


def test_level2_marks_each_axis(cues):
    fb = check_answer(cue(cues, "stranger-things-2016-01"),
                      {"provenance": "pre-existing", "form": "song", "diegesis": "non-diegetic"}, level=2)
    assert [(r.axis, r.correct) for r in fb.results] == [
        ("provenance", True), ("form", True), ("diegesis", False)]
    assert fb.missed == ["diegesis"] and "'Can the characters hear it?'" in fb.headline


def test_missing_axis_counts_as_wrong_and_bad_choice_is_refused(cues):
    fb = check_answer(cue(cues, "stranger-things-2016-01"), {"provenance": "pre-existing"}, level=2)
    assert fb.missed == ["form", "diegesis"]
    with pytest.raises(ValueError, match="not a choice"):
        check_answer(cue(cues, "stranger-things-2016-01"), "opera", level=1)


# -- reasons agree with the lessons (issue: feedback that agrees with lesson 2) ------------------

LESSON2_WORDS = ("diegetic", "diegesis", "provenance", "underscore", "ambiguous")


@pytest.fixture(scope="module")
def bundled():
    return kit.load_cues().set_index("cue_id", drop=False)


def test_level1_reasons_use_only_lesson1_words(bundled):
    for _, row in bundled.iterrows():
        fb = check_answer(row.to_dict(), "score", level=1)
        for reason in fb.reasons:
            if reason.startswith("Note: "):
                continue  # a cue's own note, shown as it is
            assert not any(w in reason.lower() for w in LESSON2_WORDS), (row["cue_id"], reason)


def test_no_instrumental_reason_claims_underscore(bundled):
    diegetic = bundled[(bundled["form"] == "instrumental") & (bundled["diegesis"] == "diegetic")]
    assert len(diegetic) > 10
    for _, row in diegetic.iterrows():
        reasons = check_answer(row.to_dict(), {}, level=2).reasons
        form = [r for r in reasons if r.startswith("It is instrumental")]
        assert form == ["It is instrumental: no words are sung."]
        assert any("characters can hear it" in r for r in reasons)


@pytest.mark.parametrize("why, words", [
    ("trans-diegetic", "crosses the line during the scene"),
    ("meta-diegetic", "plays in a character's head"),
    ("supra-diegetic", "orchestra accompanying them is nowhere in it"),
    ("unclear", "does not settle whether the characters hear it"),
])
def test_each_kind_of_ambiguity_gets_its_own_reason(bundled, why, words):
    rows = bundled[bundled["ambiguity"] == why]
    assert len(rows)
    for _, row in rows.iterrows():
        reasons = check_answer(row.to_dict(), {}, level=2).reasons
        assert any(words in r for r in reasons), row["cue_id"]
        assert not any("open to argument" in r for r in reasons)


def test_needle_drop_only_for_an_existing_recording(bundled):
    for _, row in bundled.iterrows():
        for level, given in ((1, "soundtrack"), (2, {})):
            for reason in check_answer(row.to_dict(), given, level=level).reasons:
                if "needle drop" in reason and not reason.startswith("Note: "):
                    assert row["recording"] == "existing" or "not a needle drop" in reason, (row["cue_id"], reason)
    cover = bundled.loc["guardians-of-the-galaxy-2014-03"].to_dict()  # Blue Swede's 1973 recording
    reasons = check_answer(cover, {}, level=2).reasons
    assert any("existing recording from 1973 by Blue Swede: a needle drop" in r for r in reasons)
    sung = bundled[(bundled["provenance"] == "pre-existing") & (bundled["recording"] == "new")].iloc[0]
    assert any("made or performed for this production" in r
               for r in check_answer(sung.to_dict(), {}, level=2).reasons)
