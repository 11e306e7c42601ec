"""Charts: assert the plotted numbers, order and colours, not pixels."""

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import kit  # noqa: E402
from kit.charts import COLOURS  # noqa: E402
from kit.shares import share_table  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "charts"


@pytest.fixture(scope="module")
def cues():
    return kit.load_cues()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def bar_heights(ax):
    """Bar heights per legend label, in x order."""
    out = {}
    for container in ax.containers:
        out[container.get_label()] = [p.get_height() for p in container.patches]
    return out


@pytest.mark.parametrize("by", ["decade", "genre", "medium", "country"])
def test_share_bars_sum_to_one_and_count_matches(cues, by):
    ax = kit.plot_share(cues, by=by)
    heights = bar_heights(ax)
    table = share_table(cues, by=by)
    totals = np.sum([heights[k] for k in heights], axis=0)
    nonempty = table["n"].to_numpy() > 0
    assert np.allclose(totals[nonempty], 1)
    assert table["n"].sum() == len(cues)
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith("n=")]
    assert labels == [f"n={n}" for n in table["n"] if n]
    for kind, patches in zip(heights, ax.containers):
        assert matplotlib.colors.to_hex(patches.patches[0].get_facecolor()) == COLOURS[kind].lower()
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_legend() is not None


def test_decades_in_time_order_and_genres_by_share(cues):
    t = share_table(cues, by="decade")
    decades = list(t.index)
    assert decades == sorted(decades)
    g = share_table(cues, by="genre")
    score = g["original score"].to_numpy()
    assert list(score) == sorted(score, reverse=True)


def test_binary_view(cues):
    ax = kit.plot_share(cues, by="medium", binary=True)
    heights = bar_heights(ax)
    assert list(heights) == ["score", "soundtrack", "neither"]
    t = share_table(cues, by="medium", binary=True)
    types = cues["cue_type"].astype(str)
    neither = types.isin(["original song", "pre-existing instrumental"])
    for medium, row in t.iterrows():
        sel = cues["medium"] == medium
        assert row["neither"] == pytest.approx(neither[sel].mean())


def test_text_description_uses_the_same_numbers(cues):
    ax = kit.plot_share(cues, by="medium")
    text = kit.describe_chart(ax)
    t = share_table(cues, by="medium")
    for medium, row in t.iterrows():
        assert f"{medium} (n={int(row['n'])})" in text
    assert "sample" in text


def test_heatmap_values_counts_and_blanks(cues):
    ax = kit.plot_heatmap(cues, rows="genre", cols="decade", value="pre-existing")
    img = ax.images[0].get_array()
    from kit.shares import cell_shares
    share, counts = cell_shares(cues, "genre", "decade", "pre-existing")
    assert np.allclose(np.ma.filled(img, np.nan), share.to_numpy(dtype=float), equal_nan=True)
    assert (np.ma.getmaskarray(img) == (counts.to_numpy() == 0)).all()
    n_texts = sum(1 for t in ax.texts if "n=" in t.get_text())
    assert n_texts == int((counts.to_numpy() > 0).sum())
    assert counts.to_numpy().sum() == len(cues)


def test_music_age_labels_revivals(cues):
    title = "Running Up That Hill (A Deal with God)"
    ax = kit.plot_music_age(cues, label=3, highlight=[title])
    pre = cues[cues["provenance"] == "pre-existing"]
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == len(pre)
    songs = pre[pre["form"] == "song"].assign(age=lambda d: d["year"] - d["music_year"])
    oldest = songs.sort_values("age", ascending=False)["music_title"].head(3)
    texts = [t.get_text() for t in ax.texts]
    for name in oldest:
        assert any(t.startswith(name + "\n") for t in texts), name
    assert any(t.startswith(title) and "1985 → 2022" in t for t in texts)
    assert len(texts) == 4


def test_grid_one_panel_per_medium_on_the_same_groups(cues):
    axes = kit.plot_share_grid(cues, rows="medium", by="decade")
    assert len(axes) == cues["medium"].nunique()
    ticks = [[t.get_text() for t in ax.get_xticklabels()] for ax in axes]
    assert all(t == ticks[0] for t in ticks) and ticks[0] == list(share_table(cues, by="decade").index)


