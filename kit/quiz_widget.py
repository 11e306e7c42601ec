"""The classify-the-cue quiz: a thin ipywidgets layer over ``QuizSession``.

Students see a cue card, choose an answer per axis, press Check and get the
verdict with its reasons at once; every answer is saved as it is given and
restored when the cell runs again. All text that comes from data is escaped
before it reaches HTML. The answers, the focus ring and the verdict's live
region come from ``kit.a11y_widgets`` (keyboard and screen-reader use; see
tests/test_accessibility.py). Used in lesson 1 (level 1) and lesson 2 (level 2).
"""

from __future__ import annotations

import html
import warnings

import ipywidgets as widgets

from kit.a11y_widgets import AnswerButtons, LiveHTML
from kit.answers import AnswersFileWarning
from kit.grading import AXIS_QUESTIONS, CHOICE_LABELS, Feedback
from kit.quiz_session import QuizSession

esc = html.escape


def cue_card_html(cue: dict, reveal: bool = False) -> str:
    """What a viewer would know about the cue; the rest only after answering."""
    where = esc(str(cue.get("title") or cue.get("work_id")))
    medium = cue.get("medium")
    when = f"{esc(str(cue.get('year')))}"
    if medium == "tv" and cue.get("season") is not None and cue.get("episode") is not None:
        when += f", season {int(cue['season'])} episode {int(cue['episode'])}"
    parts = [
        "<div class='kit-cue-card' style='border-left:4px solid #0072B2;padding:0.4em 0.8em;'>",
        f"<p style='margin:0;font-size:1.1em'><strong>{where}</strong> ({when})</p>",
        f"<p style='margin:0.3em 0'><em>Scene:</em> {esc(str(cue.get('scene') or ''))}</p>",
        f"<p style='margin:0.3em 0'><em>Music:</em> &ldquo;{esc(str(cue.get('music_title') or ''))}&rdquo;"
        f" &mdash; {esc(str(cue.get('artist') or ''))}</p>",
    ]
    if reveal:
        parts.append(
            f"<p class='kit-muted' style='margin:0.3em 0;color:#444'><em>First heard:</em> {esc(str(cue.get('music_year')))}"
            f" &middot; <em>Cue type:</em> {esc(str(cue.get('cue_type') or ''))}"
            f" &middot; <em>Source:</em> {esc(str(cue.get('source') or ''))}</p>")
    parts.append("</div>")
    return "".join(parts)


def _alert(text: str) -> str:
    return f"<p role='alert' class='kit-save-error kit-wrong' style='color:#a33b00'>&#9888; {esc(text)}</p>"


def feedback_html(fb: Feedback, first: Feedback | None = None, labels=CHOICE_LABELS,
                  axis_questions=AXIS_QUESTIONS) -> str:
    """The verdict and its reasons; if this was not the first try, which try was scored."""
    colour = "#006b3c" if fb.correct else "#a33b00"
    tone = "kit-right" if fb.correct else "kit-wrong"  # a dark theme recolours these
    mark = "&#10003;" if fb.correct else "&#10007;"
    rows = []
    for r in fb.results:
        ok = "&#10003; right" if r.correct else "&#10007; wrong"
        given = labels.get(r.given, "no answer") if r.given else "no answer"
        rows.append(f"<li><strong>{esc(axis_questions[r.axis])}</strong> You said {esc(given)}; "
                    f"the answer is {esc(labels[r.expected])} ({ok}).</li>")
    reasons = "".join(f"<li>{esc(s)}</li>" for s in fb.reasons)
    scored = ""
    if first is not None and first is not fb:
        verdict = "right" if first.correct else "not right"
        scored = (f"<p class='kit-first-try kit-muted' style='margin:0.2em 0;color:#555'>Your first try at this cue "
                  f"was {verdict}; that first try is the one scored.</p>")
    return (f"<div role='status' aria-live='polite' class='kit-feedback'>"
            f"<p class='{tone}' style='color:{colour};font-weight:bold;margin:0.2em 0'>{mark} {esc(fb.headline)}</p>{scored}"
            f"<ul style='margin:0.2em 0'>{''.join(rows)}</ul>"
            f"<p style='margin:0.2em 0'><em>Why:</em></p><ul style='margin:0.2em 0'>{reasons}</ul></div>")


