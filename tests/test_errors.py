"""Malformed files: every problem is named with file, line, column and fix."""

import pytest

import kit
from conftest import CUE_COLS, CUES, WORKS


def problems_for(tables, **kw):
    cues_path, works_path = tables(**kw)
    before = cues_path.read_bytes(), works_path.read_bytes()
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    # nothing is lost: the loader never rewrites the teacher's files
    assert (cues_path.read_bytes(), works_path.read_bytes()) == before
    assert isinstance(err.value, ValueError)
    return err.value.problems, str(err.value)


def edited(changes):
    rows = [dict(r) for r in CUES]
    for (i, col), value in changes.items():
        rows[i][col] = value
    return rows


def test_typo_suggests_the_nearest_value(tables):
    problems, text = problems_for(tables, cues=edited({(1, "diegesis"): "non-diagetic"}))
    [p] = problems
    assert (p.file, p.line, p.column, p.value) == ("cues.csv", 3, "diegesis", "non-diagetic")
    assert "did you mean 'non-diegetic'?" in str(p).lower()
    assert "cues.csv, line 3, column 'diegesis'" in text


def test_spaced_value_is_suggested_not_silently_accepted(tables):
    problems, _ = problems_for(tables, cues=edited({(0, "provenance"): "pre existing"}))
    assert "Did you mean 'pre-existing'?" in problems[0].fix


def test_unknown_value_lists_allowed_values(tables):
    problems, _ = problems_for(tables, cues=edited({(0, "form"): "opera"}))
    [p] = problems
    assert p.column == "form" and p.line == 2
    assert "'instrumental', 'song'" in p.fix


def test_missing_column(tables):
    cols = [c for c in CUE_COLS if c != "diegesis"]
    problems, _ = problems_for(tables, cue_cols=cols)
    [p] = problems
    assert (p.line, p.column) == (1, "diegesis")
    assert "missing" in p.message


def test_renamed_column_is_pointed_out(tables):
    rows = [{("diagesis" if k == "diegesis" else k): v for k, v in r.items()} for r in CUES]
    cols = ["diagesis" if c == "diegesis" else c for c in CUE_COLS]
    problems, _ = problems_for(tables, cues=rows, cue_cols=cols)
    assert "Rename 'diagesis' to 'diegesis'" in problems[0].fix


def test_missing_required_value(tables):
    problems, _ = problems_for(tables, cues=edited({(2, "source"): "  "}))
    [p] = problems
    assert (p.line, p.column) == (4, "source") and "required" in p.message


@pytest.mark.parametrize("value, words", [("nineteen85", "not a whole number"), ("1785", "not a possible year"),
                                          ("3024", "not a possible year")])
def test_bad_years(tables, value, words):
    problems, _ = problems_for(tables, cues=edited({(0, "year"): value}))
    assert any(p.column == "year" and words in p.message and p.line == 2 for p in problems)


def test_music_after_the_cue_is_impossible(tables):
    problems, _ = problems_for(tables, cues=edited({(2, "music_year"): "1990"}))
    [p] = problems
    assert p.column == "music_year" and p.line == 4


def test_film_cue_year_must_match_release(tables):
    problems, _ = problems_for(tables, cues=edited({(0, "year"): "1986"}))
    [p] = problems
    assert p.column == "year" and "1985" in p.fix


def test_season_on_a_film_is_flagged(tables):
    problems, _ = problems_for(tables, cues=edited({(0, "season"): "1"}))
    assert problems[0].column == "season" and "film" in problems[0].message


def test_duplicate_cue_id_names_both_lines(tables):
    problems, _ = problems_for(tables, cues=edited({(2, "cue_id"): "breakfast-club-1985-01",
                                                      (2, "work_id"): "breakfast-club-1985",
                                                      (2, "year"): "1985"}))
    [p] = problems
    assert p.column == "cue_id" and p.line == 4
    assert "lines 2, 4" in p.message