def test_empty_selection_gets_a_message_not_a_traceback(cues):
    ax = kit.plot_share(cues[cues["year"] < 1800])
    assert "No cues to chart" in ax.texts[0].get_text()
    assert "no cues" in kit.describe_chart(ax)
    ax = kit.plot_heatmap(cues.iloc[0:0])
    assert "No cues" in ax.texts[0].get_text()


def test_unknown_column_or_value_is_explained(cues):
    with pytest.raises(ValueError, match="Did you mean 'genre'"):
        kit.plot_share(cues, by="genere")
    with pytest.raises(ValueError, match="Did you mean 'pre-existing'"):
        kit.plot_heatmap(cues, value="preexisting")


def test_instructor_subset_works(cues):
    films = cues[cues["medium"] == "film"]
    ax = kit.plot_share(films, by="decade")
    assert sum(int(t.get_text()[2:]) for t in ax.texts if t.get_text().startswith("n=")) == len(films)


def test_render_every_chart_to_png(cues, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    charts = {
        "share_decade": lambda: kit.plot_share(cues, by="decade"),
        "share_genre_binary": lambda: kit.plot_share(cues, by="genre", binary=True),
        "heatmap": lambda: kit.plot_heatmap(cues),
        "music_age": lambda: kit.plot_music_age(cues),
        "grid": lambda: kit.plot_share_grid(cues)[0],
    }
    for name, draw in charts.items():
        ax = draw()
        out = ARTIFACTS / f"{name}.png"
        ax.figure.savefig(out, dpi=80)
        assert out.stat().st_size > 5000
        (ARTIFACTS / f"{name}.txt").write_text(kit.describe_chart(ax), encoding="utf-8")


# -- odd input: every text literal, plain errors, nothing that hangs (issues 14 and 15) ----------

import time  # noqa: E402
import warnings  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.text import Text  # noqa: E402

DOLLARS = ["$5 and $10", "$$", "$ign 50%$"]


def drawn_texts(fig):
    """Draw the figure as a notebook would, and return every text on it."""
    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_text()]


def with_names(cues, column, names):
    """The cues with the first values of a column renamed, as an instructor's file might name them."""
    out = cues.copy()
    out[column] = out[column].astype(object)
    firsts = list(pd.unique(out[column].dropna()))[: len(names)]
    out[column] = out[column].replace(dict(zip(firsts, names)))
    return out


def test_dollar_signs_in_titles_and_data_show_literally(cues):
    odd = with_names(with_names(cues, "genre", DOLLARS), "medium", DOLLARS[1:])
    ages = kit.shares.music_ages(cues)
    oldest = ages[ages["cue_type"] == "pre-existing song"]["music_title"].iloc[0]
    odd["music_title"] = odd["music_title"].astype(object).replace({oldest: "$$ money $"})
    charts = [
        kit.plot_share(odd, by="genre", title="$ign 50%$"),
        kit.plot_share(odd, by="genre", title="$$"),
        kit.plot_heatmap(odd, rows="genre", cols="medium"),
        kit.plot_music_age(odd, label=3, highlight=["$$ money $"]),
        kit.plot_share_grid(odd, rows="medium", by="genre")[0],
    ]
    for ax in charts:
        texts = drawn_texts(ax.figure)  # mathtext would raise here for '$$'
        with_dollar = [t for t in texts if "$" in t.get_text()]
        assert with_dollar, "the odd names should be on the chart"
        assert all(t.get_parse_math() is False for t in with_dollar), [t.get_text() for t in with_dollar]
    shown = {t.get_text() for t in drawn_texts(charts[0].figure)}
    assert {"$5 and $10", "$$", "$ign 50%$"} <= shown
    assert charts[0].get_title() == "$ign 50%$"
    assert any(t.get_text().startswith("$$ money $\n") for t in charts[3].texts)


def test_every_cell_empty_gives_an_empty_heatmap(cues):
    ax = kit.plot_heatmap(cues.assign(genre=np.nan))
    assert "No cues to chart with both a genre and a decade" in ax.texts[0].get_text()
    assert "no cues" in kit.describe_chart(ax)
    ax = kit.plot_share(cues.assign(decade=np.nan))
    assert "No cues to chart" in ax.texts[0].get_text()


