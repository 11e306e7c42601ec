"""Check raw CSV tables against the data contract and normalize them.

Pure logic over pandas frames of strings: no plotting, no widgets. Every
problem is collected (not just the first) and reported with the line number
an editor shows, the column, the value and a suggested fix. Used by
``kit.load_cues`` and ``kit.load_works``, and so by every lesson, and by
lesson 7 where students validate their own cue sheets.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from kit import schema
from kit.errors import Problem

_INT = re.compile(r"^[+-]?[0-9]+(\.0*)?$")
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
        self._readable = False  # the file exists and is valid UTF-8
        # for the loader, per checked column: the column (normalized) and, for
        # columns of few values, its codes and distinct values (as pd.factorize gives them)
        self.checked: dict[str, pd.Series] = {}
        self.factorized: dict[str, tuple] = {}
        self.numbers: dict[str, list] = {}  # integer columns: each distinct value as a number
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

    def column(self, name: str) -> pd.Series:
        """A column of the frame (kept by the checks: quicker than looking it up again)."""
        col = self.checked.get(name)
        return col if col is not None else self.frame[name]

    # -- reading ----------------------------------------------------------
    def read(self) -> bool:
        """Read the file; False when nothing further can be checked."""
        if not self.path.exists():
            self.problem(None, None, None, f"the file does not exist (looked for {self.path}).",
                         "Check the path and the file name.")
            return False
        with open(self.path, "rb") as fh:
            head = fh.read(4096)
            size = os.fstat(fh.fileno()).st_size
            nul = _has_nul(fh, head)
        # Parse first, from the path: pandas reads a large file in parallel and
        # decodes every cell as strict UTF-8, so when it succeeds the file is
        # valid UTF-8 and no separate decoding pass is needed. When it fails, or
        # the file may be blank, or it holds a NUL byte (pandas 2 stops reading
        # a cell there), the checks run in their usual order for the usual
        # message. (utf-8-sig only with a BOM: it drops one BOM, as the
        # decoding did, but is slower on small files. A small file is parsed in
        # one piece rather than in chunks that are then joined; a large one in
        # chunks, which pandas 3.1+ parses in parallel. With every column read
        # as str the result is the same.)
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        try:
            # index_col=False: a trailing comma on every row (as some spreadsheets
            # write) must not turn the first column into the index. pandas then
            # only warns (ParserWarning) if the first data row has more fields
            # than the header and drops them: that is checked below.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                frame = pd.read_csv(self.path, dtype=str, keep_default_na=False, na_filter=False,
                                    skip_blank_lines=True, encoding=encoding, index_col=False,
                                    low_memory=size >= _CHUNKED_BYTES)
            failure = None
            widened = any(issubclass(w.category, pd.errors.ParserWarning) for w in caught)
        except Exception as err:  # reported (or raised) below, after the encoding check
            frame, failure, widened = None, err, False
        if failure is not None or nul or _may_be_blank(head):
            raw = self.path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as err:
                start = err.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
                line = raw[:start].count(b"\n") + 1
                byte = raw[start : start + 1].hex()
                self.problems.append(Problem(
                    self.label, line, None, None,
                    f"this is an encoding problem: byte 0x{byte} is not valid UTF-8, so the file "
                    "was probably saved as Windows-1252 or Latin-1.",
                    "Re-save it as UTF-8 (in Excel: Save As > 'CSV UTF-8'; in LibreOffice tick "
                    "'Edit filter settings' and choose 'Unicode (UTF-8)'; in a text editor choose "
                    "UTF-8 encoding) and load it again."))
                return False
            if not text or text.isspace():  # ``not text.strip()`` without a copy
                self.problem(None, None, None, "the file is empty.",
                             "It needs a header row: " + ",".join(schema.columns(self.name)))
                return False
            del text
        # The text itself is read again only if a problem needs its line number.
        self._readable = True
        header = _header(head, encoding)
        if len(header) == 1 and ";" in header[0]:
            self.problem("header", None, None,
                         "the columns are separated by semicolons (;), not commas.",
                         "Save the file as comma-separated CSV (in Excel: Save As > 'CSV UTF-8 "
                         "(Comma delimited)'; in LibreOffice choose ',' as the field delimiter).")
            return False
        if isinstance(failure, pd.errors.ParserError) or widened:
            found = _structure_problems(self._text)
            if found or not widened:
                for line, message in found or [(None, f"pandas could not parse it ({str(failure).strip()}).")]:
                    self.problems.append(Problem(
                        self.label, line, None, None, message,
                        "A value containing a comma must be wrapped in double quotes, and a double "
                        "quote inside a value is written twice (\"\")."))
                return False
        if isinstance(failure, pd.errors.EmptyDataError):
            self.problem(None, None, None, "the file has no header row.",
                         "Add the header: " + ",".join(schema.columns(self.name)))
            return False
        if failure is not None:
            raise failure
        names = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
        frame.columns = names
        # pandas renames an exact duplicate to 'name.1': look at the header as written
        raw_names = [c.strip().lower().replace(" ", "_") for c in header]
        dupes = sorted({c for c in raw_names if raw_names.count(c) > 1 and c})
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
        """The file as text, for line numbers (read again: not kept in memory)."""
        return self.path.read_bytes().decode("utf-8-sig") if self._readable else ""

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

        Values are tested once per distinct value of a column (or in one pass
        over a free-text column), not cell by cell through pandas, so a large
        file costs little more than reading it; rows are looked up only for
        the values that have a problem. The codes and distinct values found
        are kept in ``self.factorized`` for the loader to reuse.
        """
        df = self.frame
        columns = dict(df.items())  # quicker than looking each one up
        for f in schema.fields(self.name):
            if f.name in skip:
                continue
            column = columns[f.name]  # all str: read as str, no missing cells
            upper = f.name in _UPPER
            if f.enum is not None or f.type == "integer":
                # few distinct values: check those, and keep the codes for the loader
                codes, distinct = pd.factorize(column.to_numpy(dtype=object))
                distinct = distinct.tolist()
                # strip; enumerated values also lower- (or upper-) cased with single spaces
                if f.enum is not None:
                    norm = [_SPACES.sub(" ", v.strip().upper() if upper else v.strip().lower())
                            for v in distinct]
                else:
                    norm = list(map(str.strip, distinct))
                if norm != distinct:
                    column = pd.Series(np.array(norm, dtype=object)[codes], index=df.index,
                                       dtype=column.dtype, name=f.name)
                    df[f.name] = column
                distinct = norm  # may now hold a value twice: only ever used per value
                self.factorized[f.name] = (codes, distinct)
                kinds, n = set(distinct), len(codes)

                def value(row, codes=codes, distinct=distinct):
                    return distinct[codes[row]]

                def rows(bad: set, codes=codes, distinct=distinct) -> list[int]:
                    if not bad:
                        return []
                    hit = np.fromiter((v in bad for v in distinct), dtype=bool, count=len(distinct))
                    return np.flatnonzero(hit[codes]).tolist()
            else:
                values = column.tolist()
                if upper or f.pattern or f.unique:
                    # checked per distinct value
                    kinds = set(values)
                    norm = {v: v.strip().upper() if upper else v.strip() for v in kinds}
                    changed = {v: x for v, x in norm.items() if x != v}
                    if changed:
                        values = [changed.get(v, v) for v in values]
                        kinds = set(norm.values())
                else:  # free text: one pass
                    stripped = list(map(str.strip, values))
                    changed = stripped != values
                    values, kinds = stripped, None
                if changed:
                    column = pd.Series(values, index=df.index, dtype=column.dtype, name=f.name)
                    df[f.name] = column
                n = len(values)

                def value(row, values=values):
                    return values[row]

                def rows(bad: set, values=values) -> list[int]:
                    return [i for i, v in enumerate(values) if v in bad] if bad else []

            self.checked[f.name] = column
            empty = ("" in kinds) if kinds is not None else ("" in values)
            if f.required and empty:
                fix = _enum_fix("", f.enum) if f.enum else f"Fill in the {f.name}."
                for row in rows({""}):
                    self.problem(row, f.name, "", "a value is required here but the cell is empty.", fix)
            present = kinds - {""} if kinds is not None else set()
            if f.enum is not None:
                fixes = {v: _enum_fix(v, f.enum) for v in present if v not in f.enum}
                for row in rows(set(fixes)):
                    v = value(row)
                    self.problem(row, f.name, v, f"'{v}' is not an allowed value.", fixes[v])
            if f.type == "integer":
                whole = {v for v in present if _INT.fullmatch(v)}
                for row in rows(present - whole):
                    v = value(row)
                    self.problem(row, f.name, v, f"'{v}' is not a whole number.",
                                 f"Write the {f.name} as digits only, e.g. 1985.")
                numbers = to_numbers(distinct)  # kept for the loader and the cross-checks
                self.numbers[f.name] = numbers
                lo, hi = f.minimum, f.maximum
                out = {v for v, x in zip(distinct, numbers) if v in whole and (
                       (lo is not None and x < lo) or (hi is not None and x > hi))}
                for row in rows(out):
                    v = value(row)
                    self.problem(row, f.name, v, f"{v} is not a possible {f.name}.",
                                 f"It must be between {f.minimum} and {f.maximum}.")
            if f.pattern is not None:
                rx = re.compile(f.pattern)
                for row in rows({v for v in present if not rx.fullmatch(v)}):
                    v = value(row)
                    self.problem(row, f.name, v, f"'{v}' does not have the expected form.",
                                 _pattern_fix(f.name))
            if f.max_length is not None:
                candidates = kinds if kinds is not None else values
                if max(map(len, candidates), default=0) > f.max_length:
                    for row in rows({v for v in candidates if len(v) > f.max_length}):
                        v = value(row)
                        self.problem(row, f.name, v[:40] + "...",
                                     f"the text is {len(v)} characters long.",
                                     f"Shorten it to at most {f.max_length} characters.")
            if f.unique and len(kinds) < n:
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