def test_unknown_work_id_suggests_nearest(tables):
    problems, _ = problems_for(tables, cues=edited({(0, "work_id"): "breakfast-club-1958"}))
    [p] = problems
    assert p.column == "work_id" and "Did you mean 'breakfast-club-1985'?" in p.fix


def test_empty_file(tables):
    cues_path, works_path = tables()
    cues_path.write_text("", encoding="utf-8")
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    assert "empty" in str(err.value) and "cue_id,work_id" in str(err.value)


def test_many_problems_are_all_reported(tables):
    rows = edited({(0, "diegesis"): "dietetic", (1, "year"): "20x2", (2, "form"): "",
                     (2, "confidence"): "sure"})
    problems, text = problems_for(tables, cues=rows)
    found = {(p.line, p.column) for p in problems}
    assert {(2, "diegesis"), (3, "year"), (4, "form"), (4, "confidence")} <= found
    assert text.startswith(f"{len(problems)} problems")


def test_works_file_problems_are_reported_too(tables):
    works = [dict(w) for w in WORKS]
    works[1]["genre"] = "sci-fi"
    works[0]["country"] = "usa"
    problems, _ = problems_for(tables, works=works)
    by_col = {p.column: p for p in problems}
    assert by_col["genre"].file == "works.csv" and by_col["genre"].line == 3
    assert "'science fiction'" in by_col["genre"].fix
    assert "two-letter" in by_col["country"].fix


def test_windows_1252_file_is_rejected_as_an_encoding_problem(tables):
    rows = edited({(0, "notes"): "Écrit pour le film"})
    cues_path, works_path = tables(cues=rows)
    cues_path.write_bytes(cues_path.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert "encoding problem" in p.message and "UTF-8" in p.fix and p.line == 2


def test_ragged_row_explains_quoting(tables):
    cues_path, works_path = tables()
    with open(cues_path, "a", encoding="utf-8") as fh:
        fh.write("x,breakfast-club-1985,1985,,,A scene, with a comma,Song,Artist,1985,original,song,"
                 "diegetic,scene,https://example.org,high,,extra\n")
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 5 and "double quotes" in p.fix


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(tmp_path / "nope.csv")
    assert "does not exist" in str(err.value)


def test_validate_files_returns_problems_without_raising(tables):
    cues_path, works_path = tables(cues=edited({(0, "form"): "songs"}))
    problems = kit.validate_files(cues_path, works=works_path)
    assert [p.column for p in problems] == ["form"]


def test_header_only_file_loads_as_an_empty_typed_frame(tables):
    cues_path, works_path = tables(cues=[])
    df = kit.load_cues(cues_path, works=works_path)
    assert len(df) == 0 and df["decade"].cat.ordered and "cue_type" in df


def test_works_file_given_as_cues_lists_the_missing_columns(tables):
    _, works_path = tables()
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(works_path, works=works_path)
    missing = {p.column for p in err.value.problems if "missing" in p.message}
    assert {"cue_id", "music_title", "provenance", "diegesis"} <= missing


def test_trailing_comma_on_every_row_still_loads(tables):
    cues_path, works_path = tables()
    lines = cues_path.read_text(encoding="utf-8").splitlines()
    cues_path.write_text("\n".join(line + "," for line in lines) + "\n", encoding="utf-8")
    df = kit.load_cues(cues_path, works=works_path)
    assert list(df["cue_id"]) == [c["cue_id"] for c in CUES]


def test_non_ascii_digits_are_not_a_year(tables):
    problems, _ = problems_for(tables, cues=edited({(0, "year"): "١٩٨٥"}))
    assert any(p.column == "year" and "whole number" in p.message for p in problems)


def test_infinite_work_year_is_reported_not_crashed_on(tables):
    works = [dict(w) for w in WORKS]
    works[0]["year"] = "inf"
    problems, _ = problems_for(tables, works=works)
    assert [(p.file, p.column) for p in problems] == [("works.csv", "year")]


def test_own_title_column_is_kept_under_another_name(tables):
    rows = [dict(r, title="My note") for r in CUES]
    cues_path, works_path = tables(cues=rows, cue_cols=CUE_COLS + ["title"])
    df = kit.load_cues(cues_path, works=works_path)
    assert df["title"].iloc[0] == "The Breakfast Club" and df["title_in_file"].iloc[0] == "My note"


def test_own_works_added_to_the_bundled_ones(tmp_path):
    from conftest import write_csv, WORK_COLS
    mine = write_csv(tmp_path / "my_works.csv", WORK_COLS, [
        {"work_id": "my-show-2024", "title": "My Show", "medium": "tv", "year": "2024",
         "genre": "drama", "country": "GB"}])
    cues = write_csv(tmp_path / "my_cues.csv", CUE_COLS, [dict(CUES[0]), dict(
        CUES[1], cue_id="my-show-2024-01", work_id="my-show-2024", year="2024", season="1", episode="2")])
    df = kit.load_cues(cues, works=[None, mine])
    assert list(df["title"]) == ["The Breakfast Club", "My Show"]
    assert df["decade"].cat.ordered


def test_a_work_defined_twice_across_works_files_is_named(tmp_path):
    from conftest import write_csv, WORK_COLS
    mine = write_csv(tmp_path / "my_works.csv", WORK_COLS, [dict(WORKS[0])])
    cues = write_csv(tmp_path / "my_cues.csv", CUE_COLS, [dict(CUES[0])])
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues, works=[None, mine])
    [p] = err.value.problems
    assert p.file == "my_works.csv" and p.line == 2 and "already defined in works.csv" in p.message


