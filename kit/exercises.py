"""Exercises that check a student's own pandas answer and say what to try next.

Each exercise computes its expected answer from the data the student has
(never a hard-coded number), compares, and returns feedback. Pure logic;
``check_exercise`` only adds display. Used in lessons 1-7.
"""

from __future__ import annotations

import csv
import html
import numbers
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from kit.errors import KitInputError
from kit.shares import KitTypeError, check_frame


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute the answer and what to suggest.

    ``advise(given, expected)`` may return a sentence for a wrong answer that
    says what to do (e.g. "the file has ... in it"), or "" to use the
    general advice about the kind of value expected.
    """

    id: str
    prompt: str
    expected: Callable[[pd.DataFrame], Any]
    hints: tuple[str, ...]
    compare: Callable[[Any, Any], bool] | None = None
    advise: Callable[[Any, Any], str] | None = None


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

#: What an unanswered exercise gets: a nudge, not an error.
PLACEHOLDER = "No answer yet: replace ... with your answer and run the cell."


def register(ex: Exercise) -> Exercise:
    EXERCISES[ex.id] = ex
    return ex


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _scalar(given):
    """The one value in a one-value Series, array or list; otherwise ``given``."""
    if isinstance(given, (list, tuple)) and len(given) == 1:
        return given[0]
    if isinstance(given, (pd.Series, pd.Index, np.ndarray)) and given.size == 1:
        return np.ravel(np.asarray(given, dtype=object))[0]
    return given


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
            return bool(given.sort_index().equals(expected.sort_index()))
    if isinstance(expected, (set, frozenset)):
        try:
            return set(given) == set(expected)
        except TypeError:
            return False
    given = _scalar(given)
    if _is_number(expected):
        if not _is_number(given):
            return False
        try:
            return abs(float(given) - float(expected)) < 1e-6
        except (OverflowError, TypeError, ValueError):
            return given == expected  # a whole number too big for a float
    if isinstance(given, (pd.Series, pd.DataFrame, pd.Index, np.ndarray)):
        return False
    return (given == expected) is True


def _kind(value) -> str:
    """What sort of answer this is, in words: numpy and Python numbers alike are
    'a number', and a set of tied right answers has the kind of its members."""
    if isinstance(value, (set, frozenset)) and value:
        return _kind(next(iter(value)))
    if _is_number(value):
        return "a number"
    if value is pd.NA or value is pd.NaT:
        return "a missing value (NA)"
    if isinstance(value, (bool, np.bool_)):
        return "True or False"
    if isinstance(value, (str, os.PathLike)):
        return "text (a str)"
    if isinstance(value, pd.DataFrame):
        return "a table (a DataFrame)"
    if isinstance(value, pd.Series):
        return "a Series"
    if isinstance(value, np.ndarray):
        return "an array"
    name = type(value).__name__
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def _is_placeholder(answer) -> bool:
    """``...`` (or ``"..."``) left where the answer goes, alone or in a list."""
    if answer is Ellipsis:
        return True
    if isinstance(answer, str):
        return answer.strip() in ("...", "\u2026")
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(a is Ellipsis for a in answer)
    if isinstance(answer, dict):
        return any(v is Ellipsis for v in answer.values())
    return False


def _count(given) -> int:
    """How many values a container holds (cells, for a table)."""
    if isinstance(given, (dict, set, frozenset, list, tuple)):
        return len(given)
    return int(np.size(given))


def _many(given) -> str:
    """'a Series of 761 True/False values' and the like, for advice."""
    n = _count(given)
    if n == 0:
        return f"{_kind(given)} with no values"
    listed = list(given.values()) if isinstance(given, dict) else list(given)
    values = np.ravel(np.asarray(listed if not isinstance(given, np.ndarray) else given, dtype=object))
    if all(isinstance(v, (bool, np.bool_)) for v in values):
        what = "True/False value"
    elif all(_is_number(v) for v in values):
        what = "number"
    else:
        what = "value"
    return f"{_kind(given)} of {n} {what}{'' if n == 1 else 's'}"


def _advice(given, expected) -> str:
    """Why this kind of answer cannot be right, and what to try; '' when the
    kind is right (then only the value is wrong)."""
    many = isinstance(given, (pd.Series, pd.Index, np.ndarray, list, tuple, dict, set, frozenset))
    if isinstance(expected, pd.Series):
        if isinstance(given, pd.DataFrame):
            return ("Your answer is a table (a DataFrame), but a Series (one column, one number per "
                    "group) is expected: take one column with [\"name\"].")
        if isinstance(given, (pd.Series, dict)):
            return ""
        return (f"Your answer is {_kind(given)}, but a Series with one number per group is expected: "
                "keep the whole result of .groupby(...) or pd.crosstab(...), not one number of it.")
    one = _scalar(given)
    if one is not given and not isinstance(one, (pd.Series, pd.DataFrame)):
        given, many = one, False
    if _is_number(expected):
        if isinstance(given, (bool, np.bool_)):
            return ("Your answer is True or False, but a number is expected: count the True values of "
                    "a condition with .sum() instead of testing it.")
        if isinstance(given, pd.DataFrame):
            return ("Your answer is a table (a DataFrame), but a number is expected: pick one column "
                    "with [\"name\"] and reduce it, e.g. with .sum(), or read one cell with "
                    ".loc[row, column].")
        if many:
            text = f"Your answer is {_many(given)}, but a number is expected"
            if _count(given) == 0:
                return text + ": check the filter or column name that made it."
            if "True/False" in text:
                if isinstance(expected, float) and not float(expected).is_integer():
                    return text + ": add .mean() for the share of True values."
                return text + ": add .sum() to count the True values."
            return (text + ": reduce it to one value, e.g. with .sum(), .mean() or .median(), or pick one "
                    "with .loc[...].")
        if isinstance(given, str):
            try:
                float(given)
            except ValueError:
                return "Your answer is text (a str), but a number is expected."
            return "Your answer is text (in quotes), but a number is expected: remove the quotes."
        if _is_number(given) and given != given:
            return ("Your answer is NaN (not a number), which pandas gives for an empty selection: "
                    "check the filter and the column names.")
        if not _is_number(given):
            return f"Your answer is {_kind(given)}, but a number is expected."
        return ""
    if isinstance(expected, (str, set, frozenset)):
        if isinstance(given, pd.DataFrame):
            return ("Your answer is a table (a DataFrame), but one value in quotes is expected: read one "
                    "cell with .loc[row, column].")
        if many:
            if _count(given) == 0:
                return f"Your answer is {_many(given)}: check the filter or column name that made it."
            return (f"Your answer is {_many(given)}, but one value in quotes is expected: pick the one "
                    "the question asks for.")
        if not isinstance(given, (str, os.PathLike)):
            return f"Your answer is {_kind(given)}, but text in quotes is expected."
        return ""
    return ""


def _agrees(compare, given, expected) -> bool:
    """The comparison's verdict; an answer it cannot handle is simply not right."""
    try:
        verdict = compare(given, expected)
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError):
        return False
    return isinstance(verdict, (bool, np.bool_)) and bool(verdict)


