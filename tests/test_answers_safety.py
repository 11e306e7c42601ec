"""Answers are never lost and a student always sees what happened (careless and hostile input).

Each test is named after the defect it guards against; each failed on the
kit before the fix.
"""

import errno
import html
import json
import os
import stat
import warnings

import pytest

import kit
from kit import answers as store
from kit.answers import AnswersFileWarning, read_answers, record_answer


@pytest.fixture
def cues(tables):
    c, w = tables()
    return kit.load_cues(c, works=w)


def right(cue):
    return {"original score": "score", "pre-existing song": "soundtrack"}.get(str(cue["cue_type"]), "neither")


def wrong(cue):
    return "score" if right(cue) != "score" else "soundtrack"


def choose_and_check(q, value):
    q.choices["binary"].value = value
    q.check_button.click()


# -- 5: a save that fails is shown, and the answer is kept -----------------------------

def test_a_failed_save_is_shown_and_the_answer_saved_later(cues, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the answers folder should be")
    path = blocker / "ana.json"
    q = kit.quiz(cues, level=1, n=3, seed=1, save_to=path, student="Ana")
    choose_and_check(q, right(q.session.cue()))
    # the verdict is still given, and the failure is said plainly, with what to do
    assert "Correct." in q.feedback.value
    assert "Not saved" in q.save_status.value and "role='alert'" in q.save_status.value
    assert str(path) in q.save_status.value and "KIT_ANSWERS_DIR" in q.save_status.value
    assert "1 answer waiting" in q.save_status.value
    assert "NOT yet saved" not in q.summary.value  # the quiz is not finished yet
    # the student (or teacher) fixes the folder; the next answer saves both
    blocker.unlink()
    q.next_button.click()
    choose_and_check(q, wrong(q.session.cue()))
    assert "Saving works again" in q.save_status.value
    saved = read_answers(path)["answers"]
    assert len(saved) == 2 and q.session.pending == []


def test_a_full_disk_is_named(cues, tmp_path, monkeypatch):
    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "_write_atomic", full)
    q = kit.quiz(cues, level=1, n=2, save_to=tmp_path / "a.json")
    choose_and_check(q, "score")
    assert "the disk is full" in q.save_status.value
    assert len(q.session.pending) == 1


def test_a_very_long_name_gets_a_safe_unique_file(cues, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path))
    long_a, long_b = "Ana " * 200, "Ana " * 199 + "Ann"
    pa, pb = store.default_path(long_a), store.default_path(long_b)
    assert pa != pb and len(pa.name.encode()) < 100
    q = kit.quiz(cues, level=1, n=1, student=long_a)
    choose_and_check(q, "score")
    assert q.save_status.value == "" and read_answers(pa)["student"] == long_a.strip()


def test_a_bug_in_checking_is_shown_not_swallowed(cues, tmp_path, monkeypatch):
    q = kit.quiz(cues, level=1, n=1, save_to=tmp_path / "b.json")

    def broken(given):
        raise RuntimeError("boom")

    monkeypatch.setattr(q.session, "answer", broken)
    choose_and_check(q, "score")
    assert "could not be checked" in q.save_status.value and "boom" in q.save_status.value


# -- 6 and 7: export never writes over its source, and says when there is none --------

def test_export_never_overwrites_the_answers_file(cues, tmp_path):
    path = tmp_path / "progress.csv"  # a quiz may save to a name ending in .csv
    q = kit.quiz(cues, level=1, n=2, save_to=path)
    choose_and_check(q, "score")
    before = path.read_bytes()
    out = kit.export_answers(path)
    assert out != path and out.name == "progress-export.csv"
    assert path.read_bytes() == before
    with pytest.raises(ValueError, match="would write over an answers file"):
        kit.export_answers(path, out=path)
    other = tmp_path / "other.json"
    record_answer(other, {"quiz": "q", "level": 1, "cue_id": "c", "given": {"binary": "score"}})
    with pytest.raises(ValueError, match="would write over an answers file"):
        kit.export_answers(path, out=other)
    assert path.read_bytes() == before and json.loads(other.read_text())["answers"]
    # the quiz still restores its progress
    assert "answered 1" in kit.quiz(cues, level=1, n=2, save_to=path).progress.value


def test_export_of_a_missing_file_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path))
    record_answer(store.default_path("Ana"), {"quiz": "q", "level": 1, "cue_id": "c",
                                              "given": {"binary": "score"}}, student="Ana")
    with pytest.raises(FileNotFoundError) as err:
        kit.export_answers(student="ana")
    text = str(err.value)
    assert "No answers file for student 'ana'" in text and "Ana.json" in text
    assert not list(tmp_path.glob("*.csv"))


