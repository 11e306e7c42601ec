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