def to_numbers(values) -> list:
    """``pd.to_numeric(values, errors="coerce")``, value by value, as a list.

    Short whole numbers written with the digits 0-9 (the usual case) convert
    with ``int``, exactly as pandas would, and '' is NaN; pandas converts the
    rest, e.g. 'x' to NaN, '1e3' to 1000.0, other scripts' digits (which
    ``\\d`` matches) to NaN, and long numbers to its own rounding of them.
    """
    out, odd = [], []
    for i, v in enumerate(values):
        if len(v) <= 15 and v.isascii():
            if v.isdigit():
                out.append(int(v))
                continue
            if not v:
                out.append(float("nan"))
                continue
            if _INT.fullmatch(v):
                out.append(int(v.partition(".")[0]))
                continue
        out.append(None)
        odd.append(i)
    if odd:
        converted = pd.to_numeric(pd.Series([values[i] for i in odd], dtype=object), errors="coerce")
        for i, x in zip(odd, converted.tolist()):
            out[i] = x
    return out


def _pattern_fix(column: str) -> str:
    return {
        "work_id": "Use lower-case letters, digits and hyphens only, e.g. 'breakfast-club-1985'.",
        "country": "Use a two-letter ISO 3166-1 code such as US, GB, IN, JP or FR.",
        "wikidata": "Use a Wikidata identifier such as Q1000, or leave the cell empty.",
    }.get(column, "See data/datapackage.json for the expected form.")