# -- 8: damaged answers files are set aside, whatever the damage ---------------------------

GOOD_ANSWER = {"quiz": "q", "level": 1, "cue_id": "c", "given": {"binary": "score"},
               "expected": {"binary": "score"}, "answered_at": "2026-01-01T00:00:00"}


def damaged(kind):
    data = {"format": store.FORMAT, "version": 1, "student": None, "answers": [dict(GOOD_ANSWER)],
            "quizzes": {}}
    if kind == "huge number":
        return json.dumps(data).replace('"version": 1', '"version": ' + "9" * 5000)
    if kind == "deep nesting":
        return json.dumps(data).replace('"quizzes": {}', '"quizzes": ' + "[" * 100000 + "]" * 100000)
    if kind == "position null":
        data["quizzes"] = {"k": {"order": ["c"], "position": None, "level": 1}}
    if kind == "cue_id list":
        data["answers"][0]["cue_id"] = ["x"]
    if kind == "quiz state a number":
        data["quizzes"] = {"k": 1}
    if kind == "given a list":
        data["answers"][0]["given"] = ["score"]
    if kind == "answered_at a number":
        data["answers"][0]["answered_at"] = 5
    return json.dumps(data)


DAMAGE = ["huge number", "deep nesting", "position null", "cue_id list", "quiz state a number",
          "given a list", "answered_at a number"]


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_answers_file_is_set_aside_and_the_quiz_goes_on(cues, tmp_path, kind):
    path = tmp_path / "ana.json"
    text = damaged(kind)
    path.write_text(text, encoding="utf-8")
    with pytest.warns(AnswersFileWarning, match="could not be read"):
        q = kit.quiz(cues, level=1, n=2, save_to=path)
    assert "could not be read" in q.notice.value
    [kept] = tmp_path.glob("ana.unreadable-*.json")
    assert kept.read_text(encoding="utf-8") == text  # kept exactly as it was
    choose_and_check(q, "score")
    assert len(read_answers(path)["answers"]) == 1


def test_saved_answer_that_is_not_a_choice_is_not_restored(cues, tmp_path):
    path = tmp_path / "x.json"
    q = kit.quiz(cues, level=1, n=1, seed=0, save_to=path)
    choose_and_check(q, "score")
    data = json.loads(path.read_text())
    data["answers"][0]["given"] = {"binary": "banana"}
    path.write_text(json.dumps(data))
    again = kit.quiz(cues, level=1, n=1, seed=0, save_to=path)  # no crash
    assert "answered 0" in again.progress.value


# -- 9: one bad file never stops a class summary ------------------------------------------

def test_class_summary_skips_and_lists_every_bad_file(tmp_path):
    record_answer(tmp_path / "ana.json", dict(GOOD_ANSWER), student="Ana")
    for i, kind in enumerate(DAMAGE):
        (tmp_path / f"bad{i}.json").write_text(damaged(kind), encoding="utf-8")
    (tmp_path / "ben.unreadable-20260101-000000.json").write_text("{")
    (tmp_path / "ragged.csv").write_text("student,cue_id,axis,given,expected\nA,c,binary\n")
    with pytest.warns(UserWarning, match=r"Skipped 9 unreadable"):
        s = kit.class_summary(tmp_path)
    skipped = dict(s.attrs["skipped"])
    assert len(skipped) == 9
    assert "set aside by the quiz" in skipped[str(tmp_path / "ben.unreadable-20260101-000000.json")]
    assert s.loc["c", "answers"] == 1 and s.loc["c", "first_try_accuracy"] == 1


# -- 10: different students never share a file ------------------------------------------------

def test_different_names_get_different_files(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path))
    names = ["Ana Li", "Ana-Li", "Ana/Li", "ana li", "Ana  Li", "Ana.Li", "../Ana Li", "CON", "con",
             "nul.txt", "Ana\x00Li"]
    paths = [store.default_path(n) for n in names]
    assert len(set(paths)) == len(names)
    for p in paths:
        assert p.parent == tmp_path and p.stem.split(".")[0].lower() not in {"con", "nul", "prn", "aux"}
    assert store.default_path("Ana-Li").name == "Ana-Li.json"  # a safe name stays readable


