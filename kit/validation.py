"""Check raw CSV tables against the data contract and normalize them.

Pure logic over pandas frames of strings: no plotting, no widgets. Every
problem is collected (not just the first) and reported with the line number
an editor shows, the column, the value and a suggested fix. Used by
``kit.load_cues`` and ``kit.load_works``, and so by every lesson, and by
lesson 6 where students validate their own cue sheets.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

import pandas as pd

from kit import schema
from kit.errors import Problem

_INT = re.compile(r"^[+-]?\d+(\.0*)?$")
_SPACES = re.compile(r"\s+")

# Columns whose allowed values are lower-case words, and those upper-case.
_UPPER = {"country"}


def suggest(value: str, options) -> str:
    """The closest allowed value to a typo, or '' when nothing is close."""
    options = list(options)
    squashed = {re.sub(r"[^a-z0-9]", "", o.lower()): o for o in options}
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    if key in squashed:
        return squashed[key]
    match = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return match[0] if match else ""


def _enum_fix(value: str, options) -> str:
    near = suggest(value, options)
    listed = ", ".join(repr(o) for o in options)
    if near:
        return f"Did you mean '{near}'? Allowed values: {listed}."
    return f"Allowed values: {listed}."


class Table:
    """A CSV file read as strings, with a way back to editor line numbers."""

    def __init__(self, path: Path, name: str):
        self.path = Path(path)
        self.name = name
        self.label = self.path.name
        self.problems: list[Problem] = []
        self.frame: pd.DataFrame | None = None
        self._raw: bytes | None = None
        self._lines: list[int] | None = None

    # -- problems ---------------------------------------------------------
    def problem(self, row, column, value, message, fix=""):
        line = self.line_of(row) if row is not None else None
        self.problems.append(Problem(self.label, line, column, value, message, fix))

    def line_of(self, row: int | str) -> int:
        """Editor line of a data row (0-based), or 1 for the header."""
        if row == "header":
            return 1
        if self._lines is None:
            self._lines = _record_lines(self._text or "")
        row = int(row)
        if row + 1 < len(self._lines):
            return self._lines[row + 1]
        return row + 2

    # -- reading ----------------------------------------------------------
    def read(self) -> bool:
        """Read the file; False when nothing further can be checked."""
        if not self.path.exists():
            self.problem(None, None, None, f"the file does not exist (looked for {self.path}).",
                         "Check the path and the file name.")
            return False
        raw = self.path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            byte = raw[err.start : err.start + 1].hex()
            self.problems.append(Problem(
                self.label, line, None, None,
                f"this is an encoding problem: byte 0x{byte} is not valid UTF-8, so the file "
                "was probably saved as Windows-1252 or Latin-1.",
                "Re-save it as UTF-8 (in Excel: Save As > 'CSV UTF-8'; in LibreOffice tick "
                "'Edit filter settings' and choose 'Unicode (UTF-8)'; in a text editor choose "
                "UTF-8 encoding) and load it again."))
            return False
        # the same test as ``not text.strip()`` without copying a large text
        blank = not text or text.isspace()
        # Keep the bytes, not the text (up to 4 bytes a character): the text is
        # decoded again only if a problem needs its line number.
        del text
        self._raw = raw
        if blank:
            self.problem(None, None, None, "the file is empty.",
                         "It needs a header row: " + ",".join(schema.columns(self.name)))
            return False
        try:
            # The parser reads the UTF-8 bytes directly (it skips the BOM itself):
            # no second copy of the file as text.
            frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False,
                                na_filter=False, skip_blank_lines=True, encoding="utf-8")
        except pd.errors.ParserError as err:
            msg = str(err)
            m = re.search(r"line (\d+)", msg)
            row_line = None
            if m:
                # pandas counts physical lines from 1 including the header
                row_line = int(m.group(1))
            self.problems.append(Problem(
                self.label, row_line, None, None,
                f"the row does not have the same number of fields as the header ({msg.strip()}).",
                "A value containing a comma must be wrapped in double quotes, and a double "
                "quote inside a value is written twice (\"\")."))
            return False
        except pd.errors.EmptyDataError:
            self.problem(None, None, None, "the file has no header row.",
                         "Add the header: " + ",".join(schema.columns(self.name)))
            return False
        frame.columns = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
        dupes = frame.columns[frame.columns.duplicated()].unique()
        for col in dupes:
            self.problem("header", col, None, "this column name appears more than once in the header.",
                         "Keep one column of each name.")
        if len(dupes):
            return False
        # No fillna(""): with na_filter=False every cell is a str, and a short
        # row's missing cells are read as "" (a copy of the frame saved).
        self.frame = frame
        return True

    @property
    def _text(self) -> str:
        return self._raw.decode("utf-8-sig") if self._raw is not None else ""

    # -- checks -------------------------------------------------------------
    def check_columns(self) -> set[str]:
        present = set(self.frame.columns)
        missing = [c for c in schema.columns(self.name) if c not in present]
        for col in missing:
            f = next(f for f in schema.fields(self.name) if f.name == col)
            if f.required:
                near = suggest(col, [c for c in present if c not in schema.columns(self.name)])
                fix = f"Rename '{near}' to '{col}'." if near else f"Add a '{col}' column to the header."
                self.problem("header", col, None, "a required column is missing.", fix)
            else:
                self.frame[col] = ""
        return {c for c in missing}

    def check_fields(self, skip: set[str]) -> None:
        """Normalize every column of the schema and report each bad cell.

        The checks run once per distinct value of a column, not once per
        cell, so a large file costs little more than reading it; rows are
        looked up only for the values that have a problem.
        """
        df = self.frame
        for f in schema.fields(self.name):
            if f.name in skip:
                continue
            column = df[f.name]
            values = column.tolist()  # all str: read as str, no missing cells
            distinct = set(values)
            # strip; enumerated values also lower- (or upper-) cased with single spaces
            if f.enum is not None:
                upper = f.name in _UPPER
                norm = {v: _SPACES.sub(" ", v.strip().upper() if upper else v.strip().lower())
                        for v in distinct}
            elif f.name in _UPPER:
                norm = {v: v.strip().upper() for v in distinct}
            else:
                norm = {v: v.strip() for v in distinct}
            changed = {v: n for v, n in norm.items() if n != v}
            if changed:
                values = [changed.get(v, v) for v in values]
                distinct = set(norm.values())
                df[f.name] = pd.Series(values, index=df.index, dtype=column.dtype)
            present = distinct - {""}

            def rows(bad: set, values=values):
                return [i for i, v in enumerate(values) if v in bad] if bad else []

            if f.required and "" in distinct:
                fix = _enum_fix("", f.enum) if f.enum else f"Fill in the {f.name}."
                for row in rows({""}):
                    self.problem(row, f.name, "", "a value is required here but the cell is empty.", fix)
            if f.enum is not None:
                fixes = {v: _enum_fix(v, f.enum) for v in present if v not in f.enum}
                for row in rows(set(fixes)):
                    v = values[row]
                    self.problem(row, f.name, v, f"'{v}' is not an allowed value.", fixes[v])
            if f.type == "integer":
                whole = [v for v in present if _INT.fullmatch(v)]
                for row in rows(present.difference(whole)):
                    v = values[row]
                    self.problem(row, f.name, v, f"'{v}' is not a whole number.",
                                 f"Write the {f.name} as digits only, e.g. 1985.")
                nums = pd.to_numeric(pd.Series(whole, dtype=object), errors="coerce").tolist()
                lo, hi = f.minimum, f.maximum
                out = {v for v, x in zip(whole, nums)
                       if (lo is not None and x < lo) or (hi is not None and x > hi)}
                for row in rows(out):
                    v = values[row]
                    self.problem(row, f.name, v, f"{v} is not a possible {f.name}.",
                                 f"It must be between {f.minimum} and {f.maximum}.")
            if f.pattern is not None:
                rx = re.compile(f.pattern)
                for row in rows({v for v in present if not rx.fullmatch(v)}):
                    v = values[row]
                    self.problem(row, f.name, v, f"'{v}' does not have the expected form.",
                                 _pattern_fix(f.name))
            if f.max_length is not None:
                for row in rows({v for v in distinct if len(v) > f.max_length}):
                    v = values[row]
                    self.problem(row, f.name, v[:40] + "...",
                                 f"the text is {len(v)} characters long.",
                                 f"Shorten it to at most {f.max_length} characters.")
            if f.unique and len(distinct) < len(values):
                self.check_unique(f.name)

    def check_unique(self, column: str) -> None:
        values = self.frame[column].tolist()
        if len(set(values)) == len(values):
            return
        where: dict = {}
        for row, value in enumerate(values):
            if value != "":
                where.setdefault(value, []).append(row)
        for value in sorted(v for v, rows in where.items() if len(rows) > 1):
            rows = where[value]
            lines = [self.line_of(r) for r in rows]
            for row in rows[1:]:
                self.problem(row, column, value,
                             f"'{value}' is used more than once (lines {', '.join(map(str, lines))}).",
                             f"Each {column} must be unique: rename or remove the repeated row.")


def _pattern_fix(column: str) -> str:
    return {
        "work_id": "Use lower-case letters, digits and hyphens only, e.g. 'breakfast-club-1985'.",
        "country": "Use a two-letter ISO 3166-1 code such as US, GB, IN, JP or FR.",
        "wikidata": "Use a Wikidata identifier such as Q1000, or leave the cell empty.",
    }.get(column, "See data/datapackage.json for the expected form.")


def _record_lines(text: str) -> list[int]:
    """Start line of every CSV record (quoted newlines included), header first."""
    starts = []
    reader = csv.reader(io.StringIO(text))
    prev_end = 0
    for record in reader:
        start = prev_end + 1
        prev_end = reader.line_num
        if not record or all(not cell.strip() for cell in record) and len(record) <= 1:
            continue
        starts.append(start)
    return starts


def read_table(path, name: str) -> Table:
    """Read and check one table (``'works'`` or ``'cues'``) cell by cell."""
    table = Table(path, name)
    if table.read():
        missing = table.check_columns()
        table.check_fields(skip=missing)
    return table