def test_one_panel_per_film_is_refused_quickly(cues):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"'title' has \d+ different values: too many panels .*'medium'"):
        kit.plot_share_grid(cues, rows="title")
    with pytest.raises(ValueError, match="too many bars"):
        kit.plot_share(cues, by="cue_id")
    with pytest.raises(ValueError, match="too many rows or columns"):
        kit.plot_heatmap(cues, rows="music_title")
    assert time.perf_counter() - start < 5
    assert plt.get_fignums() == []  # no empty figure left behind
    assert len(kit.plot_share_grid(cues, rows="genre")) == cues["genre"].nunique()  # sixteen genres fit


def test_a_long_category_name_is_shortened_on_the_chart_only(cues):
    long_name = "a genre with a very long name " * 17  # about 500 characters
    odd = with_names(cues, "genre", [long_name])
    ax = kit.plot_share(odd, by="genre")
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert max(len(t) for t in labels) <= 28
    assert any(t.startswith("a genre with a very") and t.endswith("\u2026") for t in labels)
    assert long_name.strip() in kit.describe_chart(ax)
    ax.figure.canvas.draw()
    assert tuple(ax.figure.get_size_inches()) == (9, 5)
    heat = kit.plot_heatmap(odd)
    assert max(len(t.get_text()) for t in heat.get_yticklabels()) <= 28
    long_title = "x" * 500
    assert len(kit.plot_share(cues, title=long_title).get_title()) <= 90


@pytest.mark.parametrize("draw", [
    lambda c, name: kit.plot_share(c, by=name),
    lambda c, name: kit.plot_share_grid(c, rows=name),
    lambda c, name: kit.plot_share_grid(c, by=name),
    lambda c, name: kit.plot_heatmap(c, rows=name),
    lambda c, name: kit.plot_heatmap(c, cols=name),
], ids=["share-by", "grid-rows", "grid-by", "heatmap-rows", "heatmap-cols"])
def test_an_unknown_column_names_the_columns_to_use(cues, draw):
    for frame in (cues, cues.head(0), cues.head(1)):
        with pytest.raises(ValueError, match="no column 'genere'.*Did you mean 'genre'.*Columns to group by: "
                                             "'decade', 'genre', 'medium', 'country'"):
            draw(frame, "genere")
        for odd in (None, 5, ["genre"]):
            with pytest.raises(TypeError, match="a column name in quotes is expected.*Columns to group by"):
                draw(frame, odd)


@pytest.mark.parametrize("value", [None, 5, "", "Pre-Existing ", ["song"], float("nan")])
def test_an_odd_heatmap_value_lists_the_values(cues, value):
    with pytest.raises(ValueError, match="is not a value of provenance.*Choose one of: 'original', "
                                         "'pre-existing'"):
        kit.plot_heatmap(cues, value=value)


def test_not_a_table_or_not_an_axes_is_a_plain_type_error(cues):
    for draw in (kit.plot_share, kit.plot_heatmap, kit.plot_music_age, kit.plot_share_grid):
        with pytest.raises(TypeError, match="expected a table of cues"):
            draw([1, 2, 3])
    for draw in (kit.plot_share, kit.plot_heatmap, kit.plot_music_age):
        with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
            draw(cues, ax="left")
    for label in ("five", None, float("nan"), True):
        with pytest.raises(TypeError, match="a whole number such as 5"):
            kit.plot_music_age(cues, label=label)
    assert len(kit.plot_music_age(cues, label=float("-inf")).texts) == 0
    assert len(kit.plot_music_age(cues, label=2.5).texts) == 2


@pytest.mark.parametrize("highlight", [None, "Running Up That Hill (A Deal with God)", 5, [None], ["$$"],
                                       ["running up that hill  (a deal with god)"], ("x" * 500,), {}])
def test_highlight_accepts_odd_titles(cues, highlight):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = kit.plot_music_age(cues, label=0, highlight=highlight)
    drawn_texts(ax.figure)
    names = [t.get_text() for t in ax.texts]
    if isinstance(highlight, str) or highlight == ["running up that hill  (a deal with god)"]:
        assert names and names[0].startswith("Running Up That Hill (A Deal with God)\n")
        assert not caught
    elif highlight in (5, ["$$"], ("x" * 500,)):
        assert names == [] and "No pre-existing music called" in str(caught[0].message)
    else:
        assert names == []


