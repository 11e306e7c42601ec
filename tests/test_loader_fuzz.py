"""The loader's promise, tested on thousands of mutated copies of the bundled CSVs.

For any file, ``kit.load_cues(path, works=...)`` and ``kit.validate_files``
either return a frame holding exactly the file's records (values unchanged
apart from the documented trimming and case), or raise ``kit.CueDataError``
whose every problem names a line and column that really hold the problem.
No other exception escapes.

Each example takes a few random rows of the bundled cues and the works they
cite, mutates cells, rows and the header, and writes both files with LF,
CRLF, CR or mixed line endings, as UTF-8 (with or without a byte-order
mark), UTF-16, gzip or Windows-1252. The test reads each file again on its
own, with the csv module, and checks every claim of the loader against that
reading. The number of examples comes from the hypothesis profile: 'long'
(2,000, the default, run by ``make test``) or 'quick' (``make quick``).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import event, given
from hypothesis import strategies as st

import kit
from kit import schema

DATA = kit.data_dir()


def _bundled(name: str) -> list[list[str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


WORKS = _bundled("works.csv")
CUES = _bundled("cues.csv")
WORK_ROW = {row[0]: row for row in WORKS[1:]}

# Values that have broken loaders: blanks, quotes, line breaks, NUL, very long text, a BOM,
# look-alike and full-width letters, spreadsheet formulas and numbers written oddly.
ODD = ["", " ", "\u00a0", "\t", "\x0c", "\u3000", '"', '""', 'say "hi"', '"quoted"', "two\nlines",
       "cr\ronly", "crlf\r\nend", "\n", "\r", "\x00", "nul\x00byte", "\ufeff", "\ufeffstart", "x" * 400,
       "y" * 140_000, "ß", "ın", "ＵＳ", "ｓｏｎｇ", "ſong", "SONG", " Song ", "non  diegetic",
       "NON-DIEGETIC", "pré-existing", "pre existing", "Ｆｉｌｍ", "TV", " film", "\u212aelvin",
       "=SUM(A1:A2)", "@cmd", "+1985", "-1933", "1e3", "1985.0", "1985.5", "１９８５", "١٩٨٥",
       "inf", "-inf", "NaN", "0", "-0", "99999999999999999999", "0001985", "1,985", "1_985",
       "0x7c1", "US", "gb", "us ", "Q42", "q42", "breakfast-club-1985", "Breakfast-Club-1985",
       "a,b", "semi;colon", "tab\there", "é", "e\u0301", "\u200b", "\u2028", "\x85", "😀"]
BLANK_LINES = ["", "\u00a0", "\x0c", '""', "\t", " ", ",,,", " , ,", '"",""', "\u3000"]
HEADER_NAMES = ["Cue ID", "CUE_ID", " cue_id ", "cue id", "Work ID", "WOR\u212a_ID", "diagesis", "", "notes", "year",
                "Ｃｕｅ＿ＩＤ", "my_rating", "title", "\ufeffcue_id", "Country", "x" * 5000]
INSERTS = ['"', "\r", "\n", "\r\n", ",", "\x00", "\ufeff", ";", "\t", "\u00a0", '""']
ENDINGS = ["\n", "\r\n", "\r", "mixed"]
ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig"] * 2 + ["cp1252"] * 2 + ["utf-16", "gzip"]


# -- making a mutated file ----------------------------------------------------------------
def _mutate(data, table: list[list[str]], columns: list[str]) -> None:
    """One random change to a table (header first), in place."""
    rows = len(table) - 1
    kind = data.draw(st.sampled_from(
        ["set", "set", "set", "delete cell", "duplicate cell", "swap cells", "delete row",
         "duplicate row", "swap rows", "blank row", "rename header", "delete column", "add column"]))
    r = data.draw(st.integers(1, rows)) if rows else 0
    if kind == "blank row":
        table.insert(data.draw(st.integers(0, len(table))), [None, data.draw(st.sampled_from(BLANK_LINES))])
        return
    row = table[r]
    if row and row[0] is None:  # a raw blank line: leave it as it is
        return
    c = data.draw(st.integers(0, max(len(row) - 1, 0)))
    if kind == "set" and row:
        source = data.draw(st.sampled_from(["odd", "odd", "same column", "same row"]))
        if source == "odd":
            value = data.draw(st.sampled_from(ODD))
        elif source == "same column":
            other = table[data.draw(st.integers(1, rows))] if rows else row
            value = other[c] if c < len(other) and other[0] is not None else ""
        else:
            value = row[data.draw(st.integers(0, len(row) - 1))]
        if data.draw(st.booleans()):
            value = data.draw(st.sampled_from(["", " ", "  ", "\t"])) + value + \
                data.draw(st.sampled_from(["", " ", "\u00a0"]))
        row[c] = value
    elif kind == "delete cell" and row:
        row.pop(c)
    elif kind == "duplicate cell" and row:
        row.insert(c, row[c])
    elif kind == "swap cells" and rows:
        other = table[data.draw(st.integers(1, rows))]
        c2 = data.draw(st.integers(0, max(len(other) - 1, 0)))
        if row and other and other[0] is not None and c < len(row) and c2 < len(other):
            row[c], other[c2] = other[c2], row[c]
    elif kind == "delete row" and rows:
        table.pop(r)
    elif kind == "duplicate row" and rows:
        table.insert(r, list(row))
    elif kind == "swap rows" and rows:
        r2 = data.draw(st.integers(1, rows))
        table[r], table[r2] = table[r2], table[r]
    elif kind == "rename header":
        header = table[0]
        i = data.draw(st.integers(0, len(header) - 1))
        header[i] = data.draw(st.sampled_from(HEADER_NAMES + columns))
    elif kind == "delete column" and len(table[0]) > 2:
        i = data.draw(st.integers(0, len(table[0]) - 1))
        for rec in table:
            if rec and rec[0] is not None and i < len(rec):
                rec.pop(i)
    elif kind == "add column":
        name = data.draw(st.sampled_from(HEADER_NAMES))
        value = data.draw(st.sampled_from(["", "x", " y ", "1"]))
        for i, rec in enumerate(table):
            if rec and rec[0] is not None:
                rec.append(name if i == 0 else value)


def _field(value: str, quote_all: bool) -> str:
    if quote_all or any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _text(data, table: list[list[str]]) -> str:
    """The table as CSV text, with the drawn line endings and quoting."""
    ending = data.draw(st.sampled_from(ENDINGS))
    quote_all = data.draw(st.booleans())
    out = []
    for rec in table:
        line = rec[1] if rec and rec[0] is None else ",".join(_field(v, quote_all) for v in rec)
        end = data.draw(st.sampled_from(["\n", "\r\n", "\r"])) if ending == "mixed" else ending
        out.append(line + end)
    text = "".join(out)
    if data.draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line break after the last row
    for _ in range(data.draw(st.integers(0, 2))):  # a stray character anywhere
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(INSERTS)) + text[at:]
    return text


def _bytes(data, text: str, encodings: list[str]) -> tuple[bytes, str]:
    encoding = data.draw(st.sampled_from(encodings))
    event(f"written as {encoding}")
    if encoding == "gzip":
        return gzip.compress(text.encode("utf-8", errors="surrogatepass")), encoding
    if encoding == "cp1252":
        return text.encode("cp1252", errors="replace"), encoding
    return text.encode(encoding), encoding


def _mutated_files(data, folder: Path) -> tuple[Path, Path]:
    picked = data.draw(st.lists(st.integers(1, len(CUES) - 1), max_size=6, unique=True))
    cues = [list(CUES[0])] + [list(CUES[i]) for i in picked]
    cited = dict.fromkeys(row[1] for row in cues[1:])
    extra = data.draw(st.lists(st.integers(1, len(WORKS) - 1), max_size=2, unique=True))
    works = [list(WORKS[0])] + [list(WORK_ROW[w]) for w in cited if w in WORK_ROW] + \
        [list(WORKS[i]) for i in extra if WORKS[i][0] not in cited]
    for table, name in ((cues, "cues"), (works, "works")):
        # the cues file is mutated most of the time, the works file now and then
        times = data.draw(st.integers(0, 4)) if name == "cues" else data.draw(st.sampled_from([0, 0, 0, 1, 2]))
        for _ in range(times):
            _mutate(data, table, schema.columns(name))
    paths = []
    for table, name in ((cues, "cues.csv"), (works, "works.csv")):
        # the works file mostly as the kit ships it, so that most examples test the cues
        raw, _ = _bytes(data, _text(data, table), ENCODINGS if name == "cues.csv" else ["utf-8"] * 9 + ENCODINGS)
        (folder / name).write_bytes(raw)
        paths.append(folder / name)
    return paths[0], paths[1]


# -- reading a file again, on its own -------------------------------------------------------
def _breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _blank(cell: str) -> bool:
    return not cell.strip()


class Reading:
    """A file read by the csv module (RFC 4180, any line ending), independently of the kit."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.kind = ""  # 'not text', 'bad utf-8' or 'nul' when the file cannot be read as text
        self.bad_line = None
        self.records: dict[int, list[str]] = {}  # editor line a record starts on -> its cells
        self.header, self.header_line, self.rows = None, None, []
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or raw[:2] == b"\x1f\x8b" or (
                len(raw) > 3 and raw[1:8:2].count(0) >= 3):
            self.kind = "not text"
            return
        if b"\x00" in raw:
            self.kind, self.bad_line = "nul", self._line_at(raw.index(b"\x00"))
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            self.kind, self.bad_line = "bad utf-8", self._line_at(err.start)
            return
        text = text[1:] if text.startswith("\ufeff") else text
        self.text, self.lines = text, _breaks(text) + 1
        old = csv.field_size_limit(2**31 - 1)
        try:
            reader = csv.reader(io.StringIO(text, newline=""))
            end = 0
            for record in reader:
                if record and not all(map(_blank, record)):
                    self.records[end + 1] = record
                end = reader.line_num
        finally:
            csv.field_size_limit(old)
        starts = list(self.records)
        if starts:
            self.header_line, self.header = starts[0], self.records[starts[0]]
            self.rows = [self.records[s] for s in starts[1:]]
        self.names = [_ascii(c.strip(), upper=False).replace(" ", "_") for c in self.header or []]

    def _line_at(self, offset: int) -> int:
        head = self.raw[:offset]
        return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1

    def from_line(self, line: int) -> str:
        starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.text)]
        return self.text[starts[line - 1]:]

    def cell(self, record: list[str], column: str) -> str:
        """A record's cell in a column ('' for a short record or a column the file lacks)."""
        j = self.names.index(column) if column in self.names else len(record)
        return record[j] if j < len(record) else ""