def _exercise(exercise_id) -> Exercise:
    known = ", ".join(sorted(EXERCISES))
    if not isinstance(exercise_id, str):
        raise KitTypeError(f"the exercise name goes first, in quotes, e.g. "
                           f"kit.check_exercise(\"count-cues\", answer, cues); known: {known}")
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise KitInputError(f"no exercise called {exercise_id[:60]!r}; known: {known}") from None


def _expected(ex: Exercise, cues: pd.DataFrame):
    """The right answer for this data, or a plain error saying what to pass."""
    try:
        return ex.expected(cues)
    except KeyError as err:
        raise KitInputError(f"this exercise needs the column {str(err.args[0])[:60]!r}, which the table you "
                            "passed does not have: pass the cues from kit.load_cues() (or your own sheet "
                            "loaded with kit.load_cues(path)).") from None
    except (TypeError, ValueError, ArithmeticError, IndexError) as err:
        if isinstance(err, KitInputError):
            raise
        raise KitInputError("this exercise cannot be worked out from the table you passed; pass the cues "
                            "from kit.load_cues() (or your own sheet loaded with kit.load_cues(path)).") from None


def check_exercise(exercise_id: str, answer, cues: pd.DataFrame | None = None) -> ExerciseResult:
    """Check ``answer`` to an exercise against the data and explain.

    ``cues`` is the frame the student worked on (default: ``kit.load_cues()``).
    An unanswered exercise (``...`` or ``None``) gets a nudge, not an error,
    and a wrong kind of answer (a Series where a number is expected, say)
    is told what kind is expected and what to add.
    """
    ex = _exercise(exercise_id)
    first = ex.hints[0] if ex.hints else ""
    if _is_placeholder(answer):
        return ExerciseResult(ex.id, False, PLACEHOLDER, first)
    if answer is None:
        return ExerciseResult(ex.id, False, "No answer yet: answer is None, which means no value. Put the "
                              "value itself after answer = (not print(...)) and run the cell.", first)
    if cues is None:
        from kit.loading import load_cues

        cues = load_cues()
    check_frame(cues)
    expected = _expected(ex, cues)
    if _agrees(ex.compare or _same, answer, expected):
        return ExerciseResult(ex.id, True, "Correct. " + ex.prompt)
    advice = ""
    if ex.advise is not None:
        try:
            advice = ex.advise(answer, expected) or ""
        except (TypeError, ValueError, OSError):
            advice = ""
    advice = advice or _advice(answer, expected)
    if advice:
        hint = advice + (" " + first if first else "")
    else:
        hint = " ".join(ex.hints[:2])
    return ExerciseResult(ex.id, False, "Not yet. " + ex.prompt, hint)


# -- lesson 4: exploring the dataset with pandas --------------------------------

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


