"""Errors raised when a cue or works file cannot be used as it stands.

Every message names the file, the line as an editor shows it (the header is
line 1), the column, the bad value and the fix, so a teacher can correct the
file without reading code. Used by every notebook that loads data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one file) of a CSV table."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + ": " + self.message
        if self.fix:
            text += " " + self.fix
        return text


class CueDataError(ValueError):
    """A data file has problems; ``.problems`` lists every one found.

    The loaders check the whole file before raising, so a teacher sees all
    the mistakes at once rather than fixing them one run at a time.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found in the cue data"
        shown = self.problems[:25]
        lines = [head + ":"] + [f"  - {p}" for p in shown]
        if n > len(shown):
            lines.append(f"  ... and {n - len(shown)} more (see the .problems attribute)")
        super().__init__("\n".join(lines))


class PlainMessage:
    """Mixin: in a notebook, show only the message, not a traceback into the kit.

    IPython calls ``_render_traceback_`` when it exists; the lines returned
    replace the traceback, so a student reads one plain sentence that says
    what to do. Scripts and tests still get an ordinary exception.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class KitInputError(PlainMessage, ValueError):
    """A value given to a kit function cannot be used; the message says why and what to do."""


class AnswersFileError(PlainMessage, ValueError):
    """Answers could not be saved or read; the message names the file and what to do."""


class KitTypeError(PlainMessage, TypeError):
    """A value of the wrong kind was given to a kit function; the message says what is expected."""