def _ends_inside_quotes(text: str) -> bool:
    """Whether CSV text ends inside a quoted value (a quote opens a value only at its start)."""
    state = "start"
    for ch in text:
        if state == "quoted":
            state = "closing" if ch == '"' else state
        elif state in ("start", "closing"):
            if state == "closing" and ch == '"':
                state = "quoted"  # a doubled quote inside a quoted value
            else:
                state = "quoted" if ch == '"' and state == "start" else (
                    "start" if ch in ",\r\n" else "field")
        elif ch in ",\r\n":
            state = "start"
    return state == "quoted"


def _ascii(value: str, upper: bool) -> str:
    pairs = ("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    src, dst = pairs if upper else pairs[::-1]
    return value.translate(str.maketrans(src, dst))


def _normal(table: str, column: str, value: str) -> str:
    """A value as the loader documents it: stripped; a fixed-list value with single inner
    spaces in the list's case (ASCII letters only); a country code upper-case."""
    field = next((f for f in schema.fields(table) if f.name == column), None)
    if field is None:
        return value
    if field.enum is not None:
        return _ascii(re.sub(r"\s+", " ", value.strip()), upper=False)
    if column == "country":
        return _ascii(value.strip(), upper=True)
    return value.strip()


# -- the promise ------------------------------------------------------------------------------
def _check_problem(p, readings: dict) -> None:
    reading, table = readings[p.file]
    where = f"{p}"
    if p.line is None:  # the file as a whole: only when it is not CSV text at all
        assert reading.kind == "not text" or reading.header is None, where
        return
    if reading.kind in ("bad utf-8", "nul"):
        assert p.line == reading.bad_line and p.column is None, where
        return
    assert reading.kind == "" and 1 <= p.line <= reading.lines, where
    if p.column is None:  # the file's structure
        if "separated by" in p.message:
            assert p.line == reading.header_line, where
        elif "never closed" in p.message:
            assert p.line == list(reading.records)[-1], where
            assert _ends_inside_quotes(reading.from_line(p.line)), where
        else:
            fields = int(re.search(r"this row has (\d+) fields", p.message).group(1))
            record = reading.records[p.line]
            assert len(record) == fields > len(reading.header), where
        return
    if p.value is None:  # the header
        assert p.line == reading.header_line, where
        if "missing" in p.message:
            assert p.column not in reading.names, where
        else:
            assert reading.names.count(p.column) > 1, where
        return
    record = reading.records.get(p.line)
    assert record is not None and record is not reading.header, where
    value = _normal(table, p.column, reading.cell(record, p.column))
    if p.value.endswith("...") and "characters long" in p.message:
        assert value.startswith(p.value[:-3]) and len(value) > len(p.value) - 3, where
    else:
        assert value == p.value, where


def _check_frame(frame: pd.DataFrame, cues: Reading, works: Reading) -> None:
    assert len(frame) == len(cues.rows)
    fields = {f.name: f for f in schema.fields("cues")}
    work_of = {_normal("works", "work_id", works.cell(r, "work_id")): r for r in works.rows}
    for i, record in enumerate(cues.rows):
        for name, f in fields.items():
            expected = _normal("cues", name, cues.cell(record, name)) if name in cues.names else ""
            got = frame[name].iloc[i]
            if expected == "":
                assert pd.isna(got), (i, name, got)
            elif f.type == "integer":
                assert got == int(float(expected)) and math.isfinite(float(expected)), (i, name, got, expected)
            else:
                assert got == expected, (i, name, got, expected)
        for name in cues.names:  # extra columns are kept as read
            if name and name not in fields and name not in ("title", "medium", "genre", "country"):
                assert frame[name].iloc[i] == cues.cell(record, name), (i, name)
        work = work_of[frame["work_id"].iloc[i]]
        for name in ("title", "medium", "genre", "country"):
            assert frame[name].iloc[i] == _normal("works", name, works.cell(work, name)), (i, name)
    assert frame["country"].dropna().map(lambda c: re.fullmatch(r"[A-Z]{2}", c) is not None).all()


@given(st.data())
def test_the_loader_keeps_its_promise_on_mutated_files(data):
    with tempfile.TemporaryDirectory(prefix="kit-fuzz-") as folder:
        cues_path, works_path = _mutated_files(data, Path(folder))
        try:
            frame, error = kit.load_cues(cues_path, works=works_path), None
        except kit.CueDataError as err:  # any other exception fails the test
            frame, error = None, err
        problems = kit.validate_files(cues_path, works=works_path)
        cues, works = Reading(cues_path.read_bytes()), Reading(works_path.read_bytes())
    event("loaded" if error is None else "rejected")
    if error is None:
        assert problems == []
        _check_frame(frame, cues, works)
    else:
        assert problems == error.problems and problems
        readings = {"cues.csv": (cues, "cues"), "works.csv": (works, "works")}
        for p in problems:
            _check_problem(p, readings)