def test_extra_fields_on_the_first_row_are_reported_not_dropped(tables):
    cues_path, works_path = tables()
    lines = cues_path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ",then a hit"  # an unquoted comma in the last value
    cues_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 2 and "17 fields but the header has 16" in p.message


def test_ragged_row_after_a_multiline_value_names_the_editor_line(tables):
    rows = [dict(r) for r in CUES]
    rows[0]["scene"] = "Over the credits,\nacross three\nlines."
    cues_path, works_path = tables(cues=rows)
    with open(cues_path, "a", encoding="utf-8") as fh:
        fh.write("x,breakfast-club-1985,1985,,,A scene, with a comma,Song,Artist,1985,original,song,"
                 "diegetic,scene,https://example.org,high,\n")
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    assert [p.line for p in err.value.problems] == [7]


def test_unclosed_quote_is_explained(tables):
    cues_path, works_path = tables()
    with open(cues_path, "a", encoding="utf-8") as fh:
        fh.write('x,breakfast-club-1985,1985,,,"A scene that never ends,Song\n')
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 5 and "never closed" in p.message


def test_exact_duplicate_column_is_reported(tables):
    cues_path, works_path = tables(cue_cols=CUE_COLS + ["diegesis"])
    problems, _ = problems_for(tables, cue_cols=CUE_COLS + ["diegesis"])
    assert [(p.line, p.column) for p in problems] == [(1, "diegesis")]


def test_encoding_error_after_a_bom_names_the_right_line_and_byte(tables):
    cues_path, works_path = tables()
    raw = cues_path.read_bytes().replace(b"Simple Minds", "Simpl\xe9".encode("latin-1"))
    cues_path.write_bytes(b"\xef\xbb\xbf" + raw)
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 2 and "0xe9" in p.message


def test_combined_works_without_work_id_column_is_reported(tmp_path):
    from conftest import write_csv, WORK_COLS
    cols = [c for c in WORK_COLS if c != "work_id"]
    bad = write_csv(tmp_path / "w.csv", cols, [{k: v for k, v in WORKS[0].items() if k != "work_id"}])
    cues = write_csv(tmp_path / "c.csv", CUE_COLS, [dict(CUES[0])])
    problems = kit.validate_files(cues, works=[None, bad])
    assert [(p.file, p.column) for p in problems] == [("w.csv", "work_id")]


