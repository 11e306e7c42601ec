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
        self._text: str | None = None
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
        self._text = text
        if not text.strip():
            self.problem(None, None, None, "the file is empty.",
                         "It needs a header row: " + ",".join(schema.columns(self.name)))
            return False
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                na_filter=False, skip_blank_lines=True)
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
        self.frame = frame.fillna("")
        return True

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
        df = self.frame
        for f in schema.fields(self.name):
            if f.name in skip:
                continue
            col = df[f.name].astype(str).str.strip()
            if f.enum is not None:
                col = col.str.upper() if f.name in _UPPER else col.str.lower()
                col = col.str.replace(r"\s+", " ", regex=True)
            elif f.name in _UPPER:
                col = col.str.upper()
            df[f.name] = col
            empty = col.eq("")
            if f.required and empty.any():
                for row in df.index[empty]:
                    self.problem(row, f.name, "", "a value is required here but the cell is empty.",
                                 _enum_fix("", f.enum) if f.enum else f"Fill in the {f.name}.")
            present = ~empty
            if f.enum is not None:
                bad = present & ~col.isin(f.enum)
                for row in df.index[bad]:
                    self.problem(row, f.name, col[row], f"'{col[row]}' is not an allowed value.",
                                 _enum_fix(col[row], f.enum))
            if f.type == "integer":
                ok_int = col.str.fullmatch(_INT.pattern)
                bad = present & ~ok_int
                for row in df.index[bad]:
                    self.problem(row, f.name, col[row], f"'{col[row]}' is not a whole number.",
                                 f"Write the {f.name} as digits only, e.g. 1985.")
                nums = pd.to_numeric(col.where(present & ok_int), errors="coerce")
                too_low = nums.lt(f.minimum) if f.minimum is not None else pd.Series(False, index=df.index)
                too_high = nums.gt(f.maximum) if f.maximum is not None else pd.Series(False, index=df.index)
                for row in df.index[too_low | too_high]:
                    self.problem(row, f.name, col[row], f"{col[row]} is not a possible {f.name}.",
                                 f"It must be between {f.minimum} and {f.maximum}.")
            if f.pattern is not None:
                bad = present & ~col.str.fullmatch(f.pattern)
                for row in df.index[bad]:
                    self.problem(row, f.name, col[row], f"'{col[row]}' does not have the expected form.",
                                 _pattern_fix(f.name))
            if f.max_length is not None:
                long = col.str.len().gt(f.max_length)
                for row in df.index[long]:
                    self.problem(row, f.name, col[row][:40] + "...",
                                 f"the text is {len(col[row])} characters long.",
                                 f"Shorten it to at most {f.max_length} characters.")
            if f.unique:
                self.check_unique(f.name)

    def check_unique(self, column: str) -> None:
        col = self.frame[column]
        dup = col.duplicated(keep=False) & col.ne("")
        if not dup.any():
            return
        for value, rows in col[dup].groupby(col[dup]).groups.items():
            rows = list(rows)
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
