"""The exercise checker: right answers pass, and any other answer gets advice, never a traceback."""

import math
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kit
from kit.exercises import EXERCISES, ExerciseResult


@pytest.fixture(scope="module")
def cues():
    return kit.load_cues()


def _ages(c):
    pre = c[c["provenance"] == "pre-existing"]
    return pre.assign(age=pre["year"] - pre["music_year"])


#: A right answer to every exercise, written the way the lesson solutions write them.
SOLUTIONS = {
    "count-cues": lambda c: len(c),
    "count-diegetic": lambda c: (c["diegesis"] == "diegetic").sum(),
    "breakfast-club-cue-type": lambda c: c.loc[c["music_title"] == "Don't You (Forget About Me)",
                                              "cue_type"].iloc[0],
    "seed-pre-existing-song": lambda c: "Running Up That Hill",
    "bodyguard-provenance": lambda c: c.loc[(c["title"] == "The Bodyguard")
                                            & (c["music_title"] == "I Will Always Love You"),
                                            "provenance"].iloc[0],
    "zarathustra-cue-type": lambda c: "pre-existing instrumental",
    "count-ambiguous": lambda c: (c["diegesis"] == "ambiguous").sum(),
    "two-worlds-more-bass": lambda c: "underscore",
    "crossing-diegesis": lambda c: c.loc[c["cue_id"] == "top-gun-1986-05", "diegesis"].iloc[0],
    "count-tv-cues": lambda c: len(c[c["medium"] == "tv"]),
    "count-80s-needle-drops": lambda c: ((c["decade"] == "1980s")
                                         & (c["cue_type"] == "pre-existing song")).sum(),
    "works-per-genre": lambda c: c.groupby("genre", observed=True)["work_id"].nunique(),
    "pre-existing-share-by-medium": lambda c: pd.crosstab(c["medium"], c["provenance"],
                                                          normalize="index")["pre-existing"],
    "musical-original-song-share": lambda c: kit.share_table(c, by="genre").loc["musical", "original song"],
    "top-needle-drop-decade": lambda c: kit.share_table(c, by="decade")["pre-existing song"].idxmax(),
    "running-up-age": lambda c: 2022 - 1985,
    "median-song-age": lambda c: _ages(c).loc[lambda d: d["form"] == "song", "age"].median(),
    "most-reused-music": lambda c: _ages(c).groupby("music_title")["work_id"].nunique().idxmax(),
    "my-needle-drop-share": lambda c: (c["cue_type"] == "pre-existing song").mean(),
}


def test_every_exercise_has_a_solution_here():
    assert set(SOLUTIONS) | {"cue-sheet-valid"} == set(EXERCISES)


@pytest.mark.parametrize("exercise_id", sorted(SOLUTIONS))
def test_the_lesson_solution_is_accepted(cues, exercise_id):
    result = kit.check_exercise(exercise_id, SOLUTIONS[exercise_id](cues), cues)
    assert result.correct, result


# -- the most common slip: a Series where one number is expected (issue 16) ------------

@pytest.mark.parametrize("exercise_id", ["count-diegetic", "count-tv-cues", "count-ambiguous",
                                         "count-80s-needle-drops"])
def test_forgetting_sum_is_told_to_add_sum(cues, exercise_id):
    condition = cues["medium"] == "tv"
    for answer in (condition, condition.to_numpy()):
        result = kit.check_exercise(exercise_id, answer, cues)
        assert not result.correct
        assert "a number is expected: add .sum()" in result.hint
        assert f"{len(cues)} True/False values" in result.hint
        assert EXERCISES[exercise_id].hints[0] in result.hint  # the exercise's own hint follows


def test_a_share_of_true_values_is_told_to_add_mean(cues):
    result = kit.check_exercise("my-needle-drop-share", cues["cue_type"] == "pre-existing song", cues)
    assert "a number is expected: add .mean()" in result.hint


def test_a_whole_table_where_a_number_is_expected(cues):
    result = kit.check_exercise("count-cues", cues, cues)
    assert not result.correct
    assert "a table (a DataFrame), but a number is expected" in result.hint
    assert ".loc[row, column]" in result.hint


