"""The Hand in button shown under the quiz (lessons 1 and 2): a thin widget over
``kit.hand_in``. It holds no rules: pressing it calls ``hand_in`` and shows
the result, or the plain message saying what to do.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from kit.classroom.hand_in import ENV, hand_in


class HandInButton(widgets.VBox):
    """A button and a status line; ``.last`` is the path of the latest hand-in."""

    def __init__(self, save_to=None, student=None, folder=None):
        self._args = {"save_to": save_to, "student": student, "folder": folder}
        self.last = None
        # no icon: an icon font's glyph would become part of the button's accessible name
        self.button = widgets.Button(description="Hand in", button_style="primary",
                                     tooltip="Send a copy of your quiz answers to your teacher")
        self.status = widgets.HTML()
        self.button.on_click(self._hand_in)
        super().__init__([self.button, self.status])
        self._show_where()

    def _show_where(self):
        import os

        if self._args["folder"] is None and not os.environ.get(ENV):
            self.status.value = ("<p>No class hand-in folder is set up on this computer. If your teacher "
                                 "collects answers another way, send them the file that "
                                 "<code>kit.export_answers()</code> writes.</p>")

    def _hand_in(self, _button=None):
        try:
            self.last = hand_in(**self._args)
        except (ValueError, OSError) as err:  # KitInputError, AnswersFileError, AnswersNotFound
            self.status.value = (f"<p role='alert' style='color:#a33b00'>&#9888; Not handed in. "
                                 f"{html.escape(str(err))}</p>")
            return
        self.status.value = (f"<p role='status' style='color:#006b3c'>&#10003; Handed in as "
                             f"<code>{html.escape(self.last.name)}</code>. You can hand in again after more "
                             "answers; your teacher keeps every hand-in.</p>")


def hand_in_button(save_to=None, student=None, folder=None) -> HandInButton:
    """A Hand in button for the end of a quiz lesson; same arguments as ``kit.hand_in``."""
    return HandInButton(save_to=save_to, student=student, folder=folder)
