"""The numbers behind the charts: shares of each cue type per group.

Pure pandas, so lessons and tests can read the exact figures a chart draws.
Used by ``kit.charts`` and in lesson 5 (charting genres and eras).
"""

from __future__ import annotations

import pandas as pd

from kit.errors import KitInputError, KitTypeError
from kit.taxonomy import BINARY, BINARY_LABELS, CUE_TYPES
from kit.validation import suggest

AXIS_VALUES = {
    "provenance": ("original", "pre-existing"),
    "form": ("instrumental", "song"),
    "diegesis": ("diegetic", "non-diegetic", "ambiguous"),
    "cue_type": CUE_TYPES,
    "binary": BINARY_LABELS,
}


#: Columns that make good groups, offered when a column name is not found.
GROUPABLE = ("decade", "genre", "medium", "country", "placement", "provenance", "form", "diegesis",
             "cue_type", "confidence", "year")




def check_frame(cues, what: str = "cues") -> pd.DataFrame:
    """``cues`` itself, or a TypeError saying what to pass instead."""
    if not isinstance(cues, pd.DataFrame):
        raise KitTypeError(f"expected a table of {what} (a DataFrame, e.g. cues = kit.load_cues()), "
                           f"but got {_a(cues)}.")
    return cues


def _a(value) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def require(cues: pd.DataFrame, *columns: str) -> None:
    """A ValueError naming the first missing column and how to get it."""
    missing = [c for c in columns if c not in cues.columns]
    if missing:
        raise KitInputError(f"the table has no '{missing[0]}' column, which this needs: pass the cues "
                            "from kit.load_cues() (or a selection of them).")


def allowed_columns(cues: pd.DataFrame) -> list[str]:
    """The usual grouping columns present in ``cues`` (any column works)."""
    return [c for c in GROUPABLE if c in cues.columns]


def _column(cues: pd.DataFrame, by) -> pd.Series:
    check_frame(cues)
    listed = ", ".join(f"'{c}'" for c in allowed_columns(cues)) or (
        "none of the usual ones ('decade', 'genre', 'medium', 'country') is in this table, so pass the "
        "cues from kit.load_cues()")
    if not isinstance(by, str):
        raise KitTypeError(f"a column name in quotes is expected, such as 'decade', but got {_a(by)}"
                        + ("" if by is None else f" ({str(by)[:40]})") + f". Columns to group by: {listed}.")
    if by not in cues.columns:
        near = suggest(by, [str(c) for c in cues.columns])
        hint = f" Did you mean '{near}'?" if near else ""
        raise KitInputError(f"there is no column '{by[:60]}' to group by.{hint} Columns to group by: "
                            f"{listed}.")
    col = cues[by]
    if col.dtype == object and len({type(v) for v in col.dropna()}) > 1:
        col = col.where(col.isna(), col.astype(str))  # e.g. 0 among '1980s': groups need one kind to sort
    return col


def type_column(cues: pd.DataFrame, binary: bool = False) -> pd.Series:
    """``cue_type`` (four cells) or the seed's score/soundtrack/neither."""
    check_frame(cues)
    if "cue_type" not in cues:
        raise KitInputError("the frame has no cue_type column: load it with kit.load_cues()")
    ct = cues["cue_type"].astype(str)
    if binary:
        return pd.Series(pd.Categorical(ct.map(BINARY), categories=list(BINARY_LABELS)), index=cues.index)
    return pd.Series(pd.Categorical(ct, categories=list(CUE_TYPES)), index=cues.index)


def group_order(cues: pd.DataFrame, by: str, shares: pd.DataFrame | None = None) -> list:
    """Groups in a sensible order: time order for ordered categories and
    years, else by share of original score (most score-heavy first)."""
    col = _column(cues, by)
    present = [g for g in pd.unique(col.dropna())]
    if isinstance(col.dtype, pd.CategoricalDtype) and col.cat.ordered:
        cats = list(col.cat.categories)
        used = [c for c in cats if c in set(present)]
        if not used:
            return []
        return cats[cats.index(used[0]): cats.index(used[-1]) + 1]
    if pd.api.types.is_numeric_dtype(col):
        return sorted(present)
    if shares is not None and len(shares.columns):
        first = shares.columns[0]
        return list(shares.reindex([g for g in shares.index if g in set(present)])
                    .sort_values([first], ascending=False, kind="stable").index)
    return sorted(present, key=str)


