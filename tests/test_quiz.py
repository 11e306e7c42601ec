"""The quiz widget, driven as a student would: choose, Check, Next."""

import json
import threading

import pytest

import kit
from kit.answers import AnswersFileWarning, record_answer, read_answers


@pytest.fixture
def cues(tables):
    c, w = tables()
    return kit.load_cues(c, works=w)


def answer_right(q):
    cue = q.session.cue()
    expected = {"original score": "score", "pre-existing song": "soundtrack"}.get(str(cue["cue_type"]), "neither")
    if "binary" in q.choices:
        q.choices["binary"].value = expected
    else:
        for axis, tb in q.choices.items():
            tb.value = str(cue[axis])
    q.check_button.click()


def test_feedback_progress_and_summary(cues, tmp_path):
    q = kit.quiz(cues, level=1, n=3, seed=2, save_to=tmp_path / "a.json")
    assert "Question 1 of 3" in q.progress.value
    assert "Cue type" not in q.card.value  # the answer is hidden until checked
    q.check_button.click()
    assert "Choose an answer first" in q.feedback.value
    answer_right(q)
    assert "Correct." in q.feedback.value and "Why:" in q.feedback.value
    assert "Cue type" in q.card.value and "score 1 of 1" in q.progress.value
    q.next_button.click()
    assert "Question 2 of 3" in q.progress.value and q.feedback.value == ""
    q.choices["binary"].value = "score" if q.session.cue()["cue_type"] != "original score" else "soundtrack"
    q.check_button.click()
    assert "Not quite" in q.feedback.value
    q.next_button.click()
    answer_right(q)
    assert "Finished: 2 of 3 correct." in q.summary.value
    assert "Misses by axis" in q.summary.value and "1 missed" in q.summary.value


def test_answers_saved_at_once_and_restored_on_rerun(cues, tmp_path):
    path = tmp_path / "ana.json"
    q = kit.quiz(cues, level=2, n=3, save_to=path, student="Ana")
    order = list(q.session.order)
    answer_right(q)
    saved = json.loads(path.read_text())
    assert saved["student"] == "Ana" and len(saved["answers"]) == 1
    q.next_button.click()
    again = kit.quiz(cues, level=2, n=3, save_to=path, student="Ana")  # no seed: still the same cues
    assert again.session.order == order
    assert "Question 2 of 3" in again.progress.value and "answered 1" in again.progress.value
    again.prev_button.click()
    assert "Correct." in again.feedback.value
    assert all(tb.value is not None for tb in again.choices.values())


def test_corrupted_file_is_set_aside_and_quiz_goes_on(cues, tmp_path):
    path = tmp_path / "ben.json"
    path.write_text('{"format": "music-storytelling-kit/answers", "answers": [', encoding="utf-8")
    with pytest.warns(AnswersFileWarning, match="could not be read"):
        q = kit.quiz(cues, level=1, n=2, save_to=path)
    assert "could not be read" in q.notice.value
    kept = list(tmp_path.glob("ben.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text().endswith('"answers": [')
    answer_right(q)
    assert len(read_answers(path)["answers"]) == 1


def test_two_writers_lose_no_answers(tmp_path):
    path = tmp_path / "shared.json"

    def writer(tag):
        for i in range(40):
            record_answer(path, {"quiz": tag, "level": 1, "cue_id": f"{tag}-{i}",
                                 "given": {"binary": "score"}, "expected": {"binary": "score"}})

    threads = [threading.Thread(target=writer, args=(t,)) for t in ("a", "b")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    ids = {a["cue_id"] for a in read_answers(path)["answers"]}
    assert len(ids) == 80
    assert not list(tmp_path.glob("*.tmp"))


def test_two_quiz_widgets_on_one_file(cues, tmp_path):
    path = tmp_path / "c.json"
    q1 = kit.quiz(cues, level=1, n=3, seed=1, save_to=path)
    q2 = kit.quiz(cues, level=2, n=3, seed=1, save_to=path)
    answer_right(q1)
    answer_right(q2)
    q1.next_button.click()
    answer_right(q1)
    assert len(read_answers(path)["answers"]) == 3


def test_text_from_data_is_escaped(tables, tmp_path):
    from conftest import CUES
    rows = [dict(r) for r in CUES]
    rows[0]["scene"] = '<img src=x onerror="window.__pwned=1"> & more'
    rows[0]["music_title"] = "<script>alert(1)</script>"
    c, w = tables(cues=rows)
    cues = kit.load_cues(c, works=w)
    q = kit.quiz(cues[cues.cue_id == "breakfast-club-1985-01"], n=1, save_to=tmp_path / "x.json")
    assert "<img" not in q.card.value and "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in q.card.value
    assert "<script>" not in q.card.value
    q.choices["binary"].value = "score"
    q.check_button.click()
    assert "<script>" not in q.feedback.value and "&lt;script&gt;" in q.feedback.value


def test_export_is_safe_against_formula_injection(cues, tmp_path):
    path = tmp_path / "d.json"
    record_answer(path, {"quiz": "q", "level": 1, "cue_id": "=HYPERLINK(\"http://x\")",
                         "music_title": "+SUM(A1)", "given": {"binary": "score"},
                         "expected": {"binary": "neither"}}, student="@dan")
    out = kit.export_answers(path)
    text = out.read_text()
    assert "'=HYPERLINK" in text and "'+SUM(A1)" in text and "'@dan" in text
    assert kit.class_summary([out]).loc["'=HYPERLINK(\"http://x\")", "accuracy"] == 0


def test_bad_arguments_are_explained(cues, tmp_path):
    with pytest.raises(ValueError, match="level must be 1"):
        kit.quiz(cues, level=3, save_to=tmp_path / "e.json")
    with pytest.raises(ValueError, match="no cues"):
        kit.quiz(cues.iloc[0:0], save_to=tmp_path / "e.json")


def test_a_filtered_quiz_is_not_restored_into_an_unfiltered_one(cues, tmp_path):
    path = tmp_path / "pools.json"
    tv = kit.quiz(cues[cues["medium"] == "tv"], level=1, n=1, seed=3, save_to=path)
    answer_right(tv)
    everything = kit.quiz(cues, level=1, n=1, seed=3, save_to=path)
    assert "answered 0" in everything.progress.value


def test_names_in_any_script_get_their_own_files(tmp_path, monkeypatch):
    from kit.answers import default_path
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path))
    names = {default_path(n).name for n in ("张伟", "李娜", "José", "Jose", "Zoë")}
    assert len(names) == 5 and "José.json" in names


def test_answers_file_is_readable_by_others(cues, tmp_path):
    import os
    import stat
    path = tmp_path / "perm.json"
    q = kit.quiz(cues, level=1, n=1, save_to=path)
    answer_right(q)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_chosen_answer_is_also_said_in_words(cues, tmp_path):
    q = kit.quiz(cues, level=2, n=1, save_to=tmp_path / "w.json")
    assert "Your answer:" in q.selection.value and "not chosen yet" in q.selection.value
    q.choices["form"].value = "song"
    assert "Song or instrumental? Song" in q.selection.value and "aria-live" in q.selection.value
