"""What the lessons say: quiz cards that do not give their answer away,
predictions made before the facts are shown, model answers for learners on
their own, readable tables, charts whose colours match the words used for
them, and corrections that must not come back.

These read the lesson files and the data as a learner meets them: the
student notebooks in notebooks/, the masters in lessons/masters/, the
teachers' pages in lessons/ and every cue of data/cues.csv (``kit.quiz``
samples its cards from all of them).
"""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kit  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MASTERS = ROOT / "lessons" / "masters"
STUDENT = ROOT / "notebooks"
#: The lessons these checks cover (lesson 3, the listening lab, has its own tests).
LESSONS = ["01-score-or-soundtrack", "02-beyond-the-binary", "04-exploring-the-cues",
           "05-charting-genres-and-eras", "06-second-lives", "07-your-own-cue-sheet"]
PAGES = ["answer-keys.md", "class-results.md", "extend-the-kit.md", "README.md", "course-overview.md",
         "glossary.md", *[f"guide-{n[:2]}-{n[3:]}.md" for n in LESSONS]]


def notebook(folder: Path, name: str):
    return nbformat.read(folder / f"{name}.ipynb", as_version=4)


def lesson_texts():
    """(name, text) of every lesson notebook (both versions) and teachers' page covered here."""
    for name in LESSONS:
        for folder in (MASTERS, STUDENT):
            nb = notebook(folder, name)
            yield f"{folder.name}/{name}", "\n".join(c.source for c in nb.cells)
    for page in PAGES:
        yield f"lessons/{page}", (ROOT / "lessons" / page).read_text(encoding="utf-8")


# -- 1. quiz cards do not name their own answer ---------------------------------

#: Words on a card that *name* the answer a student is asked for: the level 1
#: answers (score, soundtrack), the diegesis values and their everyday synonyms
#: (underscore, source music), provenance in so many words, and the lessons'
#: terms for it (needle drop, cover). Evidence a student reasons from ("a radio
#: plays", "Sebastian plays his own piece", "sings") is not listed. Form words
#: (song, instrumental) stay allowed: a card has no sound, so it has to say
#: whether anybody sings.
GIVEAWAY = re.compile(
    r"\b(underscor\w*|scor(e|es|ed|ing)|soundtrack\w*|(non-?|trans-?|meta-?|supra-?)?diegetic|"
    r"source music|original (song|score|music)|pre-?existing|needle[- ]?drops?|"
    r"cover(s)? (of|version|band)|(a|an|the|punk|beatles) cover\b|"
    r"(written|composed|commissioned) (for|by) (the|this) (film|series|show|episode))\b",
    re.IGNORECASE)

#: The words above that a card may use in another sense, as (cue_id, column,
#: phrase). Each must still be found, so this list cannot outlive the text it excuses.
OTHER_SENSES = {
    ("good-the-bad-and-the-ugly-1966-02", "scene", "to cover the sound"),   # a verb: drown out
    ("ferris-buellers-day-off-1986-01", "scene", "lifts the cover off"),    # a car cover
}


def test_no_quiz_card_names_its_own_answer():
    cues = pd.read_csv(ROOT / "data" / "cues.csv", dtype=str, keep_default_na=False)
    found = []
    for _, cue in cues.iterrows():
        for column in ("scene", "music_title"):
            text = cue[column]
            for phrase in (p for cid, col, p in OTHER_SENSES if (cid, col) == (cue["cue_id"], column)):
                assert phrase in text, f"{cue['cue_id']}: '{phrase}' is no longer in the {column}"
                text = text.replace(phrase, "")
            found += [f"{cue['cue_id']} {column}: '{m.group(0)}' in {cue[column]!r}"
                      for m in GIVEAWAY.finditer(text)]
    assert not found, "quiz cards that name their answer:\n" + "\n".join(found)


def test_the_giveaway_scan_catches_what_it_should():
    """The pattern finds the kinds of wording the scan exists for, and leaves evidence alone."""
    for text in ("as the score turns calm", "Walking Distance (episode score)", "roars on the soundtrack",
                 "a snarling punk cover of a standard", "the film's underscore", "a needle drop",
                 "an original song", "written for the film"):
        assert GIVEAWAY.search(text), text
    for text in ("a radio plays", "Sam plays the piano in the cafe", "she sings to him",
                 "a wordless theme", "the band on stage", "the crowd cheers"):
        assert not GIVEAWAY.search(text), text