def share_table(cues: pd.DataFrame, by: str = "decade", binary: bool = False,
                order: list | None = None) -> pd.DataFrame:
    """Share of each cue type within each group, plus the count ``n``.

    Rows are groups in chart order (or ``order``, to line up several charts);
    a group with no cues has ``n == 0`` and empty shares. Each non-empty row's
    shares sum to 1.
    """
    col = _column(cues, by)
    types = type_column(cues, binary)
    if order is not None:
        if isinstance(order, (str, bytes)) or not pd.api.types.is_list_like(order):
            raise KitTypeError("order is a list of the groups in the order to draw them, e.g. "
                               f"order=['film', 'tv'], not {_a(order)}.")
        order = list(order)
    counts = pd.crosstab(col.astype(object).where(col.notna()), types, dropna=False)
    counts = counts.reindex(columns=list(types.cat.categories), fill_value=0)
    counts.index.name = by
    n = counts.sum(axis=1)
    shares = counts.div(n.where(n > 0), axis=0)
    if order is None:
        order = group_order(cues, by, shares)
    shares = shares.reindex(order)
    shares["n"] = n.reindex(order).fillna(0).astype(int)
    shares.columns.name = "binary" if binary else "cue_type"
    return shares


def value_axis(value) -> str:
    """Which column a value such as 'pre-existing' or 'diegetic' belongs to."""
    every = [v for vs in AXIS_VALUES.values() for v in vs]
    if isinstance(value, str):
        for axis, values in AXIS_VALUES.items():
            if value in values:
                return axis
        near = suggest(value, every)
    else:
        near = ""
    raise KitInputError(f"'{str(value)[:60]}' is not a value of provenance, form, diegesis or cue_type."
                     + (f" Did you mean '{near}'?" if near else "")
                     + " Choose one of: " + ", ".join(f"'{v}'" for v in dict.fromkeys(every)) + ".")


def cell_shares(cues: pd.DataFrame, rows: str = "genre", cols: str = "decade",
                value: str = "pre-existing") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Share of cues with ``value`` in each (rows, cols) cell, and the counts."""
    axis = value_axis(value)
    require(check_frame(cues), "cue_type" if axis == "binary" else axis)
    series = type_column(cues, binary=True) if axis == "binary" else cues[axis].astype(str)
    hit = series.astype(str).eq(value)
    r, c = _column(cues, rows), _column(cues, cols)
    frame = pd.DataFrame({"r": r.astype(object), "c": c.astype(object), "hit": hit})
    counts = frame.pivot_table(index="r", columns="c", values="hit", aggfunc="size", fill_value=0)
    hits = frame.pivot_table(index="r", columns="c", values="hit", aggfunc="sum", fill_value=0)
    row_order = [g for g in group_order(cues, rows) if g in counts.index] if not (
        isinstance(r.dtype, pd.CategoricalDtype) and not r.cat.ordered) else None
    col_order = group_order(cues, cols)
    if row_order is None:
        overall = hits.sum(axis=1) / counts.sum(axis=1)
        row_order = list(overall.sort_values(ascending=False, kind="stable").index)
    counts = counts.reindex(index=row_order, columns=col_order, fill_value=0)
    hits = hits.reindex(index=row_order, columns=col_order, fill_value=0)
    share = hits / counts.where(counts > 0)
    share.index.name, share.columns.name = rows, cols
    counts.index.name, counts.columns.name = rows, cols
    return share, counts


#: What a music age can measure: the composition, or the existing recording heard.
AGE_MEASURES = ("composition", "recording")


def music_ages(cues: pd.DataFrame, measure: str = "composition") -> pd.DataFrame:
    """Pre-existing cues with ``age`` = year used minus the year the music dates from.

    ``measure="composition"`` dates the music by ``music_year`` (when it first
    appeared); ``measure="recording"`` keeps the needle drops (``recording``
    = ``existing``) and dates each by the recording heard, ``recording_year``
    where it differs. ``since`` holds the year used. Lesson 6 (second lives).
    """
    if measure not in AGE_MEASURES:
        raise KitInputError(f"measure must be 'composition' or 'recording', not {str(measure)[:40]!r}")
    require(check_frame(cues), "provenance", "year", "music_year")
    pre = cues[cues["provenance"].astype(str).eq("pre-existing")].copy()
    used, first = (pd.to_numeric(pre[c], errors="coerce").astype("Float64") for c in ("year", "music_year"))
    if measure == "recording":
        require(cues, "recording")
        existing = pre["recording"].astype(str).eq("existing").to_numpy()
        recorded = (pd.to_numeric(pre["recording_year"], errors="coerce").astype("Float64")
                    if "recording_year" in pre else first * pd.NA)
        first = recorded.fillna(first)
        pre, used, first = pre[existing].copy(), used[existing], first[existing]
    pre["since"] = first.round().astype("Int64")
    age = (used - first).round()
    pre["age"] = age.where(age.abs() < 1e6).astype("Int64")  # an impossible age counts as unknown
    return pre.sort_values("age", ascending=False)