def test_music_age_with_missing_years_and_titles(cues):
    odd = cues.copy()
    odd["music_title"] = odd["music_title"].astype(object)
    pre = odd.index[odd["provenance"] == "pre-existing"]
    odd.loc[pre[:3], "music_year"] = pd.NA
    odd.loc[pre[3:], "music_title"] = None
    ax = kit.plot_music_age(odd, label=2)
    drawn_texts(ax.figure)
    assert "3 pre-existing cue(s) without a year or music_year are left out" in kit.describe_chart(ax)
    assert all(t.get_text().startswith("(no title)") for t in ax.texts)


def give(path, student, cue_id, given, expected, axis="binary", level=1):
    from kit.answers import record_answer

    record_answer(path, {"quiz": f"level{level}", "level": level, "cue_id": cue_id, "music_title": cue_id,
                         "given": {axis: given}, "expected": {axis: expected}}, student=student)


@pytest.fixture
def summary(tmp_path):
    for student in ("ana", "ben", "cy", "dee"):
        give(tmp_path / f"{student}.json", student, "c1", "score", "score")
    give(tmp_path / "ana.json", "ana", "c2", "soundtrack", "neither")
    give(tmp_path / "ben.json", "ben", "c2", "soundtrack", "neither")
    give(tmp_path / "cy.json", "cy", "c2", "score", "soundtrack")
    return kit.class_summary(tmp_path)


def test_confusion_colours_only_the_mistakes(summary):
    ax = kit.plot_confusion(summary)
    img = ax.images[0]
    data = img.get_array()
    mask = np.ma.getmaskarray(data)
    assert mask.diagonal().all() and not mask[~np.eye(3, dtype=bool)].any()  # right answers are not coloured
    assert img.get_clim()[0] == 0  # the colour bar starts at 0
    brightest = np.unravel_index(np.ma.argmax(data), data.shape)
    assert (ax.get_yticklabels()[brightest[0]].get_text(), ax.get_xticklabels()[brightest[1]].get_text()) == \
        ("Neither fits", "Soundtrack")  # the commonest confusion, not 'Score -> Score'
    assert "4\nright" in [t.get_text() for t in ax.texts]
    text = kit.describe_chart(ax)
    assert "7 answers, 4 right" in text and "neither answered as soundtrack (2)" in text
    drawn_texts(ax.figure)


@pytest.mark.parametrize("axis", ["genre", "Binary", 5, ""])
def test_confusion_on_an_unknown_axis_names_the_axes(summary, axis):
    with pytest.raises(ValueError, match="Choose axis= one of: 'binary', 'provenance', 'form', 'diegesis'"):
        kit.plot_confusion(summary, axis=axis)


def test_confusion_needs_a_class_summary(cues):
    for odd in (cues, None, {"answers": 1}):
        with pytest.raises(ValueError, match=r"kit.class_summary\(\)"):
            kit.plot_confusion(odd)


def test_confusion_on_an_axis_nobody_answered(summary):
    ax = kit.plot_confusion(summary, axis="diegesis")
    assert "No cues to chart answered on diegesis" in ax.texts[0].get_text()


def test_description_displays_as_text_not_a_quoted_string(cues):
    from IPython.core.formatters import HTMLFormatter, PlainTextFormatter

    odd = with_names(cues, "medium", ["<b>film</b>"])
    ax = kit.plot_share(odd, by="medium")
    text = kit.describe_chart(ax)
    assert text == ax.kit_description and isinstance(text, str)
    shown = PlainTextFormatter()(text)  # what a notebook shows for `kit.describe_chart(ax)`
    assert shown == str(text) and not shown.startswith("'")
    html = HTMLFormatter()(text)
    assert "&lt;b&gt;film&lt;/b&gt;" in html and "<b>film" not in html
    assert str(text).startswith("Stacked bar chart of")
    axes = kit.plot_share_grid(cues)
    assert kit.describe_chart(axes) == kit.describe_chart(axes[0])
    with pytest.raises(ValueError, match="needs what a kit chart function returned"):
        kit.describe_chart(plt.subplots()[1])


# -- fuzz: small, odd selections of real cues -------------------------------------------------------

