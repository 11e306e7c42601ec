"""Charts of score versus soundtrack across genres and eras.

Every function draws on ``ax`` (or a new figure), returns the Axes and never
calls ``plt.show()``. Colours come from the Okabe-Ito colour-blind-safe
palette, one per cue type and the same in every chart, and pre-existing
music is also hatched so the chart reads in greyscale. Each chart stores a
plain-text description, read with :func:`describe_chart`. Used in lessons 5
and 6; ``plot_confusion`` in the class-results guide.

Every text put on a chart (titles, labels, category names, music titles)
is shown literally: a '$' is a dollar sign, never matplotlib mathtext. Long
names are shortened on the chart (the description keeps them whole), and a
column with too many values for one chart is refused with a message saying
what to choose instead.
"""

from __future__ import annotations

import html
import numbers
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from kit.chart_display import register as register_alt_text
from kit.errors import KitInputError
from kit.shares import KitTypeError, _column, allowed_columns, cell_shares, check_frame, music_ages, require, \
    share_table, value_axis

#: One colour per cue type (Okabe & Ito 2008): blues for original music,
#: oranges for pre-existing music.
COLOURS = {
    "original score": "#0072B2",
    "original song": "#56B4E9",
    "pre-existing song": "#D55E00",
    "pre-existing instrumental": "#E69F00",
    "score": "#0072B2",
    "soundtrack": "#D55E00",
    "neither": "#999999",
}
HATCHES = {"pre-existing song": "//", "pre-existing instrumental": "..", "soundtrack": "//", "neither": "xx"}

register_alt_text()  # in a notebook, a chart's image carries its description as alt text (lessons 3, 5, 6)

LABELS = {"decade": "Decade", "genre": "Genre", "medium": "Medium", "country": "Producing country",
          "placement": "Placement", "diegesis": "Diegesis", "year": "Year"}

#: Most bars in one share chart, and most rows or columns in a heat map
#: (every year of the dataset fits; one bar per film does not).
MAX_GROUPS = 120
#: Most panels in a small-multiples grid (one per genre fits).
MAX_PANELS = 16
#: Longest category name on an axis, and longest title, before shortening.
LABEL_CHARS = 28
TITLE_CHARS = 90


class ChartText(str):
    """A chart's description: a str that a notebook shows as readable text.

    It compares equal to the text and prints as usual; as the last line of a
    cell it is shown as plain text, not as a quoted string full of ``\\n``.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        return f'<div class="kit-chart-text" style="white-space: pre-wrap">{html.escape(self)}</div>'


def _check_ax(ax) -> None:
    if ax is not None and not isinstance(ax, Axes):
        raise KitTypeError("ax must be a matplotlib Axes, e.g. from fig, ax = plt.subplots(), or left out "
                           f"for a new chart; got {type(ax).__name__}.")


def _new_ax(ax, size=(9, 5)):
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _short(value, limit: int = LABEL_CHARS) -> str:
    """A name on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _plain(*axes) -> None:
    """Show every text of these Axes literally (no mathtext for '$').

    Tick labels are made first, so that the ones drawn later are the same
    objects and keep the setting.
    """
    for ax in axes:
        ax.get_xticklabels()
        ax.get_yticklabels()
        for text in ax.findobj(Text):
            text.set_parse_math(False)


def _say(ax, text: str):
    _plain(ax)
    ax.kit_description = text
    register_alt_text()  # in a notebook, the chart's image carries this text as alt text
    return ax


def describe_chart(ax) -> ChartText:
    """The text alternative of a chart drawn by the kit (for screen readers,
    alt text and students who would rather read). Accepts the Axes a chart
    function returned, or the array of panels from ``plot_share_grid``."""
    if isinstance(ax, (np.ndarray, list, tuple)) and len(ax):
        ax = np.ravel(np.asarray(ax, dtype=object))[0]  # every panel of a grid holds the same text
    text = getattr(ax, "kit_description", None)
    if not isinstance(text, str):
        raise KitInputError("describe_chart needs what a kit chart function returned, e.g. "
                            "ax = kit.plot_share(cues) and then kit.describe_chart(ax).")
    return ChartText(text)


def _no_rows(cues) -> bool:
    """True for nothing to chart (None or no rows); a TypeError for a non-table."""
    if cues is None:
        return True
    return len(check_frame(cues)) == 0


def _empty(ax, what: str):
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"No cues to chart {_short(what, 60)}.\nCheck the filter that made this selection.",
            ha="center", va="center", fontsize=12, transform=ax.transAxes)
    return _say(ax, f"An empty chart: there are no cues {what}.")