_CHUNKED_BYTES = 5 * 2**20  # files this large are parsed in chunks (in parallel)
_LEADING_SPACE = re.compile(rb"[\t\n\x0b\x0c\r\x1c-\x1f ]*")


def _has_nul(fh, head: bytes) -> bool:
    """Whether the rest of an open file (after ``head``) or ``head`` holds a NUL byte."""
    if b"\x00" in head:
        return True
    while chunk := fh.read(1 << 20):
        if b"\x00" in chunk:
            return True
    return False


def _may_be_blank(raw: bytes) -> bool:
    """False when the decoded text surely has a non-whitespace character.

    It does if the first byte that is not ASCII whitespace (as ``str.isspace``
    sees it) is another ASCII character; a non-ASCII one needs decoding.
    """
    start = 3 if raw.startswith(codecs.BOM_UTF8) else 0
    end = _LEADING_SPACE.match(raw, start).end()
    return end == len(raw) or raw[end] >= 0x80


def _header(head: bytes, encoding: str) -> list[str]:
    """The header's cells as written (from the first bytes of the file)."""
    text = head.decode(encoding, errors="replace")
    try:
        return next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return []


def _records(text: str, strict: bool = False):
    """Each CSV record with the editor line it starts on (quoted newlines included)."""
    reader = csv.reader(io.StringIO(text), strict=strict)
    prev_end = 0
    try:
        for record in reader:
            yield prev_end + 1, record
            prev_end = reader.line_num
    except csv.Error:
        if not strict:
            raise
        yield prev_end + 1, None  # strict: a record that cannot be parsed starts here


def _structure_problems(text: str, limit: int = 10) -> list[tuple[int, str]]:
    """Records whose number of fields differs from the header's, with the
    editor line where each starts; or an unclosed quote. Blank lines and
    rows whose extra cells are all empty (a trailing comma) are fine."""
    found: list[tuple[int, str]] = []
    width, first_row = None, None
    for start, record in _records(text, strict=True):
        if record is None:
            found.append((start, "a double quote opens a value that is never closed."))
            break
        if not record:
            continue
        if width is None:
            width = len(record)
            continue
        first_row = len(record) if first_row is None else first_row
        # longer than the header, unless only by empty cells that every row
        # has alike (a trailing comma written by a spreadsheet)
        if len(record) > width and (any(c.strip() for c in record[width:]) or len(record) != first_row):
            found.append((start, f"this row has {len(record)} fields but the header has {width}."))
        if len(found) >= limit:
            break
    return found


def _record_lines(text: str) -> list[int]:
    """Start line of every CSV record, header first (blank lines skipped, as pandas does)."""
    return [start for start, record in _records(text)
            if record and not (len(record) <= 1 and all(not cell.strip() for cell in record))]


def read_table(path, name: str) -> Table:
    """Read and check one table (``'works'`` or ``'cues'``) cell by cell."""
    table = Table(path, name)
    if table.read():
        missing = table.check_columns()
        table.check_fields(skip=missing)
    return table
