"""Read a CSV table once, check it against the data contract and normalize it.

Pure logic over pandas frames of strings: no plotting, no widgets. One
reading of the file gives the header, the rows and the line an editor shows
for each row, so every problem is reported where the teacher will find it.
Every problem is collected (not just the first), with the line, the column,
the value and a suggested fix. Used by ``kit.load_cues`` and
``kit.load_works``, and so by every lesson, and by lesson 7 where students
validate their own cue sheets.

What the reading forgives, and nothing else: one UTF-8 byte-order mark; LF,
CRLF or CR line endings, mixed too; blank rows (every cell empty or spaces);
spaces around values and header names; the case of header names, and the
case and inner spaces of values from a fixed list (ASCII letters only, so
that 'ß' never becomes 'SS' nor a dotless 'ı' an 'I'); trailing commas.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import math
import os
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from kit import schema
from kit.errors import Problem

_INT = re.compile(r"^[+-]?[0-9]+(\.0*)?$")
_SPACES = re.compile(r"\s+")
_UPPER = {"country"}  # columns whose values are upper-case codes; the other lists are lower-case
_TO_UPPER = {c: c - 32 for c in range(ord("a"), ord("z") + 1)}
_TO_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_COPY_ON_WRITE = int(pd.__version__.split(".")[0]) >= 3  # pandas 3 never shares a frame's columns
_CHUNKED_BYTES = 5 * 2**20  # files this large are parsed in chunks (in parallel, pandas 3.1+)
_QUOTING_FIX = ("A value containing a comma must be wrapped in double quotes, and a double "
                "quote inside a value is written twice (\"\").")
_SAVE_AS_CSV = ("Open it in your spreadsheet and save it as CSV UTF-8: in Excel, File > Save As > "
                "'CSV UTF-8 (Comma delimited)'; in LibreOffice, File > Save As > 'Text CSV', then "
                "'Edit filter settings' and 'Unicode (UTF-8)'; in Google Sheets, File > Download > "
                "'Comma-separated values'. Then load the .csv file.")


def suggest(value: str, options) -> str:
    """The closest allowed value to a typo, or '' when nothing is close."""
    options = list(options)
    squashed = {re.sub(r"[^a-z0-9]", "", o.lower()): o for o in options}
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    if key in squashed:
        return squashed[key]
    match = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return match[0] if match else ""


#: Everyday phrasings of allowed values (lesson 7's cue sheets), mapped to the value meant.
PHRASES = {
    "end credits": "ending", "closing credits": "ending", "end titles": "ending", "final scene": "ending",
    "opening titles": "opening", "opening credits": "opening", "main titles": "opening",
    "title sequence": "opening", "title song": "opening", "underscore": "non-diegetic",
    "source music": "diegetic", "cover": "pre-existing", "needle drop": "pre-existing",
}


def _enum_fix(value: str, options) -> str:
    listed = ", ".join(repr(o) for o in options)
    named = [o for o in options if re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", value.lower())]
    if len(named) > 1:
        return (f"'{value}' names {len(named)} values: pick the one that fits best and say why you "
                f"hesitated in the notes. Allowed values: {listed}.")
    phrase = PHRASES.get(_SPACES.sub(" ", value.strip().lower()))
    if phrase in options:
        return f"Did you mean '{phrase}'? Allowed values: {listed}."
    near = suggest(value, options)
    if near:
        return f"Did you mean '{near}'? Allowed values: {listed}."
    return f"Allowed values: {listed}."


def _pattern_fix(column: str) -> str:
    return {
        "work_id": "Use lower-case letters, digits and hyphens only, e.g. 'breakfast-club-1985'.",
        "country": "Use a two-letter ISO 3166-1 code such as US, GB, IN, JP or FR.",
        "wikidata": "Use a Wikidata identifier such as Q1000, or leave the cell empty.",
        "start_tc": "Write the time as hours:minutes:seconds, e.g. 01:42:07 or 01:42:07.250.",
        "end_tc": "Write the time as hours:minutes:seconds, e.g. 01:44:31 or 01:44:31.500.",
    }.get(column, "See data/datapackage.json for the expected form.")


def _blank(cell: str) -> bool:
    return not cell or cell.isspace()


def _breaks(text: str) -> int:
    """Line breaks in a text as an editor counts them: LF, CRLF and CR each end a line."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _line_at(raw: bytes, offset: int) -> int:
    """Editor line of the byte at ``offset`` (not itself a line break)."""
    head = raw[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


# -- reading: one parse gives the header, the rows and their lines ----------------------------
@dataclass
class _Rows:
    """What one parse of a file found: the header as written and the data rows."""

    header: list[str]
    header_line: int
    frame: pd.DataFrame | None  # the data rows, all str; columns by position
    lines: Callable[[], np.ndarray]  # editor line of each data row, worked out when first needed
    broken: list[tuple[int, str]] = ()  # rows that cannot be split into columns: (line, why)
    columns: list | None = None  # the frame's columns as Series, when already at hand


class _Refused(Exception):
    """The file cannot be read as a table; ``.problem`` says why and what to do."""

    def __init__(self, line, message, fix):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


def _not_a_csv(head: bytes) -> str:
    """What a file is when its first bytes show it is not a UTF-8 text file, else ''."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "the file is saved as UTF-32 text"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head):
        return "the file is saved as UTF-16 text (Excel calls it 'Unicode Text')"
    if head.startswith(b"\x1f\x8b"):
        return "the file is compressed with gzip (a .gz file)"
    if head.startswith(b"PK\x03\x04"):
        return "the file is an Excel workbook (.xlsx) or another zipped file"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "the file is an old Excel workbook (.xls)"
    return ""


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: a NUL byte beside every ASCII character."""
    pairs = head[: len(head) // 2 * 2]
    if len(pairs) < 4:
        return False
    even, odd = pairs[0::2].count(0), pairs[1::2].count(0)
    half = len(pairs) // 2
    return max(even, odd) >= 0.75 * half and min(even, odd) <= 0.1 * half


def _check_bytes(path: Path) -> tuple[int, bytes | None, bytes]:
    """The size of a file that may be CSV text, when small its bytes (read once), and
    its first bytes; raises :class:`_Refused` when it cannot be CSV text."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        data = fh.read() if size < _CHUNKED_BYTES else None
        head = data[:4096] if data is not None else fh.read(4096)
        kind = _not_a_csv(head)
        if kind:
            raise _Refused(None, kind + ", not a CSV file.", _SAVE_AS_CSV)
        nul = b"\x00" in (data if data is not None else head)
        while not nul and data is None and (chunk := fh.read(1 << 20)):
            nul = b"\x00" in chunk
    if nul:
        raw = data if data is not None else path.read_bytes()
        raise _Refused(_line_at(raw, raw.index(b"\x00")), "this line holds a NUL character (byte "
                       "0x00), which a CSV text file never contains: the file is damaged or was not "
                       "saved as text.", "Open it in a text editor or spreadsheet, delete the odd "
                       "character and save it as CSV UTF-8, or export the table again.")
    return size, data, head


def _decode(raw: bytes) -> str:
    """The file as text (strict UTF-8, one byte-order mark dropped), or :class:`_Refused`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        byte = raw[err.start: err.start + 1].hex()
        raise _Refused(_line_at(raw, err.start),
                       f"this is an encoding problem: byte 0x{byte} is not valid UTF-8, so the file "
                       "was probably saved as Windows-1252 or Latin-1.",
                       "Re-save it as UTF-8 (in Excel: Save As > 'CSV UTF-8'; in LibreOffice tick "
                       "'Edit filter settings' and choose 'Unicode (UTF-8)'; in a text editor choose "
                       "UTF-8 encoding) and load it again.") from None
    return text[1:] if text.startswith("\ufeff") else text


def _read_rows(path: Path) -> _Rows | None:
    """The rows of a CSV file, read once; None when the file holds no header row.

    pandas' C parser reads the file (quickly, and in parallel when it is
    large), every line kept: a row's editor line is then the sum of the
    lines taken by the header and the rows before it, worked out from the
    very cells that parser returned. The header is the names pandas read,
    unless it had to change them (an empty or repeated name; a blank first
    line): the file is then read with the header as a row of its own. A file
    pandas cannot split into rows (a row wider than the header, an unclosed
    quote, blank lines before the header) is read by the csv module instead,
    which then gives the rows, the lines and the problems. Both read CSV alike
    (RFC 4180, any line ending).
    """
    size, data, head = _check_bytes(path)

    def read(header):
        with warnings.catch_warnings():  # rows wider than the header: read by the csv module
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(io.BytesIO(data) if data is not None else path, header=header,
                               index_col=False, dtype=str, keep_default_na=False, na_filter=False,
                               skip_blank_lines=False, encoding="utf-8", compression=None,
                               engine="c", low_memory=data is None)
    try:  # a small file from its bytes, read above; a large one from the path, in chunks
        raw = read(0)
        names = list(raw.columns)
        if not _renamed(names, head):
            return _rows_of_frame(raw, names)
        return _rows_of_frame(read(None), None)
    except Exception:  # not UTF-8, a row wider than the header, an unclosed quote, no columns
        return _read_rows_with_csv(_decode(data if data is not None else path.read_bytes()))


def _renamed(names: list, head: bytes) -> bool:
    """Whether pandas may have changed the header's names: 'Unnamed: 3' for an empty one,
    'name.1' for a repeated one, a blank line taken as the header."""
    if not names or head.lstrip(codecs.BOM_UTF8)[:1] in (b"\r", b"\n"):
        return True
    seen = set()
    for name in names:
        base, dot, number = name.rpartition(".")
        if _blank(name) or name.startswith("Unnamed: ") or (dot and number.isdigit() and base in seen):
            return True
        seen.add(name)
    return False


def _rows_of_frame(raw: pd.DataFrame, header: list | None) -> _Rows | None:
    """The header and data rows of what pandas read (blank rows dropped). ``header`` is
    the names pandas read, or None when the header is the first non-blank row of ``raw``."""
    n, width = raw.shape
    columns = [col for _, col in raw.items()]  # the cells as read (the checks replace columns)
    maybe = [i for i, v in enumerate(np.asarray(columns[0].array, dtype=object)) if not v or v.isspace()]
    blank = {i for i in maybe if all(_blank(raw.iat[i, j]) for j in range(width))}
    if header is None:
        h = next((i for i in range(n) if i not in blank), None)
        if h is None:
            return None
        header = [raw.iat[h, j] for j in range(width)]
        first, start = h + 1, 1  # the first data row; the line raw's first row starts on
    else:
        h, first, start = None, 0, 2 + sum(map(_breaks, header))
    after = sorted(i for i in blank if i >= first)
    keep = np.setdiff1d(np.arange(first, n), after) if after else None
    taken = None

    def spans() -> np.ndarray:  # lines taken by each row read: 1 + the line breaks in its cells
        nonlocal taken
        if taken is None:
            taken = np.ones(n, dtype=np.int64)
            for col in columns:
                cells = np.asarray(col.array, dtype=object)
                if "\n" in (joined := "".join(cells)) or "\r" in joined:
                    for i, v in enumerate(cells):
                        if "\n" in v or "\r" in v:
                            taken[i] += _breaks(v)
        return taken

    def lines() -> np.ndarray:
        starts = np.cumsum(spans()) - spans() + start
        return starts[first:] if keep is None else starts[keep]

    header_line = 1 + int(spans()[:h].sum()) if h else 1
    if first == 0 and keep is None:  # the usual case: the frame as read
        return _Rows(header, header_line, raw, lines, columns=columns)
    frame = raw.iloc[first:] if keep is None else raw.take(keep)
    if not _COPY_ON_WRITE:  # pandas 2: a new frame sharing the columns, not a view of ``raw``
        frame = frame.copy(deep=False)
    frame.index = pd.RangeIndex(len(frame))
    return _Rows(header, header_line, frame, lines)


def _read_rows_with_csv(text: str) -> _Rows | None:
    """The rows of a CSV text read by the csv module. A row wider than the header (unless
    only by empty cells, as a trailing comma makes) or an unclosed quote is listed in
    ``broken``, and then no frame is built."""
    lines = io.StringIO(text, newline="").readlines()  # split at LF, CRLF and CR alike
    records, end = [], 0
    with _no_cell_limit():
        reader = csv.reader(lines)
        for record in reader:
            if not all(map(_blank, record)):
                records.append((end + 1, record))
            end = reader.line_num
        unclosed = bool(records) and _unclosed("".join(lines[records[-1][0] - 1:]))
    if not records:
        return None
    (header_line, header), rows = records[0], records[1:]
    # a row may be longer than the header only by empty cells that every row has alike
    # (a trailing comma written by a spreadsheet)
    width, first = len(header), len(rows[0][1]) if rows else 0
    broken = [(line, f"this row has {len(r)} fields but the header has {width}.")
              for line, r in rows[:-1 if unclosed else None]
              if len(r) > width and (len(r) != first or not all(map(_blank, r[width:])))][:10]
    if unclosed:
        broken.append((records[-1][0], "a double quote opens a value that is never closed."))
    if broken:
        return _Rows(header, header_line, None, lambda: np.array([], dtype=np.int64), broken)
    padded = [r[:width] if len(r) >= width else r + [""] * (width - len(r)) for _, r in rows]
    columns = list(zip(*padded)) if padded else [()] * width
    frame = pd.DataFrame({j: pd.Series(np.array(col, dtype=object), dtype=object).astype(str)
                          for j, col in enumerate(columns)}, index=pd.RangeIndex(len(rows)))
    starts = np.array([line for line, _ in rows], dtype=np.int64)
    return _Rows(header, header_line, frame, lambda: starts)


class _no_cell_limit:
    """The csv module refuses cells over 128 KiB by default; a long cell is the checks' business."""

    def __enter__(self):
        self.limit = csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

    def __exit__(self, *exc):
        csv.field_size_limit(self.limit)


def _unclosed(tail: str) -> bool:
    """Whether the last record (``tail`` is the text from its first line) ends inside a
    quoted value: one more line break would then be part of that value rather than end it."""
    def records(s):
        return [r for r in csv.reader(io.StringIO(s, newline="")) if r]

    return records(tail) != records(tail + "\n")


def _normalized(name: str) -> str:
    """A header name as the schema spells it: stripped, ASCII letters lower-case, '_' for ' '."""
    name = name.strip()
    return (name.lower() if name.isascii() else name.translate(_TO_LOWER)).replace(" ", "_")


# -- the table ------------------------------------------------------------------------------
class _Cells:
    """One column's values, normalized, and a way to find the rows holding given values.

    A column of few values (a fixed list, whole numbers) is handled per
    distinct value, with its codes (as ``pd.factorize`` gives them) kept for
    the loader; a code, a pattern or a unique key per distinct value too; free
    text in one pass.
    """

    def __init__(self, column: pd.Series, f: schema.Field):
        self.codes = self.distinct = self.values = None
        if f.enum is not None or f.type == "integer":
            codes, distinct = pd.factorize(np.asarray(column.array, dtype=object))
            distinct = distinct.tolist()
            norm = ([_fold(v, f.name) for v in distinct] if f.enum is not None
                    else list(map(str.strip, distinct)))
            self.changed = norm != distinct
            if self.changed:
                column = pd.Series(np.array(norm, dtype=object)[codes], index=column.index,
                                   dtype=column.dtype, name=f.name)
            self.codes, self.distinct = codes, norm  # may now hold a value twice: used per value
            self.kinds = set(norm)
        else:
            values = column.tolist()
            if f.name in _UPPER or f.pattern or f.unique:
                kinds = set(values)
                fold = (lambda v: _fold(v, f.name)) if f.name in _UPPER else str.strip
                changed = {v: x for v in kinds if (x := fold(v)) != v}
                if changed:
                    values = [changed.get(v, v) for v in values]
                    kinds = set(values)
                self.changed = bool(changed)
            else:  # free text: one pass
                stripped = list(map(str.strip, values))
                self.changed = stripped != values
                values, kinds = stripped, None
            if self.changed:
                column = pd.Series(values, index=column.index, dtype=column.dtype, name=f.name)
            self.values, self.kinds = values, kinds
        self.column = column

    def has(self, value: str) -> bool:
        return value in (self.kinds if self.kinds is not None else self.values)

    def value(self, row: int) -> str:
        return self.distinct[self.codes[row]] if self.codes is not None else self.values[row]

    def rows(self, bad: set) -> list[int]:
        """The rows (0-based) whose value is one of ``bad``."""
        if not bad:
            return []
        if self.codes is None:
            return [i for i, v in enumerate(self.values) if v in bad]
        hit = np.fromiter((v in bad for v in self.distinct), dtype=bool, count=len(self.distinct))
        return np.flatnonzero(hit[self.codes]).tolist()


class Table:
    """A CSV table read as strings and checked, with each row's editor line.

    ``frame`` holds the normalized values (every cell a str); ``problems``
    every problem found. ``codes`` and ``numbers`` give a checked column as
    the checks saw it, so the loader types it without testing it again.
    """

    def __init__(self, path, name: str, label: str | None = None):
        self.path = Path(path)
        self.name = name
        self.label = label or self.path.name
        self.bundled = False  # the kit's own file (a problem's fix then suggests the user's own)
        self.problems: list[Problem] = []
        self.frame: pd.DataFrame | None = None
        self.header_line = 1
        self._lines: Callable[[], np.ndarray] = lambda: np.array([], dtype=np.int64)
        self._line_array: np.ndarray | None = None
        self._columns: dict[str, pd.Series] = {}  # columns at hand: as read, then as checked
        self._codes: dict[str, tuple] = {}  # per column: codes and distinct values
        self._numbers: dict[str, np.ndarray] = {}  # per integer column: each distinct value's number

    def problem(self, row, column, value, message, fix=""):
        line = self.line_of(row) if row is not None else None
        self.problems.append(Problem(self.label, line, column, value, message, fix))

    def line_of(self, row: int | str) -> int:
        """Editor line of a data row (0-based), or of the header (``"header"``)."""
        if row == "header":
            return self.header_line
        if self._line_array is None:
            self._line_array = self._lines()
        return int(self._line_array[int(row)])

    def column(self, name: str) -> pd.Series:
        """A column, normalized (kept by the checks: quicker than looking it up again)."""
        col = self._columns.get(name)
        return col if col is not None else self.frame[name]

    def codes(self, name: str) -> tuple[np.ndarray, list]:
        """Codes and distinct values of a column (as ``pd.factorize`` gives them)."""
        found = self._codes.get(name)
        if found is None:
            codes, distinct = pd.factorize(self.frame[name].to_numpy(dtype=object))
            found = self._codes[name] = (codes, distinct.tolist())
        return found

    def numbers(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Codes of an integer column and each distinct value as a float: NaN when the
        cell is empty or its value was rejected (so no other check is made on it)."""
        codes, distinct = self.codes(name)
        found = self._numbers.get(name)
        if found is None:
            found = self._numbers[name] = np.array(to_numbers(distinct), dtype=float)
        return codes, found

    # -- reading ----------------------------------------------------------------------------
    def read(self) -> bool:
        """Read the file once; False when nothing further can be checked."""
        try:
            rows = _read_rows(self.path)
        except _Refused as err:
            self.problems.append(Problem(self.label, err.line, None, None, err.message, err.fix))
            return False
        except FileNotFoundError:
            self.problem(None, None, None, f"the file does not exist (looked for {self.path}).",
                         "Check the path and the file name.")
            return False
        except IsADirectoryError:
            self.problem(None, None, None, f"{self.path} is a folder, not a file.",
                         "Give the path of the .csv file inside it, e.g. 'my_folder/cues.csv'.")
            return False
        except OSError as err:
            self.problem(None, None, None, f"the file could not be read ({err.strerror or err}).",
                         "Check that it is a file you may open, and that no other program has it locked.")
            return False
        if rows is None:
            self.problem(None, None, None, "the file is empty (it has no header row).",
                         "It needs a header row: " + ",".join(schema.columns(self.name)))
            return False
        self.header_line = rows.header_line
        self._lines = rows.lines
        if self._separator_problem(rows.header):  # explains every ragged row at once
            return False
        for line, message in rows.broken:
            self.problems.append(Problem(self.label, line, None, None, message, _QUOTING_FIX))
        if rows.broken:
            return False
        names = [_normalized(c) for c in rows.header]
        frame, columns = rows.frame, rows.columns
        unnamed = [j for j, c in enumerate(names) if not c]
        if unnamed:  # a column without a name: dropped when empty (a trailing comma), else kept
            empty = [j for j in unnamed if all(map(_blank, frame.iloc[:, j].tolist()))]
            frame = frame.drop(columns=frame.columns[empty]) if empty else frame
            names = [c or f"unnamed:_{j}" for j, c in enumerate(names) if j not in empty]
            columns = None
        dupes = sorted({c for c in names if names.count(c) > 1})
        for col in dupes:
            self.problem("header", col, None, "this column name appears more than once in the header.",
                         "Keep one column of each name.")
        if dupes:
            return False
        frame.columns = names
        self.frame = frame
        if columns is not None:
            self._columns = dict(zip(names, columns))
        return True

    def _separator_problem(self, header: list[str]) -> bool:
        """One clear problem when the columns are separated by semicolons or tabs."""
        named = [c for c in header if c.strip()]
        if len(named) != 1:
            return False
        text = named[0]
        for sep, word, excel in ((";", "semicolons (;)", "'CSV UTF-8 (Comma delimited)'"),
                                 ("\t", "tabs", "'CSV UTF-8 (Comma delimited)' (not 'Text' or 'Unicode Text')")):
            other = "\t" if sep == ";" else ";"
            if text.count(sep) and text.count(sep) >= text.count(other):
                self.problem("header", None, None, f"the columns are separated by {word}, not commas.",
                             f"Save the file as comma-separated CSV (in Excel: Save As > {excel}; in "
                             "LibreOffice choose ',' as the field delimiter).")
                return True
        return False

    # -- checks -----------------------------------------------------------------------------
    def check_columns(self) -> set[str]:
        """Report each required column the header lacks and add each optional one, empty;
        return the names of both (the checks skip them)."""
        present = set(self.frame.columns)
        known = schema.columns(self.name)
        missing, empty = set(), None
        for f in schema.fields(self.name):
            if f.name in present:
                continue
            if f.required:
                near = suggest(f.name, [c for c in present if c not in known])
                fix = f"Rename '{near}' to '{f.name}'." if near else f"Add a '{f.name}' column to the header."
                self.problem("header", f.name, None, "a required column is missing.", fix)
                missing.add(f.name)
            else:  # one column of empty cells, shared (the checks replace columns, never edit them)
                if empty is None:
                    empty = pd.Series([""] * len(self.frame), index=self.frame.index, dtype=str)
                self.frame[f.name] = empty
                self._columns[f.name] = empty
                self._codes[f.name] = (np.zeros(len(empty), dtype=np.intp), [""])
                missing.add(f.name)  # nothing to check in it
        return missing

    def check_fields(self, skip: set[str]) -> None:
        """Normalize every column of the schema and report each bad cell.

        Values are tested once per distinct value of a column (or in one pass
        over a free-text column), not cell by cell through pandas, so a large
        file costs little more than reading it; rows are looked up only for
        the values that have a problem.
        """
        df = self.frame
        columns = self._columns or dict(df.items())  # quicker than looking each one up
        for f in schema.fields(self.name):
            if f.name in skip:
                continue
            cells = _Cells(columns[f.name] if f.name in columns else df[f.name], f)
            if cells.changed:
                df[f.name] = cells.column
            self._columns[f.name] = cells.column
            if cells.codes is not None:
                self._codes[f.name] = (cells.codes, cells.distinct)
            if f.required and cells.has(""):
                fix = _enum_fix("", f.enum) if f.enum else f"Fill in the {f.name}."
                for row in cells.rows({""}):
                    self.problem(row, f.name, "", "a value is required here but the cell is empty.", fix)
            present = cells.kinds - {""} if cells.kinds is not None else set()
            if f.enum is not None:
                fixes = {v: _enum_fix(v, f.enum) for v in present if v not in f.enum}
                for row in cells.rows(set(fixes)):
                    v = cells.value(row)
                    self.problem(row, f.name, v, f"'{v}' is not an allowed value.", fixes[v])
            if f.type == "integer":
                self._check_integers(f, present, cells)
            if f.pattern is not None:
                rx = re.compile(f.pattern)
                for row in cells.rows({v for v in present if not rx.fullmatch(v)}):
                    v = cells.value(row)
                    self.problem(row, f.name, v, f"'{v}' does not have the expected form.",
                                 _pattern_fix(f.name))
            if f.max_length is not None:
                candidates = cells.kinds if cells.kinds is not None else cells.values
                if max(map(len, candidates), default=0) > f.max_length:
                    for row in cells.rows({v for v in candidates if len(v) > f.max_length}):
                        v = cells.value(row)
                        self.problem(row, f.name, v[:40] + "...", f"the text is {len(v)} characters long.",
                                     f"Shorten it to at most {f.max_length} characters.")
            if f.unique and len(cells.kinds) < len(cells.column):
                self.check_unique(f.name)

    def _check_integers(self, f, present: set, cells: _Cells) -> None:
        """Whole numbers within the schema's range; a rejected value's number is NaN."""
        whole = {v for v in present if _INT.fullmatch(v)}
        for row in cells.rows(present - whole):
            v = cells.value(row)
            self.problem(row, f.name, v, f"'{v}' is not a whole number.",
                         f"Write the {f.name} as digits only, e.g. 1985.")
        distinct = cells.distinct
        numbers = to_numbers(distinct)
        lo, hi = f.minimum, f.maximum
        out = {v for v, x in zip(distinct, numbers) if v in whole and (
               (lo is not None and x < lo) or (hi is not None and x > hi) or not math.isfinite(x))}
        for row in cells.rows(out):
            v = cells.value(row)
            self.problem(row, f.name, v, f"{v} is not a possible {f.name}.",
                         f"It must be between {f.minimum} and {f.maximum}.")
        if out or len(whole) < len(present):
            numbers = [math.nan if v not in whole or v in out else x for v, x in zip(distinct, numbers)]
        self._numbers[f.name] = np.array(numbers, dtype=float)

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


def _fold(value: str, column: str) -> str:
    """A value from a fixed list, normalized: stripped, inner spaces single, ASCII letters
    in the list's case (other letters are left alone, so they never pass as ASCII)."""
    if column in _UPPER:
        v = value.strip()
        return v.upper() if v.isascii() else v.translate(_TO_UPPER)
    v = _SPACES.sub(" ", value.strip())
    return v.lower() if v.isascii() else v.translate(_TO_LOWER)


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


def read_table(path, name: str, label: str | None = None) -> Table:
    """Read and check one table (``'works'`` or ``'cues'``) cell by cell."""
    table = Table(path, name, label)
    if table.read():
        missing = table.check_columns()
        table.check_fields(skip=missing)
    return table