def test_a_one_value_series_counts_as_its_value(cues):
    assert kit.check_exercise("count-cues", pd.Series([len(cues)]), cues).correct
    assert kit.check_exercise("count-cues", [len(cues)], cues).correct


def test_several_values_where_one_word_is_expected(cues):
    result = kit.check_exercise("top-needle-drop-decade", cues["decade"], cues)
    assert not result.correct and "one value in quotes is expected" in result.hint


def test_a_number_where_a_series_is_expected(cues):
    result = kit.check_exercise("works-per-genre", 12, cues)
    assert "a Series with one number per group is expected" in result.hint
    result = kit.check_exercise("pre-existing-share-by-medium",
                                pd.crosstab(cues["medium"], cues["provenance"], normalize="index"), cues)
    assert result.correct  # the whole crosstab holds the column asked for


@pytest.mark.parametrize("answer, advice", [
    (True, "True or False, but a number is expected"),
    ("12", "text (in quotes), but a number is expected: remove the quotes"),
    (float("nan"), "NaN (not a number)"),
    ({"tv": 3}, "a dict of 1 number, but a number is expected"),
    (pd.Series([], dtype=float), "a Series with no values"),
])
def test_wrong_kinds_of_number_get_advice(cues, answer, advice):
    result = kit.check_exercise("count-tv-cues", answer, cues)
    assert not result.correct and advice in result.hint


def test_a_number_where_a_word_is_expected(cues):
    result = kit.check_exercise("bodyguard-provenance", 1, cues)
    assert "a number, but text in quotes is expected" in result.hint


def test_a_whole_number_beyond_any_float_is_just_wrong(cues):
    for exercise_id in ("running-up-age", "median-song-age", "musical-original-song-share", "count-cues"):
        result = kit.check_exercise(exercise_id, 10 ** 400, cues)
        assert not result.correct and result.message.startswith("Not yet.")


# -- placeholders (issue 16) ----------------------------------------------------------------

@pytest.mark.parametrize("answer", [..., "...", [...], (..., ...)])
def test_the_placeholder_is_a_nudge(cues, answer):
    result = kit.check_exercise("count-cues", answer, cues)
    assert not result.correct
    assert "replace ... with your answer" in result.message


def test_none_says_what_none_means(cues):
    result = kit.check_exercise("count-cues", None, cues)
    assert not result.correct and "None" in result.message and "print(" in result.message


def _practice_sheet(cues, folder):
    from kit import schema

    example = cues[cues["music_title"] == "Running Up That Hill (A Deal with God)"][schema.columns("cues")].copy()
    example["cue_id"] = "my-01"
    return example


def test_a_cue_sheet_with_placeholders_says_replace_them(cues, tmp_path):
    fixed = _practice_sheet(cues, tmp_path)
    fixed["diegesis"] = ...          # lesson 7, exercise 1, run as it stands
    fixed["music_year"] = ...
    path = tmp_path / "practice_fixed.csv"
    fixed.to_csv(path, index=False)
    result = kit.check_exercise("cue-sheet-valid", path, cues)
    assert not result.correct
    assert "replace each ... with your answer" in result.hint
    assert "'diegesis'" in result.hint and "'music_year'" in result.hint and "'work_id'" not in result.hint
    assert "Ellipsis" not in result.hint


def test_a_fixed_cue_sheet_passes_and_other_answers_are_explained(cues, tmp_path):
    fixed = _practice_sheet(cues, tmp_path)
    path = tmp_path / "practice_fixed.csv"
    fixed.to_csv(path, index=False)
    assert kit.check_exercise("cue-sheet-valid", path, cues).correct
    assert kit.check_exercise("cue-sheet-valid", str(path), cues).correct
    result = kit.check_exercise("cue-sheet-valid", tmp_path / "nowhere.csv", cues)
    assert "There is no file called" in result.hint
    result = kit.check_exercise("cue-sheet-valid", fixed, cues)
    assert "the name of the CSV file you saved is expected" in result.hint
    (tmp_path / "picture.csv").write_bytes(bytes(range(256)) * 4)
    assert not kit.check_exercise("cue-sheet-valid", tmp_path / "picture.csv", cues).correct