def test_semicolon_separated_file_gets_one_clear_message(tables):
    cues_path, works_path = tables()
    import csv
    rows = list(csv.reader(open(cues_path, encoding="utf-8", newline="")))
    rows[1][5] = "A scene, with a comma"
    with open(cues_path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 1 and "semicolons" in p.message


# -- one reading of the file: rows, line numbers and header agree ----------------------
# Each test below failed before the loader read the file once (it parsed it twice, with
# pandas for the values and with the csv module for line numbers and the header).

def _with_line_endings(path, ending):
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    path.write_bytes(text.replace("\n", ending).encode("utf-8"))


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_cr_line_endings_still_name_the_line_of_a_problem(tables, ending):
    # Excel for Mac's 'CSV (Macintosh)' ends lines with CR only
    cues_path, works_path = tables(cues=edited({(1, "diegesis"): "nondiegetic"}))
    _with_line_endings(cues_path, ending)
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    assert [(p.line, p.column) for p in err.value.problems] == [(3, "diegesis")]


def test_cr_line_endings_load_the_same_frame(tables):
    cues_path, works_path = tables()
    expected = kit.load_cues(cues_path, works=works_path)
    _with_line_endings(cues_path, "\r")
    _with_line_endings(works_path, "\r")
    import pandas as pd
    pd.testing.assert_frame_equal(kit.load_cues(cues_path, works=works_path), expected)


def test_a_stray_cr_inside_a_cell_is_a_line_break_where_the_editor_shows_it(tables):
    cues_path, works_path = tables()
    text = cues_path.read_text(encoding="utf-8")
    cues_path.write_bytes(text.replace("Simple Minds", "Simple\rMinds").encode("utf-8"))
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    # line 2 ends after 'Simple'; its other half, on line 3, starts a row of its own
    lines = {p.line for p in err.value.problems}
    assert lines == {2, 3}
    assert ("music_year", 2) in {(p.column, p.line) for p in err.value.problems}


def test_semicolons_are_recognised_with_cr_line_endings(tables):
    cues_path, works_path = tables()
    text = cues_path.read_text(encoding="utf-8").replace(",", ";")
    cues_path.write_bytes(text.replace("\r\n", "\r").replace("\n", "\r").encode("utf-8"))
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 1 and "semicolons" in p.message


@pytest.mark.parametrize("blank", ["\u00a0", "\x0c", '""', "\t", " ", ",,,"])
def test_a_blank_looking_line_does_not_shift_later_line_numbers(tables, blank):
    cues_path, works_path = tables(cues=edited({(2, "cue_id"): ""}))
    lines = cues_path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, blank)  # between the first and second cue
    cues_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    # header 1, first cue 2, the blank-looking line 3, second cue 4, third cue 5
    assert [(p.line, p.column) for p in err.value.problems] == [(5, "cue_id")]


def test_a_duplicate_column_after_normalization_is_found_with_cr_line_endings(tables):
    cues_path, works_path = tables(cue_cols=CUE_COLS + ["Cue ID"])
    _with_line_endings(cues_path, "\r")
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    assert [(p.line, p.column) for p in err.value.problems] == [(1, "cue_id")]
    assert "more than once" in err.value.problems[0].message


def test_a_duplicate_column_after_a_header_longer_than_4_kib_is_found(tables):
    long_name = "a_note_column_" + "x" * 5000
    cues_path, works_path = tables(cue_cols=CUE_COLS + [long_name, "Cue ID"])
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    assert [(p.line, p.column) for p in err.value.problems] == [(1, "cue_id")]


# -- smaller defects: each message says what the file is and what to do ------------------

