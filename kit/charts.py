"""Charts of score versus soundtrack across genres and eras.

Every function draws on ``ax`` (or a new figure), returns the Axes and never
calls ``plt.show()``. Colours come from the Okabe-Ito colour-blind-safe
palette, one per cue type and the same in every chart, and pre-existing
music is also hatched so the chart reads in greyscale. Each chart stores a
plain-text description, read with :func:`describe_chart`. Used in lessons 4
and 5; ``plot_confusion`` in the class-results guide.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kit.shares import cell_shares, music_ages, share_table, value_axis

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

LABELS = {"decade": "Decade", "genre": "Genre", "medium": "Medium", "country": "Producing country",
          "placement": "Placement", "diegesis": "Diegesis", "year": "Year"}


def _new_ax(ax, size=(9, 5)):
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _say(ax, text: str):
    ax.kit_description = text
    return ax


def describe_chart(ax) -> str:
    """The text alternative of a chart drawn by the kit (for screen readers,
    alt text and students who would rather read)."""
    try:
        return ax.kit_description
    except AttributeError:
        raise ValueError("this Axes was not drawn by a kit chart function") from None


def _empty(ax, what: str):
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"No cues to chart {what}.\nCheck the filter that made this selection.",
            ha="center", va="center", fontsize=12, transform=ax.transAxes)
    return _say(ax, f"An empty chart: there are no cues {what}.")


def _pct(x) -> str:
    return f"{100 * x:.0f}%"


def plot_share(cues: pd.DataFrame, by: str = "decade", binary: bool = False, ax=None,
               title: str | None = None, legend: bool = True, order: list | None = None):
    """Stacked bars: the share of each cue type in each group of ``by``.

    ``by`` is ``'decade'``, ``'genre'``, ``'medium'``, ``'country'`` or any
    categorical column. ``binary=True`` shows the everyday view: score,
    soundtrack, and 'neither' for the two cells it has no name for. The
    number of cues is printed above each bar. Lesson 4.
    """
    ax = _new_ax(ax)
    if cues is None or len(cues) == 0:
        return _empty(ax, f"by {by}")
    table = share_table(cues, by=by, binary=binary, order=order)
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
    ax.set_xticks(x, [str(g) for g in table.index], rotation=45 if len(x) > 6 else 0,
                  ha="right" if len(x) > 6 else "center")
    ax.set_ylim(0, 1.1)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_ylabel("Share of cues in the sample")
    ax.set_xlabel(LABELS.get(by, by.replace("_", " ").capitalize()))
    view = "score, soundtrack or neither" if binary else "the four cue types"
    ax.set_title(title or f"Music cues by {LABELS.get(by, by).lower()}: {view}")
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
    TV), on shared axes. Returns the array of Axes. Lesson 4."""
    if cues is None or len(cues) == 0:
        ax = _new_ax(None)
        return np.array([_empty(ax, f"by {rows} and {by}")])
    groups = [g for g in pd.unique(cues[rows].dropna())]
    if isinstance(cues[rows].dtype, pd.CategoricalDtype):
        groups = [g for g in cues[rows].cat.categories if g in set(groups)]
    fig, axes = plt.subplots(len(groups), 1, figsize=(9, 3.2 * len(groups)), sharex=False,
                             layout="constrained", squeeze=False)
    axes = axes[:, 0]
    descriptions = []
    order = list(share_table(cues, by=by, binary=binary).index)  # the same groups in every panel
    for ax, g in zip(axes, groups):
        subset = cues[cues[rows] == g]
        plot_share(subset, by=by, binary=binary, ax=ax, legend=ax is axes[0],
                   title=f"{LABELS.get(rows, rows)}: {g}", order=order)
        descriptions.append(f"Panel {g}: " + describe_chart(ax))
    fig.suptitle(f"Cue types by {by}, one panel per {rows}")
    text = f"Small multiples, one panel per {rows}. " + " ".join(descriptions)
    for ax in axes:
        ax.kit_description = text
    return axes


def plot_heatmap(cues: pd.DataFrame, rows: str = "genre", cols: str = "decade",
                 value: str = "pre-existing", ax=None):
    """Heat map of the share of cues with ``value`` (e.g. ``'pre-existing'``,
    ``'song'``, ``'diegetic'``, ``'original score'``) in each cell, with the
    number of cues printed; cells with no cues stay blank. Lesson 4."""
    ax = _new_ax(ax, size=(10, 6))
    if cues is None or len(cues) == 0:
        return _empty(ax, f"by {rows} and {cols}")
    axis = value_axis(value)
    share, counts = cell_shares(cues, rows, cols, value)
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
    ax.set_xticks(range(share.shape[1]), [str(c) for c in share.columns], rotation=45, ha="right")
    ax.set_yticks(range(share.shape[0]), [str(r) for r in share.index])
    ax.set_xlabel(LABELS.get(cols, cols))
    ax.set_ylabel(LABELS.get(rows, rows))
    ax.set_title(f"Share of {value} cues ({axis}) by {rows} and {cols}")
    cbar = ax.figure.colorbar(im, ax=ax, format=lambda x, _: _pct(x))
    cbar.set_label(f"Share of cues that are {value}")
    filled = [(r, c, share.at[r, c], counts.at[r, c]) for r in share.index for c in share.columns
              if counts.at[r, c]]
    best = max(filled, key=lambda t: (t[2], t[3]))
    text = (f"Heat map of the share of {value} cues for each {rows} and {cols}; "
            f"{len(filled)} of {share.size} cells have cues, the rest are blank. "
            f"Highest: {best[0]}, {best[1]} at {_pct(best[2])} of {best[3]} cues. "
            + " ".join(f"{r}: {', '.join(f'{c} {_pct(share.at[r, c])} (n={counts.at[r, c]})' for c in share.columns if counts.at[r, c])}."
                       for r in share.index))
    return _say(ax, text)