# -- what is passed besides the answer ---------------------------------------------------------

def test_unknown_or_misplaced_exercise_name(cues):
    with pytest.raises(ValueError, match="no exercise called 'count-cue'; known: .*count-cues"):
        kit.check_exercise("count-cue", 3, cues)
    for name in (3, None, ["count-cues"]):
        with pytest.raises(TypeError, match="exercise name goes first, in quotes"):
            kit.check_exercise(name, 3, cues)


def test_the_wrong_table_is_named_not_a_key_error(cues):
    with pytest.raises(ValueError, match="needs the column 'diegesis'"):
        kit.check_exercise("count-diegetic", 3, kit.load_works())
    with pytest.raises(ValueError, match="needs the cue 'Also sprach Zarathustra'"):
        kit.check_exercise("zarathustra-cue-type", "x", cues[cues["medium"] == "tv"])
    with pytest.raises(TypeError, match="expected a table of cues"):
        kit.check_exercise("count-cues", 3, [1, 2, 3])


def test_an_empty_own_sheet_is_answered(cues):
    result = kit.check_exercise("my-needle-drop-share", 0.5, cues.head(0))
    assert isinstance(result, ExerciseResult) and not result.correct


def test_feedback_is_shown_as_text_and_html(cues):
    result = kit.check_exercise("count-tv-cues", cues["medium"] == "tv", cues)
    assert repr(result).startswith("Not yet.") and "Try next: Your answer is a Series" in repr(result)
    assert "add .sum()" in result._repr_html_()


# -- any answer at all: a result, never an exception ----------------------------------------------

scalars = st.one_of(
    st.none(), st.just(...), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["1980s", "original", "pre-existing song", "Running Up", "..."]),
    st.just(pd.NA), st.complex_numbers(allow_nan=True), st.binary(max_size=5),
)
answers = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.lists(scalars, max_size=4).map(tuple),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
    st.lists(st.one_of(st.integers(-10, 10 ** 6), st.floats(allow_nan=True), st.booleans()), max_size=6)
      .map(lambda v: pd.Series(v, dtype=object)),
    st.lists(st.floats(allow_nan=True), max_size=6).map(np.array),
    st.lists(st.booleans(), max_size=6).map(lambda v: pd.DataFrame({"x": v})),
    st.lists(st.lists(st.integers(), max_size=3), max_size=3),
)


@pytest.fixture(scope="module")
def expected(cues):
    """Each exercise's right answer, worked out once: the fuzz below is about the answers."""
    return {ex.id: kit.exercises._expected(ex, cues) for ex in EXERCISES.values()}


@given(exercise_id=st.sampled_from(sorted(EXERCISES)), answer=answers)
def test_any_answer_gets_a_result(cues, expected, exercise_id, answer):
    with mock.patch.object(kit.exercises, "_expected", lambda ex, _cues: expected[ex.id]):
        result = kit.check_exercise(exercise_id, answer, cues)
    assert isinstance(result, ExerciseResult)
    assert result.message and isinstance(result.hint, str)
    assert isinstance(repr(result), str) and isinstance(result._repr_html_(), str)
    if not result.correct:
        assert result.hint, "a wrong answer always gets something to try"
    if isinstance(answer, float) and math.isnan(answer) and exercise_id != "my-needle-drop-share":
        assert not result.correct


def test_listening_exercises_are_measured_and_explained(cues):
    assert not kit.check_exercise("two-worlds-more-bass", "radio", cues).correct
    assert kit.check_exercise("two-worlds-more-bass", "Underscore", cues).correct
    wrong = kit.check_exercise("crossing-diegesis", "diegetic", cues)
    assert not wrong.correct and "top-gun-1986-05" in wrong.hint
    with pytest.raises(ValueError, match="needs the cue 'top-gun-1986-05'"):
        kit.check_exercise("crossing-diegesis", "ambiguous", cues[cues["cue_id"] != "top-gun-1986-05"])