class QuizWidget(widgets.VBox):
    """The quiz as a widget. Drive it from code with ``.choices[axis].value``
    and ``.check_button.click()``; tests do exactly that."""

    def __init__(self, session: QuizSession, notices=()):
        self.session = session
        bank = session.bank
        self._labels, self._asks = bank.labels, bank.axis_questions
        self.notice = widgets.HTML("".join(
            f"<p role='alert' class='kit-wrong' style='color:#a33b00'>&#9888; {esc(n)}</p>" for n in notices))
        self.progress = widgets.HTML()
        self.card = widgets.HTML()
        # a bank with sound (the ear quiz) puts an audio player here
        self.media = widgets.VBox()
        # One labelled group of answer buttons per question: each button says
        # whether it is pressed (aria-pressed), and the group is named by the
        # question, for screen readers as for the eye (kit.a11y_widgets).
        self.choices: dict[str, AnswerButtons] = {}
        for axis, options in bank.questions.items():
            self.choices[axis] = AnswerButtons(
                [(self._labels[o], o) for o in options], question=self._asks[axis],
                tooltips=[f"{self._asks[axis]} {self._labels[o]}" for o in options])
        # No icons: an icon font's glyph would become part of the buttons' names.
        self.prev_button = widgets.Button(description="Previous", tooltip="Go to the previous cue")
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           tooltip="Check your answer")
        self.next_button = widgets.Button(description="Next", tooltip="Go to the next cue")
        # The pressed answer is shown by colour and a check mark; this line says
        # it in words too, and screen readers announce it.
        self.selection = LiveHTML()
        for tb in self.choices.values():
            tb.observe(lambda _: self._say_selection(), names="value")
        # Live regions that stay in the page, so each new verdict is announced.
        self.feedback = LiveHTML()
        # says at once when an answer could not be saved, and when it is saved again
        self.save_status = LiveHTML()
        self._failing = False
        self.summary = widgets.HTML()
        self.prev_button.on_click(lambda _: self._move(-1))
        self.next_button.on_click(lambda _: self._move(+1))
        self.check_button.on_click(lambda _: self.check())
        nav = widgets.HBox([self.prev_button, self.check_button, self.next_button])
        nav.add_class("kit-quiz-nav")  # room for the focus ring (kit.a11y_widgets)
        super().__init__([self.notice, self.progress, self.card, self.media, *self.choices.values(),
                          self.selection, nav, self.save_status, self.feedback, self.summary])
        self.add_class("kit-quiz")
        self._show()

    # -- actions -------------------------------------------------------------
    def check(self) -> Feedback | None:
        given = {axis: tb.value for axis, tb in self.choices.items()}
        missing = [self._asks[a] for a, v in given.items() if v is None]
        if missing:
            self.feedback.value = ("<p role='status' aria-live='polite'>Choose an answer first: "
                                   + esc("; ".join(missing)) + "</p>")
            return None
        try:
            fb = self.session.answer(given)
        except Exception as err:  # a bug must not make Check silently do nothing
            self.save_status.value = _alert(f"Your answer could not be checked ({type(err).__name__}: "
                                            f"{err}). Please tell your teacher.")
            return None
        self._show()
        return fb

    def _say_selection(self) -> None:
        parts = [f"{self._asks[a]} {self._labels[tb.value] if tb.value else 'not chosen yet'}"
                 for a, tb in self.choices.items()]
        self.selection.value = ("<p role='status' aria-live='polite' class='kit-selection kit-muted' "
                                "style='margin:0;color:#444'>Your answer: " + esc("; ".join(parts)) + "</p>")

    def _move(self, step: int) -> None:
        self.session.go(step)
        self._show()
        # A button that just became disabled drops the keyboard focus to the
        # page's top: hand it to Check (or, at the first cue, to Next).
        pressed = self.next_button if step > 0 else self.prev_button
        if pressed.disabled:
            target = self.check_button if step > 0 else self.next_button
            if hasattr(target, "focus"):  # ipywidgets 8; 7.x cannot move the focus
                target.focus()

    def _show_media(self) -> None:
        """The current item's player, if its bank has sound (made once per item)."""
        media = getattr(self.session.bank, "media", None)
        if media is None:
            return
        item = self.session.current_id
        if getattr(self, "_media_item", None) != item:
            self._media_item = item
            self.media.children = [media(item)]

    def _show_save_status(self) -> None:
        s = self.session
        if s.save_error:
            waiting = len(s.pending)
            self.save_status.value = _alert(
                f"Not saved: {s.save_error}"
                + (f" ({waiting} answer{'s' if waiting != 1 else ''} waiting to be saved.)" if waiting else ""))
            self._failing = True
        elif self._failing:
            self._failing = False
            self.save_status.value = ("<p role='status' aria-live='polite' class='kit-right' style='color:#006b3c'>"
                                      "&#10003; Saving works again: every answer is saved.</p>")

    # -- display ---------------------------------------------------------------
    def _show(self) -> None:
        s = self.session
        cue = s.cue()
        fb = s.feedback.get(s.current_id)
        given = s.given.get(s.current_id, {})
        for axis, tb in self.choices.items():
            tb.value = given.get(axis)
        self._say_selection()
        card_html = getattr(s.bank, "card_html", cue_card_html)
        self.card.value = card_html(cue, reveal=fb is not None)
        self._show_media()
        first = s.first.get(s.current_id)
        self.feedback.value = feedback_html(fb, first, self._labels, self._asks) if fb else ""
        self.progress.value = (f"<p style='margin:0'><strong>Question {s.position + 1} of {len(s.order)}</strong>"
                               f" &middot; answered {s.answered} &middot; score {s.score} of {s.answered}"
                               f" <span class='kit-muted' style='color:#555'>(first tries)</span></p>")
        self._show_save_status()
        self.prev_button.disabled = s.position == 0
        self.next_button.disabled = s.position == len(s.order) - 1
        self.summary.value = self.summary_html() if s.finished else ""

    def summary_html(self) -> str:
        s = self.session
        lines = [f"<div class='kit-summary' role='status'><p><strong>Finished: {s.score} of {len(s.order)} "
                 f"correct.</strong> The score counts your first try at each question.</p>"]
        misses = s.misses_by_axis()
        if not any(misses.values()):
            lines.append("<p>No misses on any axis. Well done.</p>")
        else:
            lines.append("<p>Misses by axis:</p><ul>")
            for axis, ids in misses.items():
                titles = ", ".join(esc(str(s.cue(c).get("music_title"))) for c in ids) or "none"
                lines.append(f"<li><strong>{esc(self._asks[axis])}</strong> {len(ids)} missed: {titles}</li>")
            lines.append("</ul>")
        saved = "Answers saved in" if not s.save_error else "Answers NOT yet saved to"
        lines.append(f"<p class='kit-muted' style='color:#555'>{saved} {esc(str(s.save_to))}. To keep a copy of your own "
                     "(on Binder and other temporary sessions the file goes when the session ends), find it "
                     "in the file browser on the left, right-click it and choose Download.</p></div>")
        return "".join(lines)


def quiz(cues=None, level: int = 1, n: int = 10, seed=None, save_to=None, student=None) -> QuizWidget:
    """A quiz on ``cues`` (default: the whole dataset) with instant feedback.

    ``level=1`` asks the seed's binary, score or soundtrack (with a
    'neither fits' choice for the cells the binary misses); ``level=2`` asks
    provenance, form and diegesis. Answers are saved to ``save_to`` (default
    ``answers/<student>.json``) as they are given and restored on re-run.
    Lessons 1 and 2 use it.
    """
    if cues is None:
        from kit.loading import load_cues

        cues = load_cues()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnswersFileWarning)
        session = QuizSession(cues, level=level, n=n, seed=seed, save_to=save_to, student=student)
    notices = [str(w.message) for w in caught if issubclass(w.category, AnswersFileWarning)]
    for n_ in notices:
        warnings.warn(n_, AnswersFileWarning, stacklevel=2)
    return QuizWidget(session, notices + session.notices)
