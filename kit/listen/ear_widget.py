"""The ear quiz as a widget: the cue quiz's session and widget, asking from the ear bank.

A thin front end over :class:`kit.listen.ear.EarBank` (pure logic): it adds
the card a student reads (the scene, and a written description of the
sound for anyone who cannot hear it) and the audio player placed under the
card. Saving, first-try scoring, feedback, keyboard and screen-reader
support all come from ``kit.quiz_session`` and ``kit.quiz_widget``, so the
answers land in the same answers file as the cue quiz (quiz keys start with
``ear-``) and ``kit.class_summary`` reads them. Used in lesson 3, *Hearing
the difference*.
"""

from __future__ import annotations

import html
import warnings

import ipywidgets as widgets

from kit.answers import AnswersFileWarning
from kit.errors import KitInputError
from kit.listen.ear import EAR_QUESTIONS, EarBank, ear_clip
from kit.quiz_session import QuizSession
from kit.quiz_widget import QuizWidget

esc = html.escape


class EarQuizBank(EarBank):
    """The ear bank with what a screen needs: a card and a player per clip."""

    def item(self, item_id: str) -> dict:
        d = super().item(item_id)
        d["music_title"] = d["title"]  # the quiz's end summary names missed items by it
        return d

    def card_html(self, item: dict, reveal: bool = False) -> str:
        """The scene and the question; a description of the sound for anyone who
        cannot hear it; after an answer, the clip's title (which would give the
        answer away before), how it was made and the real cues it stands for."""
        heading = esc(item["title"]) if reveal else "Listen to this clip"
        parts = [
            "<div class='kit-cue-card kit-ear-card' style='border-left:4px solid #009E73;padding:0.4em 0.8em;'>",
            f"<p style='margin:0;font-size:1.1em'><strong>{heading}</strong></p>",
            f"<p style='margin:0.3em 0'><em>Scene:</em> {esc(item['scene'])}</p>",
            "<p style='margin:0.3em 0'>Play the clip below, listen, then answer: "
            f"<strong>{esc(EAR_QUESTIONS[self.level][0])}</strong></p>",
            "<details class='kit-ear-description'><summary>Can't hear it? Read a description</summary>"
            f"<p style='margin:0.3em 0'>{esc(item['description'])}</p></details>",
        ]
        if reveal:
            cues = ", ".join(esc(c) for c in item["cue_ids"]) or "none"
            parts.append(f"<p style='margin:0.3em 0;color:#444'><em>How it was made:</em> {esc(item['recipe'])}"
                         f" &middot; <em>Cues in the dataset to compare:</em> {cues}</p>")
        parts.append("</div>")
        return "".join(parts)

    def media(self, item_id: str) -> widgets.Widget:
        """A player for the clip (never starts by itself), labelled for screen readers."""
        clip = ear_clip(item_id)
        label = widgets.HTML(f"<p class='kit-ear-player-label' style='margin:0.2em 0'>The clip, "
                             f"{clip.seconds:.1f} seconds. Use the player's play button; you can play "
                             "it as often as you like.</p>")
        player = widgets.Audio(value=clip.wav(), format="wav", autoplay=False, loop=False, controls=True)
        player.add_class("kit-ear-audio")
        return widgets.VBox([label, player])


def ear_quiz(level: int = 1, n: int = 8, seed=None, save_to=None, student=None) -> QuizWidget:
    """The ear quiz: hear short clips and answer, with instant, reasoned feedback.

    ``level=1`` asks "Can the characters hear it?"; ``level=2`` asks "What is
    the music doing?". ``n`` clips (at most the bank's eight) in an order set
    by ``seed``. Answers are saved to ``save_to`` (default
    ``answers/<student>.json``, the cue quiz's file) as they are given and
    restored when the cell runs again; the first try at each clip is scored.
    Lesson 3.
    """
    if isinstance(level, bool) or level not in EAR_QUESTIONS:
        raise KitInputError(f"level must be 1 (can the characters hear it?) or 2 (what is the music doing?), "
                            f"not {level!r}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnswersFileWarning)
        session = QuizSession(level=level, n=n, seed=seed, save_to=save_to, student=student,
                              bank=EarQuizBank(level))
    notices = [str(w.message) for w in caught if issubclass(w.category, AnswersFileWarning)]
    for text in notices:
        warnings.warn(text, AnswersFileWarning, stacklevel=2)
    return QuizWidget(session, notices + session.notices)


__all__ = ["EarQuizBank", "ear_quiz"]
