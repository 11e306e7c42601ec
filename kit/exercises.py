"""Exercises that check a student's own pandas answer and say what to try next.

Each exercise computes its expected answer from the data the student has
(never a hard-coded number), compares, and returns feedback. Pure logic;
``check_exercise`` only adds display. Used in lessons 1-6.
"""

from __future__ import annotations

import html
import numbers
import os
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute the answer and what to suggest."""

    id: str
    prompt: str
    expected: Callable[[pd.DataFrame], Any]
    hints: tuple[str, ...]
    compare: Callable[[Any, Any], bool] | None = None


@dataclass(frozen=True)
class ExerciseResult:
    id: str
    correct: bool
    message: str
    hint: str = ""

    def _repr_html_(self) -> str:
        colour = "#006b3c" if self.correct else "#a33b00"
        mark = "&#10003;" if self.correct else "&#10007;"
        hint = f"<br><em>Try next:</em> {html.escape(self.hint)}" if self.hint else ""
        return (f"<div role='status' style='color:{colour}'>{mark} {html.escape(self.message)}{hint}</div>")

    def __repr__(self) -> str:
        return self.message + (f" Try next: {self.hint}" if self.hint else "")


EXERCISES: dict[str, Exercise] = {}


def register(ex: Exercise) -> Exercise:
    EXERCISES[ex.id] = ex
    return ex


def _same(given, expected) -> bool:
    if isinstance(expected, pd.DataFrame):
        return isinstance(given, pd.DataFrame) and given.shape == expected.shape and \
            given.reset_index(drop=True).equals(expected.reset_index(drop=True))
    if isinstance(expected, pd.Series):
        if not isinstance(given, pd.Series):
            return False
        try:
            a = given.astype(float).sort_index()
            b = expected.astype(float).sort_index()
            a.index = a.index.astype(str)
            b.index = b.index.astype(str)
            return a.index.equals(b.index) and bool(((a - b).abs() < 1e-6).all())
        except (TypeError, ValueError):
            return given.sort_index().equals(expected.sort_index())
    if isinstance(expected, float):
        try:
            return abs(float(given) - expected) < 1e-6
        except (TypeError, ValueError):
            return False
    if isinstance(expected, (set, frozenset)):
        try:
            return set(given) == set(expected)
        except TypeError:
            return False
    return given == expected


def _kind(value) -> str:
    """What sort of answer this is, in words: numpy and Python numbers alike are
    'a number', and a set of tied right answers has the kind of its members."""
    if isinstance(value, (set, frozenset)) and value:
        return _kind(next(iter(value)))
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return "a number"
    if isinstance(value, (str, os.PathLike)):
        return "text (a str)"
    return f"a {type(value).__name__}"


def check_exercise(exercise_id: str, answer, cues: pd.DataFrame | None = None) -> ExerciseResult:
    """Check ``answer`` to an exercise against the data and explain.

    ``cues`` is the frame the student worked on (default: ``kit.load_cues()``).
    An unanswered exercise (``...`` or ``None``) gets a nudge, not an error.
    """
    try:
        ex = EXERCISES[exercise_id]
    except KeyError:
        raise ValueError(f"no exercise called {exercise_id!r}; known: {', '.join(sorted(EXERCISES))}") from None
    if answer is None or answer is Ellipsis:
        return ExerciseResult(ex.id, False, "No answer yet: replace ... with your code and run the cell.",
                              ex.hints[0] if ex.hints else "")
    if cues is None:
        from kit.loading import load_cues

        cues = load_cues()
    expected = ex.expected(cues)
    ok = (ex.compare or _same)(answer, expected)
    if ok:
        return ExerciseResult(ex.id, True, "Correct. " + ex.prompt)
    kind_given, kind_expected = _kind(answer), _kind(expected)
    hint = ex.hints[0] if ex.hints else ""
    if kind_given != kind_expected:
        hint = f"Your answer is {kind_given}, but {kind_expected} is expected. " + hint
    elif len(ex.hints) > 1:
        hint = " ".join(ex.hints[:2])
    return ExerciseResult(ex.id, False, "Not yet. " + ex.prompt, hint)


# -- lesson 3: exploring the dataset with pandas --------------------------------

register(Exercise(
    "count-cues", "How many cues are in the dataset?",
    lambda c: len(c),
    ("len(cues) counts the rows of a DataFrame.",),
))
register(Exercise(
    "count-diegetic", "How many cues are diegetic (the characters can hear them)?",
    lambda c: int((c["diegesis"] == "diegetic").sum()),
    ("Compare the diegesis column with 'diegetic', then add up the True values with .sum().",
     "cues['diegesis'] == 'diegetic' gives True/False per row."),
))


# -- helpers for the exercises of lessons 1-6 -----------------------------------
# Expected answers are looked up or computed in the data the student passes,
# and the comparisons forgive what does not matter (case, curly quotes, a
# one-row Series instead of its value, a share written as a percentage).

#: The four famous songs of lesson 1: the seed's three "soundtrack" moments
#: and a Lion King song, as (title of the production, music_title).
SEED_SONGS = (
    ("The Breakfast Club", "Don't You (Forget About Me)"),
    ("Stranger Things", "Running Up That Hill (A Deal with God)"),
    ("Dirty Dancing", "(I've Had) The Time of My Life"),
    ("The Lion King", "Can You Feel the Love Tonight"),
)


def _norm(text) -> str:
    """Lower case, straight quotes and single spaces, for comparing words."""
    s = str(text).replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(s.strip().strip("\"'").lower().split())


def _values(given) -> list:
    """The distinct values a student gave: one for a plain value, several for a Series or list."""
    if isinstance(given, pd.DataFrame):
        return []
    if isinstance(given, (pd.Series, pd.Index, list, tuple, set, frozenset)):
        return list(pd.unique(pd.Series(list(given), dtype=object).dropna()))
    try:
        import numpy as np

        if isinstance(given, np.ndarray):
            return list(pd.unique(given.ravel()))
    except ImportError:  # pragma: no cover
        pass
    return [given]


def _same_text(given, expected) -> bool:
    """A word or title, ignoring case and quotes; a one-value Series counts as its value.

    ``expected`` may be a frozenset when several answers are right (a tie).
    """
    options = expected if isinstance(expected, (set, frozenset)) else {expected}
    vals = _values(given)
    return len(vals) == 1 and _norm(vals[0]) in {_norm(o) for o in options}


def _same_title(given, expected) -> bool:
    """Like :func:`_same_text`, but the start of a long title is enough
    ('Running Up That Hill' for 'Running Up That Hill (A Deal with God)')."""
    if _same_text(given, expected):
        return True
    options = expected if isinstance(expected, (set, frozenset)) else {expected}
    vals = _values(given)
    if len(vals) != 1 or len(_norm(vals[0])) < 6:
        return False
    return any(_norm(o).startswith(_norm(vals[0])) for o in options)


def _close(tolerance: float):
    """Compare numbers within ``tolerance``; a share may also be given as a percentage."""

    def compare(given, expected) -> bool:
        vals = _values(given)
        if len(vals) != 1 or isinstance(vals[0], (str, bool)):
            return False
        try:
            g, e = float(vals[0]), float(expected)
        except (TypeError, ValueError):
            return False
        if g != g or e != e:  # NaN: nothing to compare, e.g. an empty sheet
            return g != g and e != e
        return abs(g - e) <= tolerance or (0 <= e <= 1 < g <= 100 and abs(g / 100 - e) <= tolerance)

    return compare


def _same_series(tolerance: float = 1e-6, column: str | None = None):
    """Compare a Series of numbers by label, leaving out empty groups (zero or
    missing), so ``observed=True`` or not, and sorted or not, both pass. A
    DataFrame is accepted when ``column`` is one of its columns."""

    def compare(given, expected) -> bool:
        if isinstance(given, pd.DataFrame) and column is not None and column in given.columns:
            given = given[column]
        if isinstance(given, dict):
            given = pd.Series(given)
        if not isinstance(given, pd.Series):
            return False
        try:
            a = pd.to_numeric(given, errors="raise").astype(float)
        except (TypeError, ValueError):
            return False
        b = expected.astype(float)
        a.index, b.index = a.index.map(str), b.index.map(str)
        a, b = a[a.notna() & (a != 0)], b[b.notna() & (b != 0)]
        if a.index.has_duplicates or set(a.index) != set(b.index):
            return False
        return bool(((a.sort_index() - b.sort_index()).abs() <= tolerance).all())

    return compare


def _cue_value(c: pd.DataFrame, title: str, music_title: str, column: str):
    """The value of ``column`` for a cue found by production and music title."""
    rows = c[(c["title"].astype(str) == title) & (c["music_title"].astype(str) == music_title)]
    vals = sorted({v.item() if hasattr(v, "item") else v for v in rows[column].dropna()}, key=str)
    if not vals:
        raise LookupError(f"this exercise needs the cue '{music_title}' in {title}, which is not in "
                          "the data you passed: check_exercise(..., cues) with cues = kit.load_cues().")
    return vals[0] if len(vals) == 1 else frozenset(vals)


def _seed_pre_existing(c: pd.DataFrame):
    titles = [m for t, m in SEED_SONGS if _cue_value(c, t, m, "provenance") == "pre-existing"]
    return titles[0] if len(titles) == 1 else frozenset(titles)


def _ages(c: pd.DataFrame) -> pd.DataFrame:
    pre = c[c["provenance"].astype(str) == "pre-existing"]
    return pre.assign(age=(pre["year"] - pre["music_year"]).astype(float))


def _top(series: pd.Series):
    """The label with the highest value, or all labels tied for it."""
    series = series.dropna()
    best = series[series == series.max()].index.map(str)
    return best[0] if len(best) == 1 else frozenset(best)


def _shares(c: pd.DataFrame, by: str) -> pd.DataFrame:
    from kit.shares import share_table

    return share_table(c, by=by)


def _valid_sheet(given, _expected) -> bool:
    """True when the file named by ``given`` loads without a single problem."""
    from pathlib import Path

    from kit.loading import validate_files

    if not isinstance(given, (str, Path)) or not Path(given).is_file():
        return False
    return not validate_files(given)


# -- lesson 1: score or soundtrack? --------------------------------------------

register(Exercise(
    "breakfast-club-cue-type",
    "What is the cue_type of \"Don't You (Forget About Me)\" in The Breakfast Club?",
    lambda c: _cue_value(c, "The Breakfast Club", "Don't You (Forget About Me)", "cue_type"),
    ("Look at the cue_type column of the table of The Breakfast Club and copy the value, in quotes, "
     "e.g. answer = \"original score\".",
     "The four possible values are 'original score', 'original song', 'pre-existing song' and "
     "'pre-existing instrumental'."),
    compare=_same_text,
))
register(Exercise(
    "seed-pre-existing-song",
    "Which of the four famous songs existed before its production used it?",
    _seed_pre_existing,
    ("Look for the song whose provenance is 'pre-existing' (its music_year is earlier than its year), "
     "and write its title in quotes.",
     "The other three are 'original': they were written for their films."),
    compare=_same_title,
))

# -- lesson 2: beyond the binary ------------------------------------------------

register(Exercise(
    "bodyguard-provenance",
    "What is the provenance of \"I Will Always Love You\" in The Bodyguard?",
    lambda c: _cue_value(c, "The Bodyguard", "I Will Always Love You", "provenance"),
    ("Run show(\"The Bodyguard\", \"I Will Always Love You\") and read the provenance and the notes.",
     "Provenance is 'original' or 'pre-existing'; compare music_year with year."),
    compare=_same_text,
))
register(Exercise(
    "zarathustra-cue-type",
    "What is the cue_type of \"Also sprach Zarathustra\" in 2001: A Space Odyssey?",
    lambda c: _cue_value(c, "2001: A Space Odyssey", "Also sprach Zarathustra", "cue_type"),
    ("Run show(\"2001: A Space Odyssey\", \"Also sprach Zarathustra\"): when was the music written, "
     "and does anyone sing?",
     "Combine the two answers: provenance (original or pre-existing) plus form (song or instrumental)."),
    compare=_same_text,
))
register(Exercise(
    "count-ambiguous",
    "How many cues are ambiguous (it stays open, or changes, whether the characters hear them)?",
    lambda c: int((c["diegesis"].astype(str) == "ambiguous").sum()),
    ("Copy the pattern above: (cues[\"diegesis\"] == \"ambiguous\").sum()",
     "Check the spelling: the value is 'ambiguous', all in lower case."),
))

# -- lesson 3: more pandas -----------------------------------------------------

register(Exercise(
    "count-tv-cues", "How many cues come from TV series?",
    lambda c: int((c["medium"].astype(str) == "tv").sum()),
    ("The medium column says 'film' or 'tv'. Compare it with 'tv' and add up the True values with .sum().",
     "Or filter first and count the rows: len(cues[cues[\"medium\"] == \"tv\"])."),
))
register(Exercise(
    "count-80s-needle-drops", "How many cues from the 1980s are pre-existing songs?",
    lambda c: int(((c["decade"].astype(str) == "1980s") & (c["cue_type"].astype(str) == "pre-existing song")).sum()),
    ("Combine two conditions with &, each in its own parentheses: "
     "(cues[\"decade\"] == \"1980s\") & (cues[\"cue_type\"] == \"pre-existing song\").",
     "Then count the True values with .sum(), or filter with it and take len()."),
))
register(Exercise(
    "works-per-genre", "How many different works (films or series) does each genre have?",
    lambda c: c.groupby(c["genre"].astype(str))["work_id"].nunique(),
    ("Group by genre and count the distinct work_id values: "
     "cues.groupby(\"genre\", observed=True)[\"work_id\"].nunique()",
     ".count() or .size() counts cues, not works: a film with five cues would count five times."),
    compare=_same_series(),
))
register(Exercise(
    "pre-existing-share-by-medium",
    "What share of film cues, and of TV cues, is pre-existing music?",
    lambda c: pd.crosstab(c["medium"].astype(str), c["provenance"].astype(str),
                          normalize="index")["pre-existing"],
    ("Make a crosstab of medium against provenance with normalize=\"index\", then take its "
     "\"pre-existing\" column.",
     "normalize=\"index\" makes each row add up to 1; normalize=\"columns\" would divide the wrong way."),
    compare=_same_series(tolerance=0.005, column="pre-existing"),
))

# -- lesson 4: charting genres and eras --------------------------------------------

register(Exercise(
    "musical-original-song-share", "What share of the musical cues are original songs?",
    lambda c: float(_shares(c, "genre").loc["musical", "original song"]),
    ("Make the table behind the genre chart with kit.share_table(cues, by=\"genre\") and read the row "
     "\"musical\", column \"original song\" with .loc[row, column].",
     "A share is a number between 0 and 1; 0.5 means half of the cues."),
    compare=_close(0.005),
))
register(Exercise(
    "top-needle-drop-decade",
    "In which decade do pre-existing songs take the largest share of the sample's cues?",
    lambda c: _top(_shares(c, "decade")["pre-existing song"]),
    ("Take the \"pre-existing song\" column of kit.share_table(cues, by=\"decade\") and ask for the "
     "label of its largest value with .idxmax().",
     "The answer is a decade label such as \"1970s\", in quotes."),
    compare=_same_text,
))

# -- lesson 5: second lives ------------------------------------------------------------

register(Exercise(
    "running-up-age",
    "How many years old was \"Running Up That Hill (A Deal with God)\" when Stranger Things used it?",
    lambda c: _cue_value(c.assign(age=(c["year"] - c["music_year"]).astype("Int64")), "Stranger Things",
                         "Running Up That Hill (A Deal with God)", "age"),
    ("Subtract the year the music first appeared (music_year) from the year of the cue (year).",
     "Both columns are in the row shown above; the answer is a whole number of years."),
    compare=lambda given, expected: _same_text(given, expected) or _close(0)(given, expected),
))
register(Exercise(
    "median-song-age", "What is the median age of pre-existing songs when a production used them?",
    lambda c: float(_ages(c).loc[lambda d: d["form"].astype(str) == "song", "age"].median()),
    ("Keep the pre-existing songs of the ages table (form == \"song\") and take the median of the "
     "age column.",
     "The median is the middle value: half the songs were younger, half older. Use .median(), not .mean()."),
    compare=_close(0.5),
))
register(Exercise(
    "most-reused-music",
    "Which pre-existing piece of music appears in the largest number of different productions?",
    lambda c: _top(_ages(c).groupby(_ages(c)["music_title"].astype(str))["work_id"].nunique()),
    ("Group the pre-existing cues by music_title and count the distinct work_id values with .nunique(), "
     "then ask for the label of the largest with .idxmax().",
     "The answer is a music title, in quotes."),
    compare=_same_title,
))

# -- lesson 6: your own cue sheet -----------------------------------------------------

register(Exercise(
    "cue-sheet-valid", "Does the cue sheet load without a single problem?",
    lambda c: "the name of a cue sheet that loads without problems",
    ("Run kit.validate_files(answer) to list the problems that remain, and fix each cell it names.",
     "Save with .to_csv(path, index=False), so that pandas does not add a column of row numbers."),
    compare=_valid_sheet,
))
register(Exercise(
    "my-needle-drop-share", "What share of the cues in your own sheet are pre-existing songs?",
    lambda c: float((c["cue_type"].astype(str) == "pre-existing song").mean()) if len(c) else float("nan"),
    ("Compare the cue_type column of your sheet with \"pre-existing song\" and take the .mean() of the "
     "True and False values: True counts as 1, False as 0.",
     "Pass your own frame to the check: kit.check_exercise(\"my-needle-drop-share\", answer, mine)."),
    compare=_close(0.005),
))