def test_one_students_quiz_never_restores_anothers_answers(cues, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path))
    a = kit.quiz(cues, level=1, n=2, seed=1, student="Ana-Li")
    choose_and_check(a, "score")
    b = kit.quiz(cues, level=1, n=2, seed=1, student="Ana Li")
    assert "answered 0" in b.progress.value


def test_a_file_that_belongs_to_someone_else_is_refused(cues, tmp_path):
    path = tmp_path / "shared.json"
    a = kit.quiz(cues, level=1, n=2, seed=1, save_to=path, student="Ana")
    choose_and_check(a, "score")
    before = path.read_bytes()
    b = kit.quiz(cues, level=1, n=2, seed=1, save_to=path, student="Ben")
    assert "belongs to 'Ana'" in html.unescape(b.notice.value) and "answered 0" in b.progress.value
    choose_and_check(b, "score")
    assert "belongs to 'Ana'" in html.unescape(b.save_status.value) and path.read_bytes() == before


def test_student_must_be_text(cues, tmp_path):
    with pytest.raises(TypeError, match="student must be your name as text"):
        kit.quiz(cues, student=5, save_to=tmp_path / "x.json")


def test_files_saved_under_the_earlier_naming_are_still_found(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path))
    old = tmp_path / "Ana-Li.json"  # what "Ana Li" was saved as before
    record_answer(old, dict(GOOD_ANSWER), student="Ana Li")
    assert store.default_path("Ana Li") == old
    assert store.default_path("Ana/Li") != old  # it belongs to "Ana Li" only


# -- 11: read-only files, leftovers and lock files ------------------------------------------------

def test_a_read_only_answers_file_is_respected(cues, tmp_path):
    path = tmp_path / "handed-in.json"
    q = kit.quiz(cues, level=1, n=2, save_to=path)
    choose_and_check(q, "score")
    os.chmod(path, 0o444)
    before = path.read_bytes()
    q.next_button.click()
    assert "read-only" in q.save_status.value
    choose_and_check(q, "score")
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    os.chmod(path, 0o644)
    q.check_button.click()  # the answer kept while the file was read-only is saved too
    assert len(read_answers(path)["answers"]) == 3 and q.session.pending == []


def test_leftovers_of_killed_saves_are_cleaned_and_locks_are_hidden(tmp_path):
    path = tmp_path / "ana.json"
    (tmp_path / ".ana.json.123-abcd.tmp").write_text("half")
    (tmp_path / "ana.json.x1y2.tmp").write_text("half, written by an older kit")
    record_answer(path, dict(GOOD_ANSWER))
    visible = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert visible == ["ana.json"]
    assert not list(tmp_path.glob(".*.tmp"))


