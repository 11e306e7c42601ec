"""One-line loaders for the bundled cue dataset and instructors' own files.

``load_cues()`` gives every lesson a typed, joined frame: categoricals for
the axes, ``cue_type`` derived from them, an ordered ``decade`` and nullable
integers. Problems in a file raise :class:`kit.CueDataError` listing all of
them. Used from lesson 1 onwards; lesson 7 loads students' own cue sheets.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from kit import schema
from kit.errors import CueDataError
from kit.paths import data_dir
from kit.taxonomy import CELLS, CUE_TYPES
from kit.validation import Table, read_table, suggest

__all__ = ["data_dir", "load_works", "load_cues", "validate_files"]

_JOINED = ["title", "medium", "genre", "country"]


def _path(path, default: str, argument: str) -> Path:
    """A file name given by the user as a Path (``None``: the bundled file)."""
    if path is None:
        return data_dir() / default
    if isinstance(path, (str, os.PathLike)):
        if "\x00" in os.fspath(path):
            raise ValueError(f"{argument} contains a NUL character, which no file name can hold: "
                             "check where the name came from.")
        return Path(path)
    raise TypeError(f"{argument} must be the name of a CSV file (a str or pathlib.Path), "
                    f"not {type(path).__name__}: e.g. {argument}='my_{default}'.")


def _check_works(path) -> Table:
    """Read and check a works file, or several (a list; ``None`` in it is the bundled one)."""
    if isinstance(path, (list, tuple)):
        return _combined_works([_check_works(p) for p in path])
    table = read_table(_path(path, "works.csv", "works"), "works")
    table.bundled = path is None
    _check_countries(table)
    return table


#: Two-letter codes people use that are not ISO 3166-1 country codes, and the code meant.
NOT_ISO = {"UK": "GB", "EN": "GB", "SU": "RU", "DD": "DE", "YU": "RS", "ZR": "CD", "EL": "GR"}


def _check_countries(works: Table) -> None:
    """Country codes of the right form that ISO 3166-1 does not use (UK is GB)."""
    if works.frame is None or "country" not in works.frame.columns:
        return
    for row, code in enumerate(works.column("country").tolist()):
        if code in NOT_ISO:
            works.problem(row, "country", code, f"'{code}' is not an ISO 3166-1 country code.",
                          f"Use '{NOT_ISO[code]}' (ISO 3166-1 alpha-2), as the data contract asks.")


def _combined_works(tables: list[Table]) -> Table:
    """Several checked works files as one table; a work_id defined twice is a problem."""
    if not tables:
        raise ValueError("works=[] names no works file; use works=None for the bundled works")
    combined = Table(tables[0].path, "works", " + ".join(t.label for t in tables))
    combined.bundled = all(t.bundled for t in tables)
    combined.problems = [p for t in tables for p in t.problems]
    frames = [t.frame for t in tables if t.frame is not None]
    if len(frames) < len(tables) or any("work_id" not in f.columns for f in frames):
        return combined  # a file could not be read, or lacks work_id: its problem is reported
    seen: dict[str, tuple[Table, int]] = {}
    for t in tables:
        for row, work_id in enumerate(t.column("work_id")):
            if work_id in seen:
                first, first_row = seen[work_id]
                t.problem(row, "work_id", work_id,
                          f"'{work_id}' is already defined in {first.label}, line {first.line_of(first_row)}.",
                          "Use the existing work (delete this row) or give this one a new work_id.")
                combined.problems.append(t.problems[-1])
            elif work_id:
                seen[work_id] = (t, row)
    names = list(dict.fromkeys(c for f in frames for c in f.columns))
    combined.frame = pd.concat([f.reindex(columns=names, fill_value="") for f in frames],
                               ignore_index=True)
    return combined


@lru_cache(maxsize=None)
def _category(values: tuple) -> tuple[dict, pd.CategoricalDtype]:
    return {v: i for i, v in enumerate(values)}, pd.CategoricalDtype(list(values))


def _categorical(factorized: tuple, values: tuple) -> pd.Categorical:
    """``pd.Categorical(col, categories=values)``, looking up each distinct value once."""
    position, dtype = _category(values)
    codes, distinct = factorized
    lookup = np.array([position.get(v, -1) for v in distinct], dtype=np.intp)
    return pd.Categorical.from_codes(lookup[codes], dtype=dtype)


def _integers(table: Table, name: str) -> pd.arrays.IntegerArray:
    """``pd.to_numeric(col.replace("", None), errors="coerce").astype("Int64")`` for checked
    whole numbers, converting each distinct value once."""
    codes, numbers = table.numbers(name)  # '' is NaN: missing
    missing = np.isnan(numbers)
    values = np.where(missing, 0, numbers).astype("int64")
    return pd.arrays.IntegerArray(values[codes], missing[codes])


def _optional(col: pd.Series) -> pd.Series:
    """``col.replace("", pd.NA)``: empty cells of an optional text column are missing."""
    empty = np.asarray(col.array, dtype=object) == ""
    if not empty.any():
        return col
    cells = col.array.copy()  # setting the missing cells checks only them, not every cell
    cells[empty] = pd.NA
    return pd.Series(cells, index=col.index, name=col.name, copy=False)


def _typed_columns(table: Table, names=None) -> dict:
    """The columns of a checked table (``names`` only, if given), typed, in file order."""
    fields = {f.name: f for f in schema.fields(table.name)}
    frame, out = table.frame, {}
    for name in frame.columns if names is None else names:
        col, f = table.column(name), fields.get(name)
        if f is None:
            out[name] = col  # an extra column, kept as read
        elif f.type == "integer":
            out[name] = _integers(table, name)
        elif f.enum is not None:
            out[name] = _categorical(table.codes(name), f.enum)
        elif not f.required:
            out[name] = _optional(col)
        else:
            out[name] = col
    return out


def _frame(columns: dict, index) -> pd.DataFrame:
    """A frame of the given columns, sharing their arrays (no copy, no realignment)."""
    return pd.DataFrame({name: col.array if isinstance(col, pd.Series) else col
                         for name, col in columns.items()}, index=index, copy=False)


def _typed(table: Table) -> pd.DataFrame:
    # one new frame from the typed columns: no copy of the whole table first
    return _frame(_typed_columns(table), table.frame.index)


def load_works(path=None) -> pd.DataFrame:
    """The works table: one row per film or series, typed.

    ``path`` is an instructor's own works file; by default the bundled one.
    Raises :class:`kit.CueDataError` listing every problem in the file.
    """
    table = _check_works(path)
    if table.problems:
        raise CueDataError(table.problems)
    return _typed(table)


def _check_cues(cues: Table, works: Table) -> None:
    """Checks that need both tables: foreign keys and TV-only columns."""
    c, w = cues.frame, works.frame
    if c is None or w is None:
        return
    needed = {"work_id", "year", "music_year", "season", "episode"}
    if not needed <= set(c.columns) or not {"work_id", "medium", "year"} <= set(w.columns):
        return  # the missing columns are already reported; cross-checks need them
    # Each cue's work: the first works row with its work_id (-1: none).
    w_ids = works.column("work_id").tolist()
    first = dict(zip(reversed(w_ids), range(len(w_ids) - 1, -1, -1)))
    codes, cue_ids = cues.codes("work_id")  # looked up once per distinct work_id
    pos = np.array([first.get(k, -1) for k in cue_ids], dtype=np.intp)[codes]
    unknown = pos < 0
    if unknown.any():
        ids = list(dict.fromkeys(w_ids))
        for row in np.flatnonzero(unknown):
            value = c["work_id"].iat[row]
            if value == "":
                continue
            near = suggest(value, ids)
            fix = (f"Did you mean '{near}'? " if near else "") + (
                "If it is a work of your own, list it in a works file of yours and pass both, "
                "e.g. kit.load_cues('my_cues.csv', works=[None, 'my_works.csv']) (None keeps the "
                "bundled works)." if works.bundled else
                f"Add a row for it to {works.label}, or use a work_id that is already there.")
            cues.problem(row, "work_id", value, f"'{value}' is not a work_id in {works.label}.", fix)
    # per cue: is its work a film, and the work's year (False / NaN when no work);
    # index -1 picks the sentinel appended at the end
    medium_codes, media = works.codes("medium")
    film = np.append(np.array([m == "film" for m in media], dtype=bool)[medium_codes], False)[pos]
    for col in ("season", "episode"):
        wrong = film & (cues.column(col).to_numpy(dtype=object) != "")
        for row in np.flatnonzero(wrong):
            cues.problem(row, col, c[col].iat[row],
                         f"'{c['work_id'].iat[row]}' is a film, but the cue has a {col}.",
                         f"Leave {col} empty for films, or mark the work as medium 'tv'.")
    years = _numbers(cues, "year")
    work_year = np.append(_numbers(works, "year"), np.nan)[pos]
    early = years < work_year
    for row in np.flatnonzero(early):
        cues.problem(row, "year", c["year"].iat[row],
                     f"the cue is dated before its work first appeared ({int(work_year[row])}).",
                     "Use the year the film was released or the episode aired.")
    film_off = film & (years != work_year) & ~np.isnan(years) & ~np.isnan(work_year)
    for row in np.flatnonzero(film_off & ~early):
        cues.problem(row, "year", c["year"].iat[row],
                     f"for a film the cue's year should be the film's release year ({int(work_year[row])}).",
                     f"Change it to {int(work_year[row])}, or correct the year in {works.label}.")
    music = _numbers(cues, "music_year")
    late = music > years
    for row in np.flatnonzero(late):
        cues.problem(row, "music_year", c["music_year"].iat[row],
                     f"the music is dated after the cue itself ({c['year'].iat[row]}).",
                     "music_year is when the music first appeared, so it cannot be later than year.")
    _check_recording(cues, music)
    _check_timecodes(cues)


def _check_recording(cues: Table, music: np.ndarray) -> None:
    """The recording heard and the reason for ambiguity agree with the axes (codebook)."""
    c, cols = cues.frame, set(cues.frame.columns)
    if {"recording", "provenance"} <= cols:
        wrong = (_cells(cues, "recording") == "existing") & (_cells(cues, "provenance") == "original")
        for row in np.flatnonzero(wrong):
            cues.problem(row, "recording", "existing",
                         "original music is heard in a recording made for the production.",
                         "Use recording 'new' for original music, or provenance 'pre-existing' if the "
                         "music existed before.")
    if {"recording_year", "recording"} <= cols:
        dated = _numbers(cues, "recording_year")
        odd = ~np.isnan(dated) & (_cells(cues, "recording") != "existing")
        for row in np.flatnonzero(odd):
            cues.problem(row, "recording_year", c["recording_year"].iat[row],
                         "a recording year is given only for an existing recording.",
                         "Set recording to 'existing', or leave recording_year empty.")
        early = dated < music
        for row in np.flatnonzero(early):
            cues.problem(row, "recording_year", c["recording_year"].iat[row],
                         f"the recording is dated before the music itself ({c['music_year'].iat[row]}).",
                         "recording_year is the year of the recording heard: the music must exist first.")
    if {"ambiguity", "diegesis"} <= cols:
        stray = (_cells(cues, "ambiguity") != "") & (_cells(cues, "diegesis") != "ambiguous")
        for row in np.flatnonzero(stray):
            cues.problem(row, "ambiguity", c["ambiguity"].iat[row],
                         "only an ambiguous cue says why it is ambiguous.",
                         "Leave ambiguity empty, or set diegesis to 'ambiguous'.")


def _cells(table: Table, name: str) -> np.ndarray:
    """A checked column's cells as an array of str, for comparisons without pandas' overhead."""
    return np.asarray(table.column(name).array, dtype=object)


def _seconds(timecode: str) -> float:
    """'01:42:07.250' as seconds (the form is checked by the schema's pattern)."""
    h, m, s = timecode.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def _check_timecodes(cues: Table) -> None:
    """An instructor's clip: the end after the start, and the release the times refer to."""
    c, cols = cues.frame, set(cues.frame.columns)
    if not {"start_tc", "end_tc", "release"} & cols:
        return
    pattern = re.compile(r"[0-9]{1,2}:[0-5][0-9]:[0-5][0-9]([.][0-9]{1,3})?")
    names = ("start_tc", "end_tc", "release")
    column = {n: (_cells(cues, n) if n in cols else np.full(len(c), "", dtype=object)) for n in names}
    for row in np.flatnonzero((column["start_tc"] != "") | (column["end_tc"] != "")):  # rows with a time
        start, end, release = (column[n][row] for n in names)
        if (start or end) and not release:
            cues.problem(row, "release", "",
                         "a timecode is given, but not the release it refers to.",
                         "Name the release (edition, format, year), e.g. 'Blu-ray, 2013 edition': "
                         "the same scene starts at different times on different editions.")
        if start and end and pattern.fullmatch(start) and pattern.fullmatch(end) and \
                _seconds(end) <= _seconds(start):
            cues.problem(row, "end_tc", end, f"the cue ends before it starts ({start}).",
                         "end_tc must be later than start_tc on the same release.")


def _numbers(table: Table, name: str) -> np.ndarray:
    """Each row's number, NaN where the cell is empty or its value was rejected: a wrong
    year is reported once, by its own check, and never compared with another."""
    codes, numbers = table.numbers(name)
    return numbers[codes]


def _validate(path, works) -> tuple[Table, Table]:
    cues_path = _path(path, "cues.csv", "path")
    works_table = _check_works(works)
    cues_table = read_table(cues_path, "cues")
    _check_cues(cues_table, works_table)
    return cues_table, works_table


def validate_files(path=None, works=None) -> list:
    """Every problem in a cues file (and its works file), without raising.

    Lesson 7 uses it so students can check a cue sheet as they write it.
    """
    cues_table, works_table = _validate(path, works)
    return works_table.problems + cues_table.problems


def load_cues(path=None, works=None) -> pd.DataFrame:
    """All cues, joined with their work's title, medium, genre and country.

    ``path`` is an instructor's cues file and ``works`` its works file; with
    ``works=None`` the bundled works are used, so a new file may cite them.
    ``works=[None, "my_works.csv"]`` adds your own works to the bundled ones.
    Returns one row per cue, typed: categoricals for the axes, ``cue_type``
    and ``placement``; ``decade`` as an ordered category such as ``1980s``;
    nullable integers for years, ``season`` and ``episode``. Extra columns
    are kept; a file's own ``title``, ``medium``, ``genre`` or ``country``
    column is kept as ``title_in_file`` etc., since those come from the works.
    Raises :class:`kit.CueDataError` listing every problem.
    """
    cues_table, works_table = _validate(path, works)
    problems = works_table.problems + cues_table.problems
    if problems:
        raise CueDataError(problems)
    cues = cues_table.frame
    columns = _typed_columns(cues_table)
    for name in _JOINED:  # a cue sheet with its own 'title' column keeps it, renamed
        if name in columns:
            columns[f"{name}_in_file"] = columns.pop(name)
    # the join: each cue takes its work's row (work_id is unique and known, as checked)
    pos = pd.Index(works_table.column("work_id")).get_indexer(cues_table.column("work_id"))
    for name, col in _typed_columns(works_table, _JOINED).items():
        columns[name] = col.array.take(pos) if isinstance(col, pd.Series) else col.take(pos)
    columns["cue_type"] = _cue_types(columns["provenance"], columns["form"])
    columns["decade"] = _decades(columns["year"])
    order = schema.columns("cues") + _JOINED + ["cue_type", "decade"]
    extras = [c for c in columns if c not in order]
    return _frame({name: columns[name] for name in order + extras}, pd.RangeIndex(len(cues)))


def _cue_types(provenance: pd.Categorical, form: pd.Categorical) -> pd.Categorical:
    """The cue_type of every cue, from a table indexed by the two axes' codes."""
    p_cats, f_cats = list(provenance.categories), list(form.categories)
    lookup = np.full((len(p_cats) + 1, len(f_cats) + 1), -1)  # the last row and column: missing
    for i, p in enumerate(p_cats):
        for j, f in enumerate(f_cats):
            if (p, f) in CELLS:
                lookup[i, j] = CUE_TYPES.index(CELLS[(p, f)])
    return pd.Categorical.from_codes(lookup[provenance.codes, form.codes],
                                     dtype=_category(tuple(CUE_TYPES))[1])


def _decades(year: pd.arrays.IntegerArray) -> pd.Categorical:
    """Ordered decades such as '1980s', every decade between the first and last kept."""
    start = (year.to_numpy(dtype="int64") // 10) * 10
    if len(start):
        lo, hi = int(start.min()), int(start.max())
        return pd.Categorical.from_codes((start - lo) // 10, dtype=_decade_dtype(lo, hi))
    # a cue sheet with a header and no rows yet
    return pd.Categorical.from_codes(start, dtype=pd.CategoricalDtype([], ordered=True))


@lru_cache(maxsize=64)
def _decade_dtype(lo: int, hi: int) -> pd.CategoricalDtype:
    return pd.CategoricalDtype([f"{d}s" for d in range(lo, hi + 10, 10)], ordered=True)
