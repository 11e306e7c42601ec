"""The accessible parts without a browser: chart alt text and the answer buttons.

The browser tests (tests/test_accessibility.py) check what a screen reader
and a keyboard meet; these check the Python side those rely on.
"""

import base64
import html
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import traitlets  # noqa: E402
from IPython.core.formatters import DisplayFormatter  # noqa: E402

import kit  # noqa: E402
from kit.a11y_widgets import AnswerButtons, LiveHTML  # noqa: E402
from kit.chart_display import chart_description, register  # noqa: E402


class Shell:
    """The part of an IPython shell that display() uses."""

    def __init__(self):
        self.display_formatter = DisplayFormatter()


@pytest.fixture
def cues(tables):
    c, w = tables()
    return kit.load_cues(c, works=w)


def test_a_kit_chart_is_shown_with_its_description_as_alt_text(cues):
    shell = Shell()
    assert register(shell)
    ax = kit.plot_share(cues, by="decade")
    data, _ = shell.display_formatter.format(ax.figure)
    page = data["text/html"]
    alt = re.search(r'<img [^>]*alt="([^"]*)"', page).group(1)
    assert html.unescape(alt) == " ".join(str(kit.describe_chart(ax)).split())
    # the same PNG in both outputs (drawn once), and it is a PNG
    src = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    assert src == data["image/png"]
    assert base64.b64decode(src)[:8] == b"\x89PNG\r\n\x1a\n"
    plt.close("all")


def test_a_description_with_quotes_and_markup_stays_inside_the_alt_attribute():
    shell = Shell()
    register(shell)
    fig, ax = plt.subplots()
    ax.kit_description = 'A "quoted" <b>title</b> & more'
    page = shell.display_formatter.format(fig)[0]["text/html"]
    assert 'alt="A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more"' in page
    assert "<b>" not in page
    plt.close(fig)


def test_other_figures_are_left_as_they_were():
    shell = Shell()
    register(shell)
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    data, _ = shell.display_formatter.format(fig)
    assert "text/html" not in data and "image/png" in data
    assert chart_description(fig) is None
    plt.close(fig)


def test_register_again_keeps_one_formatter_and_outside_ipython_says_no():
    shell = Shell()
    register(shell)
    register(shell)
    fig, ax = plt.subplots()
    ax.kit_description = "Bars."
    data, _ = shell.display_formatter.format(fig)
    assert data["text/html"].count("<img") == 1
    assert register() is False  # no IPython shell in pytest
    plt.close(fig)


def test_answer_buttons_behave_like_toggle_buttons():
    b = AnswerButtons([("Score", "score"), ("Soundtrack", "soundtrack")], question="Score or soundtrack?")
    assert b.value is None and b.labels == ["Score", "Soundtrack"]
    seen = []
    b.observe(lambda change: seen.append(change["new"]), names="value")
    b.value = "soundtrack"
    assert seen == ["soundtrack"]
    with pytest.raises(traitlets.TraitError):
        b.value = "jazz"
    b.value = None
    assert seen == ["soundtrack", None]


def test_quiz_parts_are_the_accessible_widgets(cues, tmp_path):
    q = kit.quiz(cues, level=2, n=1, save_to=tmp_path / "a.json")
    assert all(isinstance(c, AnswerButtons) for c in q.choices.values())
    assert [c.question for c in q.choices.values()] == [q._asks[a] for a in q.choices]
    assert isinstance(q.feedback, LiveHTML) and isinstance(q.save_status, LiveHTML)
    for button in (q.prev_button, q.check_button, q.next_button):
        assert button.icon == ""  # an icon font's glyph would join the button's name


def test_the_formatter_comes_back_after_the_inline_backend_drops_it():
    from IPython.core.events import EventManager, available_events
    from matplotlib.figure import Figure

    shell = Shell()
    shell.events = EventManager(shell, available_events)
    register(shell)
    for f in shell.display_formatter.formatters.values():  # as matplotlib-inline does when it starts
        f.pop(Figure, None)
    fig, ax = plt.subplots()
    ax.kit_description = "Bars."
    assert "text/html" not in shell.display_formatter.format(fig)[0]
    shell.events.trigger("post_execute")
    assert 'alt="Bars."' in shell.display_formatter.format(fig)[0]["text/html"]
    plt.close(fig)