def test_permissions_of_a_replaced_file_are_kept(tmp_path):
    path = tmp_path / "ana.json"
    record_answer(path, dict(GOOD_ANSWER))
    os.chmod(path, 0o640)
    record_answer(path, dict(GOOD_ANSWER, cue_id="d"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# -- 12: locking with filelock; no unlocked writes; umask untouched --------------------------------

def test_a_busy_lock_is_reported_not_ignored(tmp_path, monkeypatch):
    import filelock

    path = tmp_path / "ana.json"
    record_answer(path, dict(GOOD_ANSWER))
    before = path.read_bytes()
    monkeypatch.setattr(store, "LOCK_TIMEOUT", 0.2)
    held = filelock.FileLock(str(tmp_path / ".locks" / "ana.json.lock"))
    with held:
        with pytest.raises(ValueError, match="busy") as err:
            record_answer(path, dict(GOOD_ANSWER, cue_id="d"))
    assert "Press Check again" in str(err.value)
    assert path.read_bytes() == before


def test_saving_never_changes_the_umask(tmp_path, monkeypatch):
    def forbidden(mask):
        raise AssertionError("os.umask was called")

    monkeypatch.setattr(os, "umask", forbidden)
    record_answer(tmp_path / "a.json", dict(GOOD_ANSWER))
    assert read_answers(tmp_path / "a.json")["answers"]


def test_windows_reserved_names_are_not_file_names():
    for name in ("CON", "nul", "Com1", "LPT9", "aux.json", "prn"):
        stem = store.file_stem(name)
        assert stem.split(".")[0].lower() not in {"con", "nul", "com1", "lpt9", "aux", "prn"}


# -- 13: the first try is the one scored ---------------------------------------------------------------

def test_trying_again_after_the_reveal_does_not_raise_the_score(cues, tmp_path):
    path = tmp_path / "ana.json"
    q = kit.quiz(cues, level=1, n=1, seed=0, save_to=path, student="Ana")
    cue = q.session.cue()
    choose_and_check(q, wrong(cue))
    choose_and_check(q, right(cue))
    assert "Correct." in q.feedback.value and "first try" in q.feedback.value
    assert "score 0 of 1" in q.progress.value
    assert "Finished: 0 of 1 correct." in q.summary.value and "1 missed" in q.summary.value
    again = kit.quiz(cues, level=1, n=1, seed=0, save_to=path, student="Ana")
    assert "score 0 of 1" in again.progress.value
    assert len(read_answers(path)["answers"]) == 2  # every attempt is kept
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = kit.class_summary([path])
    row = s.loc[cue["cue_id"]]
    assert row["first_try_accuracy"] == 0 and row["accuracy"] == 1
    assert row["most_common_wrong"] == f"binary: {wrong(cue)}"
    assert s.attrs["by_student"].loc["Ana", "first_try_accuracy"] == 0


# -- plain messages for plain mistakes ------------------------------------------------------------------

def test_an_empty_selection_is_one_plain_sentence(cues, tmp_path):
    with pytest.raises(ValueError) as err:
        kit.quiz(cues[cues["medium"] == "nothing"], save_to=tmp_path / "e.json")
    lines = err.value._render_traceback_()  # what IPython shows instead of a traceback
    assert len(lines) == 1 and "the selection is empty" in lines[0]


@pytest.mark.parametrize("n", [float("inf"), float("nan"), "3", None, True])
def test_odd_numbers_of_questions_are_explained(cues, tmp_path, n):
    with pytest.raises(ValueError, match="n is the number of questions"):
        kit.quiz(cues, n=n, save_to=tmp_path / "e.json")


# -- fuzzing: any answers file, any name ------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

# each case writes and fsyncs a file: a few hundred cases are plenty here (the
# loader's property test is the one that runs thousands)
_FILE_CASES = settings(max_examples=min(400, settings().max_examples))

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)
_ANSWER_KEYS = ["cue_id", "level", "given", "expected", "quiz", "answered_at", "correct", "student"]
_record = st.fixed_dictionaries({
    "format": st.just(store.FORMAT) | _json,
    "student": st.none() | st.text(max_size=10) | _json,
    "answers": st.lists(st.dictionaries(st.sampled_from(_ANSWER_KEYS), _json, max_size=8) | _json,
                        max_size=3) | _json,
    "quizzes": st.dictionaries(st.text(max_size=5), _json, max_size=2) | _json,
})


@_FILE_CASES
@given(data=_record)
def test_any_answers_file_is_used_or_set_aside_never_a_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "ana.json"
    text = json.dumps(data)
    path.write_text(text, encoding="utf-8")
    from kit.classroom.summary import _rows_from_json

    try:  # a class summary reads it, or skips it with a plain reason
        _rows_from_json(path)
    except ValueError as err:
        assert str(err)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        record = read_answers(path)
        store.record_answer(path, dict(GOOD_ANSWER))
    kept = list(folder.glob("ana.unreadable-*.json"))
    if kept:  # set aside exactly as it was
        assert kept[0].read_text(encoding="utf-8") == text and record["answers"] == []
    assert read_answers(path, set_aside=False)["answers"][-1]["cue_id"] == "c"


@given(a=st.text(max_size=300), b=st.text(max_size=300))
def test_any_two_names_get_safe_separate_files(a, b):
    try:
        pa, pb = store.default_path(a), store.default_path(b)
    except ValueError:  # a name that is not valid text (lone surrogates) is refused plainly
        return
    for p in (pa, pb):
        assert p.parent == store.default_path("x").parent and len(p.name.encode()) <= 120
        assert p.stem.split(".")[0].lower() not in {"con", "nul", "prn", "aux"}
        assert "/" not in p.name and "\\" not in p.name and "\x00" not in p.name
    name_a = store._student_name(a) or "me"
    name_b = store._student_name(b) or "me"
    assert (pa == pb) == (name_a == name_b)


def _write_many(args):
    path, tag = args
    for i in range(25):
        record_answer(path, dict(GOOD_ANSWER, cue_id=f"{tag}-{i}"))


def test_four_processes_writing_one_file_lose_nothing(tmp_path):
    import multiprocessing

    path = tmp_path / "shared.json"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_write_many, [(path, t) for t in "abcd"])
    assert len({a["cue_id"] for a in read_answers(path)["answers"]}) == 100