def _too_many(column: str, n: int, limit: int, cues: pd.DataFrame, what: str) -> KitInputError:
    choices = ", ".join(f"'{c}'" for c in allowed_columns(cues) if c != column) or "'decade' or 'genre'"
    return KitInputError(f"'{column}' has {n} different values: too many {what} for one chart (at most "
                         f"{limit}). Choose a column with fewer values, such as {choices}, or chart a "
                         f"selection of the cues, e.g. cues[cues['{column}'].isin([...])].")


def _pct(x) -> str:
    return f"{100 * x:.0f}%"


def plot_share(cues: pd.DataFrame, by: str = "decade", binary: bool = False, ax=None,
               title: str | None = None, legend: bool = True, order: list | None = None):
    """Stacked bars: the share of each cue type in each group of ``by``.

    ``by`` is ``'decade'``, ``'genre'``, ``'medium'``, ``'country'`` or any
    categorical column. ``binary=True`` shows the everyday view: score,
    soundtrack, and 'neither' for the two cells it has no name for. The
    number of cues is printed above each bar. Lesson 5.
    """
    _check_ax(ax)
    if cues is not None and len(check_frame(cues).columns):
        _column(cues, by)  # a wrong column name is explained even for an empty selection
    if _no_rows(cues):
        return _empty(_new_ax(ax), f"by {by}")
    table = share_table(cues, by=by, binary=binary, order=order)
    if len(table) > MAX_GROUPS:
        raise _too_many(by, len(table), MAX_GROUPS, cues, "bars")
    ax = _new_ax(ax)
    if int(table["n"].sum()) == 0:
        return _empty(ax, f"with a {by}")
    kinds = [c for c in table.columns if c != "n"]
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for kind in kinds:
        vals = table[kind].fillna(0).to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, color=COLOURS[kind], hatch=HATCHES.get(kind, ""),
               edgecolor="white", linewidth=0.6, label=kind)
        bottom += vals
    for xi, n in zip(x, table["n"]):
        if n == 0:
            ax.text(xi, 0.02, "no cues", ha="center", va="bottom", rotation=90, fontsize=8, color="#555")
        else:
            ax.text(xi, 1.01, f"n={n}", ha="center", va="bottom", fontsize=8)
    names = [_short(g) for g in table.index]
    slanted = len(x) > 6 or sum(len(n) for n in names) > 60
    ax.set_xticks(x, names, rotation=45 if slanted else 0, ha="right" if slanted else "center")
    ax.set_ylim(0, 1.1)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_ylabel("Share of cues in the sample")
    ax.set_xlabel(_short(LABELS.get(by, by.replace("_", " ").capitalize()), TITLE_CHARS))
    view = "score, soundtrack or neither" if binary else "the four cue types"
    ax.set_title(_short(title if title not in (None, "") else
                        f"Music cues by {LABELS.get(by, by).lower()}: {view}", TITLE_CHARS))
    if legend:
        ax.legend(title="Cue type" if not binary else "Everyday binary", loc="upper left",
                  bbox_to_anchor=(1.01, 1), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _say(ax, _describe_shares(table, by, kinds))


def _describe_shares(table: pd.DataFrame, by: str, kinds) -> str:
    total = int(table["n"].sum())
    parts = [f"Stacked bar chart of {total} cues grouped by {by}, showing the share of "
             + ", ".join(kinds) + " in each group."]
    for g, row in table.iterrows():
        if row["n"] == 0:
            parts.append(f"{g}: no cues.")
            continue
        top = max(kinds, key=lambda k: row[k] if pd.notna(row[k]) else -1)
        mix = ", ".join(f"{k} {_pct(row[k])}" for k in kinds if pd.notna(row[k]) and row[k] > 0)
        parts.append(f"{g} (n={int(row['n'])}): largest share {top}; {mix}.")
    parts.append("These are shares of a sample of notable cues, not of all film and TV music.")
    return " ".join(parts)


def plot_share_grid(cues: pd.DataFrame, rows: str = "medium", by: str = "decade", binary: bool = False):
    """Small multiples: one share chart per value of ``rows`` (e.g. film and
    TV), on shared axes. Returns the array of Axes. Lesson 5."""
    if cues is not None and len(check_frame(cues).columns):
        _column(cues, rows)
        _column(cues, by)
    if _no_rows(cues):
        return np.array([_empty(_new_ax(None), f"by {rows} and {by}")])
    column = _column(cues, rows)
    groups = [g for g in pd.unique(column.dropna())]
    if isinstance(column.dtype, pd.CategoricalDtype):
        groups = [g for g in column.cat.categories if g in set(groups)]
    if len(groups) > MAX_PANELS:
        raise _too_many(rows, len(groups), MAX_PANELS, cues, "panels")
    order = list(share_table(cues, by=by, binary=binary).index)  # the same groups in every panel
    if len(order) > MAX_GROUPS:
        raise _too_many(by, len(order), MAX_GROUPS, cues, "bars")
    if not groups:
        return np.array([_empty(_new_ax(None), f"with a {rows}")])
    height = 3.2 if len(groups) <= 4 else 2.6
    fig, axes = plt.subplots(len(groups), 1, figsize=(9, height * len(groups)), sharex=False,
                             layout="constrained", squeeze=False)
    axes = axes[:, 0]
    descriptions = []
    for ax, g in zip(axes, groups):
        subset = cues[column == g]
        plot_share(subset, by=by, binary=binary, ax=ax, legend=ax is axes[0],
                   title=f"{LABELS.get(rows, rows)}: {g}", order=order)
        descriptions.append(f"Panel {g}: " + describe_chart(ax))
    fig.suptitle(_short(f"Cue types by {by}, one panel per {rows}", TITLE_CHARS)).set_parse_math(False)
    text = f"Small multiples, one panel per {rows}. " + " ".join(descriptions)
    for ax in axes:
        ax.kit_description = text
    return axes


def plot_heatmap(cues: pd.DataFrame, rows: str = "genre", cols: str = "decade",
                 value: str = "pre-existing", ax=None):
    """Heat map of the share of cues with ``value`` (e.g. ``'pre-existing'``,
    ``'song'``, ``'diegetic'``, ``'original score'``) in each cell, with the
    number of cues printed; cells with no cues stay blank. Lesson 5."""
    _check_ax(ax)
    axis = value_axis(value)
    if cues is not None and len(check_frame(cues).columns):
        _column(cues, rows)
        _column(cues, cols)
        require(cues, "cue_type" if axis == "binary" else axis)
    if _no_rows(cues):
        return _empty(_new_ax(ax, size=(10, 6)), f"by {rows} and {cols}")
    share, counts = cell_shares(cues, rows, cols, value)
    for name, n in ((rows, share.shape[0]), (cols, share.shape[1])):
        if n > MAX_GROUPS:
            raise _too_many(name, n, MAX_GROUPS, cues, "rows or columns")
    ax = _new_ax(ax, size=(10, 6))
    if counts.size == 0 or int(counts.to_numpy().sum()) == 0:
        return _empty(ax, f"with both a {rows} and a {cols}")
    data = np.ma.masked_invalid(share.to_numpy(dtype=float))
    cmap = plt.get_cmap("cividis").with_extremes(bad="white")
    im = ax.imshow(data, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for i in range(share.shape[0]):
        for j in range(share.shape[1]):
            n = counts.iat[i, j]
            if n:
                v = share.iat[i, j]
                ax.text(j, i, f"{_pct(v)}\nn={n}", ha="center", va="center", fontsize=7,
                        color="black" if v > 0.55 else "white")
    ax.set_xticks(range(share.shape[1]), [_short(c) for c in share.columns], rotation=45, ha="right")
    ax.set_yticks(range(share.shape[0]), [_short(r) for r in share.index])
    ax.set_xlabel(_short(LABELS.get(cols, cols), TITLE_CHARS))
    ax.set_ylabel(_short(LABELS.get(rows, rows), TITLE_CHARS))
    ax.set_title(_short(f"Share of {value} cues ({axis}) by {rows} and {cols}", TITLE_CHARS))
    cbar = ax.figure.colorbar(im, ax=ax, format=lambda x, _: _pct(x))
    cbar.set_label(f"Share of cues that are {value}")
    _plain(cbar.ax)
    filled = [(r, c, share.at[r, c], counts.at[r, c]) for r in share.index for c in share.columns
              if counts.at[r, c]]
    best = max(filled, key=lambda t: (t[2], t[3]))
    text = (f"Heat map of the share of {value} cues for each {rows} and {cols}; "
            f"{len(filled)} of {share.size} cells have cues, the rest are blank. "
            f"Highest: {best[0]}, {best[1]} at {_pct(best[2])} of {best[3]} cues. "
            + " ".join(f"{r}: {', '.join(f'{c} {_pct(share.at[r, c])} (n={counts.at[r, c]})' for c in share.columns if counts.at[r, c])}."
                       for r in share.index if counts.loc[r].sum()))
    return _say(ax, text)


def _name(value, limit: int) -> str:
    return "(no title)" if value is None or value is pd.NA or (isinstance(value, float) and value != value) \
        else _short(value, limit)


def _titles(highlight) -> list[str]:
    """The titles to name: one title, a list of them, or nothing."""
    if highlight is None:
        return []
    if isinstance(highlight, str):
        return [highlight]
    try:
        return [str(t) for t in highlight if t is not None]
    except TypeError:  # a single number or other value: name it as written
        return [str(highlight)]


def _fold(text) -> str:
    return " ".join(str(text).split()).casefold()


def plot_music_age(cues: pd.DataFrame, label: int = 5, highlight=(), ax=None, measure: str = "composition"):
    """How old pre-existing music was when a production used it.

    Each dot is a pre-existing cue: year used (x) against the music's age
    then (y). ``measure="composition"`` (the default) dates the music by when
    it first appeared; ``measure="recording"`` plots only needle drops, dated
    by the existing recording heard. The ``label`` oldest songs are named, as
    are any titles in ``highlight``, e.g.
    ``highlight=['Running Up That Hill (A Deal with God)']``. Lesson 6 (second lives).
    """
    _check_ax(ax)
    if isinstance(label, bool) or not isinstance(label, numbers.Real) or label != label:
        raise KitTypeError(f"label is how many of the oldest songs to name: a whole number such as 5, "
                           f"not {str(label)[:40]!r}.")
    label = int(max(0, min(label, 10_000)))  # any number, even -inf, names 0 to 10,000 songs
    wanted = _titles(highlight)
    if _no_rows(cues):
        return _empty(_new_ax(ax), "of pre-existing music")
    require(cues, "provenance", "year", "music_year", "cue_type", "music_title", "title")
    ages = music_ages(cues, measure).reset_index(drop=True)
    what = "composition" if measure == "composition" else "existing recording heard"
    unknown = int(ages["age"].isna().sum())
    ages = ages[ages["age"].notna()]
    ax = _new_ax(ax)
    if len(ages) == 0:
        return _empty(ax, "of pre-existing music with a year and a music_year")
    for kind in ("pre-existing song", "pre-existing instrumental"):
        sub = ages[ages["cue_type"].astype(str) == kind]
        ax.scatter(sub["year"].astype(float), sub["age"].astype(float), s=28, color=COLOURS[kind],
                   marker="o" if kind.endswith("song") else "^", alpha=0.85,
                   edgecolor="black", linewidth=0.3, label=f"{kind} ({len(sub)})")
    songs = ages[ages["cue_type"].astype(str) == "pre-existing song"]
    named = songs.head(label)
    folded = ages["music_title"].map(_fold)
    extra = ages[folded.isin({_fold(t) for t in wanted})]
    missing = [t for t in wanted if _fold(t) not in set(folded)]
    if missing:
        warnings.warn("No pre-existing music called " + ", ".join(f"'{_short(t, 60)}'" for t in missing[:5])
                      + " is in this chart, so it is not named: check the spelling, or copy the title "
                      "from the music_title column.", stacklevel=2)
    shown = pd.concat([named, extra])
    for _, r in shown[~shown.index.duplicated()].iterrows():
        ax.annotate(f"{_name(r['music_title'], 50)}\n{r['since']} \u2192 {r['year']} "
                    f"({_name(r['title'], 40)})",
                    (float(r["year"]), float(r["age"])), xytext=(6, 4), textcoords="offset points",
                    fontsize=7, arrowprops=dict(arrowstyle="-", color="#555", lw=0.5))
    ax.set_xlabel("Year the production used the music")
    ax.set_ylabel(f"Age of the {what} then (years)")
    ax.set_title("Second lives: how old pre-existing music was when it was used"
                 if measure == "composition" else "Second lives: how old the needle drops' recordings were")
    ax.legend(frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    text = (f"Scatter plot of {len(ages)} pre-existing cues: year used against the age of the {what} "
            "at the time. "
            f"Songs: {len(songs)}" + (f", median age {songs['age'].median():.0f} years" if len(songs) else "")
            + f". Instrumental pieces: {len(ages) - len(songs)}, often much older concert works.")
    if len(songs):
        top = songs.iloc[0]
        text += (f" The oldest song revived is '{top['music_title']}' ({top['since']}), used in "
                 f"{top['title']} ({top['year']}), {top['age']} years later.")
    if unknown:
        text += f" {unknown} pre-existing cue(s) without a year or music_year are left out."
    return _say(ax, text)


NO_ANSWER = "no answer"


def plot_confusion(summary, axis: str | None = None, ax=None):
    """What the class answered against the right answer, per axis: the
    counts behind ``kit.class_summary``. For class discussion.

    Only the mistakes are coloured (the darker, the more often a cue was
    taken for that answer); right answers sit on the grey diagonal, so the
    confusions stand out.
    """
    from kit.grading import CHOICE_LABELS, QUESTIONS

    _check_ax(ax)
    long = summary.attrs.get("answers") if isinstance(summary, pd.DataFrame) else None
    if not isinstance(long, pd.DataFrame):
        raise KitInputError("pass the DataFrame returned by kit.class_summary(), e.g. "
                            "kit.plot_confusion(kit.class_summary(folder))")
    if not {"axis", "expected", "given"} <= set(long.columns):
        raise KitInputError("this table has lost the answers behind it: pass the DataFrame returned by "
                            "kit.class_summary() itself, e.g. kit.plot_confusion(kit.class_summary(folder))")
    known = {a: opts for q in QUESTIONS.values() for a, opts in q.items()}
    for other in long["axis"].dropna().unique():  # another quiz's axis (the ear quiz's 'function'):
        if other not in known:                     # its choices are the answers in the data
            seen = long.loc[long["axis"] == other, ["expected", "given"]].stack()
            known[str(other)] = tuple(sorted({str(v) for v in seen.dropna()}))
    if axis is None:
        asked = long["axis"][long["axis"].isin(list(known))]
        axis = str(asked.value_counts().index[0]) if len(asked) else "binary"
    if not isinstance(axis, str) or axis not in known:
        raise KitInputError(f"the quiz asks no question on '{_short(axis, 40)}'. Choose axis= one of: "
                         + ", ".join(f"'{a}'" for a in known) + ".")
    ax = _new_ax(ax, size=(6, 5))
    if "attempt" in long:  # what students answered first: the answer the quiz scores
        long = long[long["attempt"] == 1]
    sub = long[(long["axis"] == axis) & long["expected"].isin(list(known[axis]))]
    if len(sub) == 0:
        return _empty(ax, f"answered on {axis}")
    options = list(known[axis])
    given = sub["given"].astype(object).where(sub["given"].isin(options), NO_ANSWER)
    columns = options + ([NO_ANSWER] if (given == NO_ANSWER).any() else [])
    table = pd.crosstab(sub["expected"].astype(object), given).reindex(
        index=options, columns=columns, fill_value=0)
    counts = table.to_numpy()
    wrong = counts.astype(float)
    np.fill_diagonal(wrong[:, : len(options)], np.nan)  # right answers: grey, not coloured
    peak = max(int(np.nanmax(wrong)) if np.isfinite(wrong).any() else 0, 1)
    cmap = plt.get_cmap("Oranges").with_extremes(bad="#d9d9d9")
    im = ax.imshow(np.ma.masked_invalid(wrong), cmap=cmap, vmin=0, vmax=peak)
    for i in range(counts.shape[0]):
        for j in range(counts.shape[1]):
            v = int(counts[i, j])
            if i == j:
                ax.text(j, i, f"{v}\nright", ha="center", va="center", color="#333333", fontsize=9)
            else:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=11,
                        color="white" if v > peak * 0.6 else "black")
    ax.set_xticks(range(len(columns)), [CHOICE_LABELS.get(o, o.capitalize()) for o in columns])
    ax.set_yticks(range(len(options)), [CHOICE_LABELS.get(o, o.capitalize()) for o in options])
    ax.set_xlabel("What students answered")
    ax.set_ylabel("Right answer")
    ax.set_title(f"What cues were mistaken for: {axis}")
    cbar = ax.figure.colorbar(im, ax=ax, label="Wrong answers (right answers are grey)")
    cbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _plain(cbar.ax)
    mistakes = [(table.index[i], table.columns[j], int(counts[i, j])) for i in range(counts.shape[0])
                for j in range(len(options)) if i != j and counts[i, j]]  # a blank is not a confusion
    mistakes.sort(key=lambda t: -t[2])
    blank = int(table[NO_ANSWER].sum()) if NO_ANSWER in table else 0
    total = int(counts.sum())
    text = (f"Confusion table for {axis}: {total} answer{'' if total == 1 else 's'}, "
            f"{int(np.trace(counts[:, : len(options)]))} right"
            + (f", {blank} left blank" if blank else "") + ". ")
    text += ("Most common confusions: " + "; ".join(f"{e} answered as {g} ({n})" for e, g, n in mistakes[:3])
             + ".") if mistakes else "No confusions."
    text += " Only wrong answers are coloured; right answers are on the grey diagonal."
    return _say(ax, text)