def plot_music_age(cues: pd.DataFrame, label: int = 5, highlight=(), ax=None):
    """How old pre-existing music was when a production used it.

    Each dot is a pre-existing cue: year used (x) against the music's age
    then (y). The ``label`` oldest songs are named, as are any titles in
    ``highlight``, e.g. ``highlight=['Running Up That Hill (A Deal with God)']``.
    Lesson 5 (second lives).
    """
    ax = _new_ax(ax)
    ages = music_ages(cues) if cues is not None and len(cues) else None
    if ages is None or len(ages) == 0:
        return _empty(ax, "of pre-existing music")
    for kind in ("pre-existing song", "pre-existing instrumental"):
        sub = ages[ages["cue_type"].astype(str) == kind]
        ax.scatter(sub["year"].astype(float), sub["age"].astype(float), s=28, color=COLOURS[kind],
                   marker="o" if kind.endswith("song") else "^", alpha=0.85,
                   edgecolor="black", linewidth=0.3, label=f"{kind} ({len(sub)})")
    songs = ages[ages["cue_type"].astype(str) == "pre-existing song"]
    named = songs.head(label)
    extra = ages[ages["music_title"].isin(list(highlight))]
    for _, r in pd.concat([named, extra]).drop_duplicates("cue_id").iterrows():
        ax.annotate(f"{r['music_title']}\n{r['music_year']} → {r['year']} ({r['title']})",
                    (float(r["year"]), float(r["age"])), xytext=(6, 4), textcoords="offset points",
                    fontsize=7, arrowprops=dict(arrowstyle="-", color="#555", lw=0.5))
    ax.set_xlabel("Year the production used the music")
    ax.set_ylabel("Age of the music then (years)")
    ax.set_title("Second lives: how old pre-existing music was when it was used")
    ax.legend(frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    med_song = songs["age"].median() if len(songs) else float("nan")
    top = songs.iloc[0] if len(songs) else None
    text = (f"Scatter plot of {len(ages)} pre-existing cues: year used against the music's age at the time. "
            f"Songs: {len(songs)}, median age {med_song:.0f} years. Instrumental pieces: "
            f"{len(ages) - len(songs)}, often much older concert works.")
    if top is not None:
        text += (f" The oldest song revived is '{top['music_title']}' ({top['music_year']}), used in "
                 f"{top['title']} ({top['year']}), {top['age']} years later.")
    return _say(ax, text)


def plot_confusion(summary, axis: str | None = None, ax=None):
    """What the class answered against the right answer, per axis: the
    counts behind ``kit.class_summary``. For class discussion."""
    long = summary.attrs.get("answers") if hasattr(summary, "attrs") else None
    if long is None:
        raise ValueError("pass the DataFrame returned by kit.class_summary()")
    if axis is None:
        axis = long["axis"].mode().iloc[0] if len(long) else "binary"
    ax = _new_ax(ax, size=(6, 5))
    sub = long[long["axis"] == axis]
    if len(sub) == 0:
        return _empty(ax, f"answered on {axis}")
    from kit.grading import CHOICE_LABELS, QUESTIONS

    options = next(q[axis] for q in QUESTIONS.values() if axis in q)
    table = pd.crosstab(sub["expected"], sub["given"].fillna("no answer")).reindex(
        index=list(options), columns=list(options), fill_value=0)
    im = ax.imshow(table.to_numpy(), cmap="cividis")
    peak = table.to_numpy().max() or 1
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            v = table.iat[i, j]
            ax.text(j, i, str(v), ha="center", va="center", color="black" if v > peak * 0.55 else "white")
    ax.set_xticks(range(len(options)), [CHOICE_LABELS[o] for o in options])
    ax.set_yticks(range(len(options)), [CHOICE_LABELS[o] for o in options])
    ax.set_xlabel("What students answered")
    ax.set_ylabel("Right answer")
    ax.set_title(f"What cues were mistaken for: {axis}")
    ax.figure.colorbar(im, ax=ax, label="Answers")
    wrong = [(table.index[i], table.columns[j], table.iat[i, j]) for i in range(len(options))
             for j in range(len(options)) if i != j and table.iat[i, j]]
    wrong.sort(key=lambda t: -t[2])
    text = (f"Confusion table for {axis}: {int(table.to_numpy().sum())} answers, "
            f"{int(np.trace(table.to_numpy()))} right. ")
    text += ("Most common confusions: " + "; ".join(f"{e} answered as {g} ({n})" for e, g, n in wrong[:3])
             + ".") if wrong else "No confusions."
    return _say(ax, text)
