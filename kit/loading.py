"""One-line loaders for the bundled cue dataset and instructors' own files.

``load_cues()`` gives every lesson a typed, joined frame: categoricals for
the axes, ``cue_type`` derived from them, an ordered ``decade`` and nullable
integers. Problems in a file raise :class:`kit.CueDataError` listing all of
them. Used from lesson 1 onwards; lesson 6 loads students' own cue sheets.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kit import schema
from kit.errors import CueDataError
from kit.paths import data_dir
from kit.taxonomy import CUE_TYPES
from kit.validation import Table, read_table, suggest

__all__ = ["data_dir", "load_works", "load_cues", "validate_files"]

_CATEGORIES = {
    "works": ("medium", "genre"),
    "cues": ("provenance", "form", "diegesis", "placement", "confidence"),
}
_JOINED = ["title", "medium", "genre", "country"]


def _check_works(path) -> Table:
    return read_table(Path(path) if path is not None else data_dir() / "works.csv", "works")


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    df = frame.copy()
    for f in schema.fields(table):
        if f.type == "integer":
            df[f.name] = pd.to_numeric(df[f.name].replace("", None), errors="coerce").astype("Int64")
        elif f.enum is not None:
            df[f.name] = pd.Categorical(df[f.name], categories=list(f.enum))
        elif not f.required:
            df[f.name] = df[f.name].replace("", pd.NA)
    return df


def load_works(path=None) -> pd.DataFrame:
    """The works table: one row per film or series, typed.

    ``path`` is an instructor's own works file; by default the bundled one.
    Raises :class:`kit.CueDataError` listing every problem in the file.
    """
    table = _check_works(path)
    if table.problems:
        raise CueDataError(table.problems)
    return _typed(table.frame, "works")


def _check_cues(cues: Table, works: Table) -> None:
    """Checks that need both tables: foreign keys and TV-only columns."""
    c, w = cues.frame, works.frame
    if c is None or w is None:
        return
    needed = {"work_id", "year", "music_year", "season", "episode"}
    if not needed <= set(c.columns) or not {"work_id", "medium", "year"} <= set(w.columns):
        return  # the missing columns are already reported; cross-checks need them
    known = w.drop_duplicates("work_id").set_index("work_id")
    ids = list(known.index)
    missing = c["work_id"].ne("") & ~c["work_id"].isin(known.index)
    for row in c.index[missing]:
        value = c.at[row, "work_id"]
        near = suggest(value, ids)
        fix = (f"Did you mean '{near}'? " if near else "") + (
            f"Add a row for it to {works.label}, or use a work_id that is already there.")
        cues.problem(row, "work_id", value, f"'{value}' is not a work_id in {works.label}.", fix)
    medium = c["work_id"].map(known["medium"]) if "medium" in known else None
    if medium is not None:
        for col in ("season", "episode"):
            if col in c:
                wrong = medium.eq("film") & c[col].ne("")
                for row in c.index[wrong]:
                    cues.problem(row, col, c.at[row, col],
                                 f"'{c.at[row, 'work_id']}' is a film, but the cue has a {col}.",
                                 f"Leave {col} empty for films, or mark the work as medium 'tv'.")
    years = pd.to_numeric(c.get("year"), errors="coerce")
    work_year = pd.to_numeric(c["work_id"].map(known["year"]), errors="coerce") if "year" in known else None
    if work_year is not None and years is not None:
        early = years.lt(work_year)
        for row in c.index[early]:
            cues.problem(row, "year", c.at[row, "year"],
                         f"the cue is dated before its work first appeared ({int(work_year[row])}).",
                         "Use the year the film was released or the episode aired.")
        film_off = medium.eq("film") & years.ne(work_year) & years.notna() & work_year.notna()
        for row in c.index[film_off & ~early]:
            cues.problem(row, "year", c.at[row, "year"],
                         f"for a film the cue's year should be the film's release year ({int(work_year[row])}).",
                         f"Change it to {int(work_year[row])}, or correct the year in {works.label}.")
    music = pd.to_numeric(c.get("music_year"), errors="coerce")
    if years is not None and music is not None:
        late = music.gt(years)
        for row in c.index[late]:
            cues.problem(row, "music_year", c.at[row, "music_year"],
                         f"the music is dated after the cue itself ({c.at[row, 'year']}).",
                         "music_year is when the music first appeared, so it cannot be later than year.")


def _validate(path, works) -> tuple[Table, Table]:
    cues_path = Path(path) if path is not None else data_dir() / "cues.csv"
    works_table = _check_works(works)
    cues_table = read_table(cues_path, "cues")
    _check_cues(cues_table, works_table)
    return cues_table, works_table


def validate_files(path=None, works=None) -> list:
    """Every problem in a cues file (and its works file), without raising.

    Lesson 6 uses it so students can check a cue sheet as they write it.
    """
    cues_table, works_table = _validate(path, works)
    return works_table.problems + cues_table.problems


def load_cues(path=None, works=None) -> pd.DataFrame:
    """All cues, joined with their work's title, medium, genre and country.

    ``path`` is an instructor's cues file and ``works`` its works file; with
    ``works=None`` the bundled works are used, so a new file may cite them.
    Returns one row per cue, typed: categoricals for the axes, ``cue_type``
    and ``placement``; ``decade`` as an ordered category such as ``1980s``;
    nullable integers for years, ``season`` and ``episode``. Extra columns
    are kept. Raises :class:`kit.CueDataError` listing every problem.
    """
    cues_table, works_table = _validate(path, works)
    problems = works_table.problems + cues_table.problems
    if problems:
        raise CueDataError(problems)
    cues = _typed(cues_table.frame, "cues")
    works_df = _typed(works_table.frame, "works")
    joined = cues.merge(works_df[["work_id", *_JOINED]], on="work_id", how="left", validate="many_to_one")
    ctype = joined["provenance"].astype(str) + "|" + joined["form"].astype(str)
    mapping = {
        "original|instrumental": "original score",
        "original|song": "original song",
        "pre-existing|song": "pre-existing song",
        "pre-existing|instrumental": "pre-existing instrumental",
    }
    joined["cue_type"] = pd.Categorical(ctype.map(mapping), categories=list(CUE_TYPES))
    decade_start = (joined["year"] // 10) * 10
    if len(joined):
        lo, hi = int(decade_start.min()), int(decade_start.max())
        labels = [f"{d}s" for d in range(lo, hi + 10, 10)]
        names = decade_start.astype(int).astype(str) + "s"
    else:  # a cue sheet with a header and no rows yet
        labels, names = [], pd.Series([], dtype=object)
    joined["decade"] = pd.Categorical(names, categories=labels, ordered=True)
    order = schema.columns("cues") + _JOINED + ["cue_type", "decade"]
    extras = [c for c in joined.columns if c not in order]
    return joined[order + extras]