# -- 2. predict, then look ------------------------------------------------------

#: exercise id -> code that would show its answer; none of it may come before
#: the student has written an answer (the exercise cell).
PREDICTIONS = {
    "01-score-or-soundtrack": {
        "breakfast-club-cue-type": re.compile(r"cue_type|provenance|notes", re.I),
        "seed-pre-existing-song": re.compile(r"found\[.*(provenance|music_year)", re.I | re.S),
    },
    "02-beyond-the-binary": {
        "bodyguard-provenance": re.compile(r'show\("The Bodyguard"'),
        "zarathustra-cue-type": re.compile(r'show\("2001'),
    },
}


@pytest.mark.parametrize("name", sorted(PREDICTIONS))
def test_answers_are_predicted_before_the_facts_are_shown(name):
    cells = notebook(STUDENT, name).cells
    for exercise_id, reveals in PREDICTIONS[name].items():
        check = next(i for i, c in enumerate(cells) if f'"{exercise_id}"' in c.source and c.cell_type == "code")
        ask = max(i for i, c in enumerate(cells[:check]) if "exercise" in c.metadata.get("tags", []))
        # the facts of this exercise: code after the previous exercise's check and before this one
        start = max([i for i, c in enumerate(cells[:ask]) if "check_exercise" in c.source] + [0])
        shown = [c.source for c in cells[start:ask] if c.cell_type == "code" and reveals.search(c.source)]
        assert not shown, f"{name}: the answer to {exercise_id} is shown before the student predicts: {shown}"
        after = [c.source for c in cells[check:] if c.cell_type == "code" and reveals.search(c.source)]
        assert after, f"{name}: the facts of {exercise_id} are never shown after the prediction"


# -- 3. learners on their own get model answers ------------------------------------

PROMPTS = ("**Discuss", "**Talk it over", "**Look again", "**Read the chart", "**Back to")
DETAILS = "<details><summary>Show a model answer</summary>"


@pytest.mark.parametrize("name", LESSONS)
def test_every_prompt_and_exercise_has_a_model_answer(name):
    cells = notebook(STUDENT, name).cells
    for cell in cells:
        if cell.cell_type == "markdown" and any(p in cell.source for p in PROMPTS):
            assert "model answer" in cell.source.lower(), f"{name}: a prompt without a model answer:\n{cell.source[:200]}"
        if "<details>" in cell.source:
            assert DETAILS in cell.source and "</details>" in cell.source
    asks = [i for i, c in enumerate(cells) if "exercise" in c.metadata.get("tags", [])] + [len(cells)]
    for here, following in zip(asks, asks[1:]):
        between = [c.source for c in cells[here:following] if c.cell_type == "markdown"]
        assert any(DETAILS in s for s in between), \
            f"{name}: the exercise in cell {here} has no model answer before the next exercise"


# -- 4. tables a lesson asks students to read are readable -------------------------

@pytest.mark.parametrize("name", LESSONS)
def test_tables_of_scenes_show_the_whole_scene(name):
    """A table with a scene column is shown only after pandas is told not to cut text."""
    full = False
    for cell in notebook(MASTERS, name).cells:
        if cell.cell_type != "code":
            continue
        full = full or re.search(r"max_colwidth.{0,5}None", cell.source) is not None
        shows_scene = re.search(r"\[\[[^\]]*\"scene\"", cell.source)
        if shows_scene and "print(" not in cell.source:
            assert full, f"{name}: this table cuts the scenes off:\n{cell.source}"


def test_lesson_5_counts_works_by_work_id():
    for name in ("04-exploring-the-cues", "05-charting-genres-and-eras", "06-second-lives"):
        code = "\n".join(c.source for c in notebook(MASTERS, name).cells if c.cell_type == "code")
        assert 'groupby("title")' not in code, f"{name} counts works by title: two works can share one"


# -- 5. charts look the way the lessons describe them ------------------------------

def _named(hex_colour) -> str:
    """'dark blue', 'light blue', 'red-orange' or 'orange': the words lesson 5 uses."""
    r, g, b = mcolors.to_rgb(hex_colour)
    hue, light, _ = colorsys.rgb_to_hls(r, g, b)
    hue *= 360
    if 180 <= hue <= 240:
        return "dark blue" if light < 0.45 else "light blue"
    if hue < 30:
        return "red-orange"
    if hue < 50:
        return "orange"
    return "?"