# -- helpers for the exercises of lessons 1-7 -----------------------------------
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
    if isinstance(given, (pd.Series, pd.Index, list, tuple, set, frozenset, np.ndarray)):
        values = np.ravel(np.asarray(list(given) if not isinstance(given, np.ndarray) else given, dtype=object))
        try:
            return list(pd.unique(pd.Series(values, dtype=object).dropna()))
        except TypeError:  # unhashable members, e.g. a list of lists: never one answer
            return list(values)
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
        except (TypeError, ValueError, OverflowError):  # OverflowError: a whole number beyond any float
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
        raise KitInputError(f"this exercise needs the cue '{music_title}' in {title}, which is not in "
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
    from kit.loading import validate_files

    if not isinstance(given, (str, os.PathLike)) or not Path(given).is_file():
        return False
    try:
        return not validate_files(given)
    except (ValueError, OSError, UnicodeError):  # not a CSV file at all
        return False


def _sheet_advice(given, _expected) -> str:
    """What is wrong with the answer to the cue-sheet exercise, before any cell:
    not a file name, no such file, or ``...`` still in it (pandas writes it
    as the word 'Ellipsis')."""
    if not isinstance(given, (str, os.PathLike)):
        return (f"Your answer is {_kind(given)}, but the name of the CSV file you saved is expected: "
                "answer = fixed_sheet.")
    path = Path(given)
    if not path.is_file():
        return (f"There is no file called '{str(given)[:80]}': run the cell that saves the sheet with "
                ".to_csv(...) first.")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeError, csv.Error):
        return ""
    if not rows:
        return "The file is empty: save the sheet with .to_csv(path, index=False) and try again."
    header, where = rows[0], []
    for row in rows[1:]:
        for i, cell in enumerate(row):
            if cell.strip() == "Ellipsis":
                name = header[i] if i < len(header) else f"column {i + 1}"
                if name not in where:
                    where.append(name)
    if where:
        return ("The sheet still has ... in " + ", ".join(f"'{c}'" for c in where)
                + ": replace each ... with your answer (the right value) and run the cell again.")
    return ""


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

# -- lesson 3: hearing the difference --------------------------------------------

def _more_bass(_cues) -> str:
    """Which version of demonstration 1 keeps more energy below 300 Hz, as measured."""
    from kit.listen.demos import demo
    from kit.listen.measure import bands
    lows = {c.key: bands(c.samples, c.rate)["lows_db"] for c in demo("two-worlds").clips}
    return max(lows, key=lows.get)


def _cue_by_id(c: pd.DataFrame, cue_id: str, column: str):
    rows = c[c["cue_id"].astype(str) == cue_id]
    if rows.empty:
        raise KitInputError(f"this exercise needs the cue '{cue_id}', which is not in the data you passed: "
                            "check_exercise(..., cues) with cues = kit.load_cues().")
    return str(rows[column].iloc[0])


register(Exercise(
    "two-worlds-more-bass",
    "Which version in demonstration 1 keeps more of the deep notes below 300 Hz: 'underscore' or 'radio'?",
    _more_bass,
    ("Listen for the deep pedal note, or look at the picture: which line is higher on the left, below 300 Hz?",
     "Write one of the two names in quotes, e.g. answer = \"radio\"."),
    compare=_same_text,
))
register(Exercise(
    "crossing-diegesis",
    "How does the dataset code the diegesis of the Top Gun cue that starts on the bar's jukebox "
    "at the end of the film (top-gun-1986-05)?",
    lambda c: _cue_by_id(c, "top-gun-1986-05", "diegesis"),
    ("Find top-gun-1986-05 in the table of crossing cues above and read its diegesis column.",
     "The three values are 'diegetic', 'non-diegetic' and 'ambiguous'."),
    compare=_same_text,
))

# -- lesson 4: more pandas -----------------------------------------------------

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

# -- lesson 5: charting genres and eras --------------------------------------------

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

# -- lesson 6: second lives ------------------------------------------------------------

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

# -- lesson 7: your own cue sheet -----------------------------------------------------

register(Exercise(
    "cue-sheet-valid", "Does the cue sheet load without a single problem?",
    lambda c: "the name of a cue sheet that loads without problems",
    ("Run kit.validate_files(answer) to list the problems that remain, and fix each cell it names.",
     "Save with .to_csv(path, index=False), so that pandas does not add a column of row numbers."),
    compare=_valid_sheet, advise=_sheet_advice,
))
register(Exercise(
    "my-needle-drop-share", "What share of the cues in your own sheet are pre-existing songs?",
    lambda c: float((c["cue_type"].astype(str) == "pre-existing song").mean()) if len(c) else float("nan"),
    ("Compare the cue_type column of your sheet with \"pre-existing song\" and take the .mean() of the "
     "True and False values: True counts as 1, False as 0.",
     "Pass your own frame to the check: kit.check_exercise(\"my-needle-drop-share\", answer, mine)."),
    compare=_close(0.005),
))