def test_a_folder_given_as_a_path_is_a_problem_not_a_crash(tmp_path, tables):
    _, works_path = tables()
    for call in (lambda: kit.load_cues(tmp_path, works=works_path), lambda: kit.load_works(tmp_path),
                 lambda: kit.load_cues(works=tmp_path)):
        with pytest.raises(kit.CueDataError) as err:
            call()
        [p] = err.value.problems
        assert "is a folder, not a file" in p.message and ".csv" in p.fix
    assert "folder" in kit.validate_files(tmp_path, works=works_path)[0].message


def test_tab_separated_file_gets_one_clear_message(tables):
    cues_path, works_path = tables()
    text = cues_path.read_text(encoding="utf-8").replace(",", "\t")
    cues_path.write_text(text, encoding="utf-8")
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 1 and "separated by tabs" in p.message and "Comma delimited" in p.fix


def _as_gzip(raw):
    import gzip
    return gzip.compress(raw)


def _as_xlsx(raw):
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize("convert, words", [
    (lambda raw: raw.decode("utf-8").encode("utf-16"), "UTF-16"),
    (lambda raw: raw.decode("utf-8").encode("utf-16-le"), "UTF-16"),  # no byte-order mark
    (_as_gzip, "gzip"),
    (_as_xlsx, "Excel workbook (.xlsx)"),
    (lambda raw: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel workbook (.xls)"),
])
def test_files_that_are_not_csv_text_say_what_they_are(tables, convert, words):
    cues_path, works_path = tables()
    cues_path.write_bytes(convert(cues_path.read_bytes()))
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert words in p.message and "Windows-1252" not in p.message
    assert "CSV UTF-8" in p.fix


def test_a_nul_byte_names_its_line(tables):
    cues_path, works_path = tables()
    cues_path.write_bytes(cues_path.read_bytes().replace(b"Kate Bush", b"Kate\x00Bush"))
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues_path, works=works_path)
    [p] = err.value.problems
    assert p.line == 3 and "NUL" in p.message


@pytest.mark.parametrize("year", ["1e3", "-1933", "1985.5", "inf"])
def test_a_rejected_year_is_reported_once_without_follow_on_checks(tables, year):
    problems, _ = problems_for(tables, cues=edited({(0, "year"): year, (0, "music_year"): "1985"}))
    assert [(p.line, p.column) for p in problems] == [(2, "year")]


@pytest.mark.parametrize("country", ["ß", "ın", "ＵＳ", "us\u0131"])
def test_look_alike_letters_are_not_a_country_code(tables, country):
    works = [dict(w) for w in WORKS]
    works[0]["country"] = country
    problems, _ = problems_for(tables, works=works)
    [p] = problems
    assert (p.file, p.line, p.column) == ("works.csv", 2, "country")
    assert "two-letter" in p.fix


def test_ascii_case_of_a_country_code_is_still_forgiven(tables):
    works = [dict(w) for w in WORKS]
    works[0]["country"] = " us "
    cues_path, works_path = tables(works=works)
    assert kit.load_cues(cues_path, works=works_path)["country"].iloc[0] == "US"


def test_unknown_work_with_the_bundled_works_suggests_passing_your_own(tmp_path):
    from conftest import write_csv
    cues = write_csv(tmp_path / "my_cues.csv", CUE_COLS, [dict(CUES[0], work_id="my-film-2024",
                                                               cue_id="my-film-2024-01", year="2024")])
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues(cues)
    [p] = err.value.problems
    assert p.column == "work_id" and "works=[None, 'my_works.csv']" in p.fix


@pytest.mark.parametrize("call", [lambda: kit.load_cues(123), lambda: kit.load_cues(works=3.5),
                                  lambda: kit.load_works(b"x".decode), lambda: kit.validate_files([1])])
def test_a_wrong_argument_type_is_a_plain_type_error(call):
    with pytest.raises(TypeError) as err:
        call()
    assert "must be the name of a CSV file" in str(err.value)