ODD_NAMES = st.sampled_from([None, np.nan, "", "$$", "$5 and $10", "x" * 300, "\n", "<i>", 0, "1980s"])
CHARTS = {
    "share": lambda c, col: kit.plot_share(c, by=col),
    "share-binary": lambda c, col: kit.plot_share(c, by=col, binary=True),
    "grid": lambda c, col: kit.plot_share_grid(c, rows=col, by="decade")[0],
    "heatmap": lambda c, col: kit.plot_heatmap(c, rows=col, cols="decade", value="song"),
    "music-age": lambda c, col: kit.plot_music_age(c, label=2, highlight=[col]),
}
COLUMNS = ["decade", "genre", "medium", "country", "placement", "year", "cue_type", "diegesis"]


@settings(max_examples=60)  # each example draws a figure (~0.1 s); the long profile's 2000 would take minutes
@given(data=st.data(), chart=st.sampled_from(sorted(CHARTS)), column=st.sampled_from(COLUMNS),
       rows=st.lists(st.integers(0, 760), max_size=6))
def test_any_small_selection_draws_or_says_why(cues, data, chart, column, rows):
    frame = cues.iloc[rows].copy()
    for col in data.draw(st.lists(st.sampled_from(COLUMNS + ["music_title", "title", "music_year"]),
                                  max_size=3)):
        if len(frame):
            frame[col] = frame[col].astype(object)
            frame.iloc[data.draw(st.integers(0, len(frame) - 1)), frame.columns.get_loc(col)] = \
                data.draw(ODD_NAMES)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ax = CHARTS[chart](frame, column)
        assert kit.describe_chart(ax)
        texts = drawn_texts(ax.figure)
        assert all(t.get_parse_math() is False for t in texts if "$" in t.get_text())
    except (ValueError, TypeError) as err:
        assert type(err).__module__.startswith("kit"), repr(err)  # a kit message, not pandas' own
    finally:
        plt.close("all")


def test_a_true_false_column_keeps_both_groups(cues):
    frame = cues.assign(recent=(cues["year"] > 2000).astype(object))
    frame.loc[frame.index[0], "recent"] = None  # a blank cell, as in an instructor's own column
    table = share_table(frame, by="recent")
    assert sorted(table.index) == [False, True] and table["n"].sum() == len(frame) - 1
    ax = kit.plot_share(frame.iloc[:1].assign(recent=True).astype({"recent": object}), by="recent")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["True"]


def test_share_table_odd_arguments_are_explained(cues):
    for order in ("1980s", 5):
        with pytest.raises(TypeError, match=r"order is a list of the groups .*order=\['film', 'tv'\]"):
            kit.share_table(cues, by="decade", order=order)
    assert list(kit.share_table(cues, by="decade", order=("1980s",)).index) == ["1980s"]
    with pytest.raises(ValueError, match="none of the usual ones .* kit.load_cues()"):
        kit.share_table(pd.DataFrame({"x": [1]}))


def test_confusion_leaves_blanks_out_of_the_confusions(summary):
    long = summary.attrs["answers"].copy()
    long.loc[long.index[0], "given"] = None  # a right answer left blank instead
    odd = summary.copy()
    odd.attrs = {**summary.attrs, "answers": long}
    ax = kit.plot_confusion(odd)
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "No answer"
    text = kit.describe_chart(ax)
    assert "1 left blank" in text and "answered as no answer" not in text
    odd.attrs = {**summary.attrs, "answers": long.drop(columns="given")}
    with pytest.raises(ValueError, match=r"pass the DataFrame returned by kit.class_summary\(\) itself"):
        kit.plot_confusion(odd)


def test_music_age_says_which_age_it_measures():
    import matplotlib.pyplot as plt

    cues = kit.load_cues()
    by_composition = kit.plot_music_age(cues)
    assert by_composition.get_ylabel() == "Age of the composition then (years)"
    assert "age of the composition" in kit.describe_chart(by_composition)
    by_recording = kit.plot_music_age(cues, measure="recording")
    assert by_recording.get_ylabel() == "Age of the existing recording heard then (years)"
    from kit.shares import music_ages
    rec = music_ages(cues, "recording")
    assert (rec["recording"] == "existing").all()
    cover = rec.set_index("cue_id").loc["guardians-of-the-galaxy-2014-03"]
    assert (cover["since"], cover["age"]) == (1973, 41)  # Blue Swede's 1973 recording, not the 1968 song
    assert music_ages(cues).set_index("cue_id").loc["guardians-of-the-galaxy-2014-03", "age"] == 46
    with pytest.raises(ValueError, match="measure must be"):
        kit.plot_music_age(cues, measure="pressing")
    plt.close("all")