#: cue type -> (colour words, hatch) as lesson 5 describes them.
DESCRIBED = {
    "original score": ("dark blue", ""),
    "original song": ("light blue", ""),
    "pre-existing song": ("red-orange", "//"),
    "pre-existing instrumental": ("orange", ".."),
}


def test_share_chart_colours_and_hatching_match_lesson_5():
    cues = kit.load_cues()
    ax = kit.plot_share(cues, by="decade")
    try:
        for kind, (words, hatch) in DESCRIBED.items():
            bars = [p for c in ax.containers if c.get_label() == kind for p in c.patches]
            assert bars, kind
            assert {_named(mcolors.to_hex(p.get_facecolor())) for p in bars} == {words}, kind
            assert {p.get_hatch() or "" for p in bars} == {hatch}, kind
    finally:
        plt.close("all")
    text = " ".join(c.source for c in notebook(STUDENT, "05-charting-genres-and-eras").cells)
    for kind, (words, hatch) in DESCRIBED.items():
        assert re.search(rf"{kind}[^.]*{words}|{words}[^.]*{kind}", text), f"lesson 5 does not call {kind} {words}"


def test_heat_map_is_light_for_high_shares_as_lesson_5_says():
    cues = kit.load_cues()
    ax = kit.plot_heatmap(cues, rows="genre", cols="decade", value="pre-existing")
    try:
        cmap = ax.images[0].get_cmap()
        lightness = [colorsys.rgb_to_hls(*cmap(v)[:3])[1] for v in (0.0, 0.5, 1.0)]
        assert lightness[0] < lightness[1] < lightness[2]
    finally:
        plt.close("all")
    text = " ".join(" ".join(c.source.split()) for c in notebook(STUDENT, "05-charting-genres-and-eras").cells)
    assert "Light cells have a high share" in text


def test_second_lives_chart_marks_songs_with_circles_and_instrumentals_with_triangles():
    cues = kit.load_cues()
    ax = kit.plot_music_age(cues, label=0)
    try:
        markers = {}
        for coll in ax.collections:
            path = coll.get_paths()[0]
            markers[coll.get_label().split(" (")[0]] = len(path.vertices)
        # a triangle is drawn with 3 corners (plus the closing point); a circle with many more
        assert markers["pre-existing instrumental"] <= 5 < markers["pre-existing song"]
    finally:
        plt.close("all")
    text = " ".join(" ".join(c.source.split()) for c in notebook(STUDENT, "06-second-lives").cells)
    assert "Circles are songs, triangles instrumental pieces" in text


# -- 6. corrections that must not come back -----------------------------------------

WRONG = {
    r"Parton wrote[^.0-9]{0,40}1974": "Dolly Parton wrote and recorded the song in 1973 and released it in 1974",
    r"starts from nothing": "original score may quote or imitate older music (codebook case 17)",
    r"Top Gun[^.]{0,200}end credits|end credits[^.]{0,80}Top Gun": "unconfirmed: removed",
    r"well over a third": "the data's figure is about two in five",
    r"open to argument": "an ambiguous cue has a named reason",
    r"never the sync licence|never avoids the sync": "a public-domain composition needs no sync licence",
    r"usually reads as comic": "it can read as comic or heavy-handed today",
    r"People also call this a \*\*needle drop": "a needle drop is an existing recording, not every older song",
}


@pytest.mark.parametrize("pattern", sorted(WRONG))
def test_corrected_claims_stay_corrected(pattern):
    for where, text in lesson_texts():
        found = re.search(pattern, text, re.IGNORECASE)
        assert not found, f"{where}: '{found.group(0)}' ({WRONG[pattern]})"


def test_lesson_2_names_the_kinds_of_ambiguity_and_filters_by_them():
    nb = notebook(STUDENT, "02-beyond-the-binary")
    text = " ".join(c.source for c in nb.cells)
    for kind in ("trans-diegetic", "meta-diegetic", "supra-diegetic", "unclear"):
        assert kind in text
    for scholar in ("Stilwell", "Gorbman", "Altman", "Souriau", "Genette"):
        assert scholar in text
    assert any('cues["ambiguity"]' in c.source for c in nb.cells if c.cell_type == "code")


def test_lesson_6_says_which_age_each_chart_and_table_measures():
    nb = notebook(STUDENT, "06-second-lives")
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = " ".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "music_year" in text and "recording_year" in text
    assert 'recording_year"].fillna(' in code
