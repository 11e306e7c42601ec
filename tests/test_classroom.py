"""Class results from many students' answers files."""

import json
import warnings

import pytest

import kit
from kit.answers import record_answer


def give(path, student, cue_id, given, expected, quiz="level1"):
    record_answer(path, {"quiz": quiz, "level": 1, "cue_id": cue_id, "music_title": cue_id.upper(),
                         "given": {"binary": given}, "expected": {"binary": expected}}, student=student)


def test_summary_per_cue_student_axis(tmp_path):
    give(tmp_path / "ana.json", "Ana", "c1", "soundtrack", "neither")
    give(tmp_path / "ana.json", "Ana", "c2", "score", "score")
    give(tmp_path / "ben.json", "Ben", "c1", "soundtrack", "neither")
    give(tmp_path / "cy.json", "Cy", "c1", "neither", "neither")
    give(tmp_path / "cy.json", "Cy", "c2", "soundtrack", "score")
    s = kit.class_summary(tmp_path)
    assert s.loc["c1", "answers"] == 3
    assert s.loc["c1", "accuracy"] == pytest.approx(1 / 3)
    assert s.loc["c1", "most_common_wrong"] == "binary: soundtrack" and s.loc["c1", "times_given"] == 2
    assert s.loc["c2", "accuracy"] == pytest.approx(0.5)
    assert list(s.index) == ["c1", "c2"]  # hardest first
    st = s.attrs["by_student"]
    assert st.loc["Ana", "accuracy"] == 0.5 and st.loc["Cy", "accuracy"] == 0.5 and st.loc["Ben", "accuracy"] == 0
    assert s.attrs["by_axis"].loc["binary", "answers"] == 5


def test_latest_answer_counts_once(tmp_path):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "neither")
    give(tmp_path / "ana.json", "Ana", "c1", "neither", "neither")
    s = kit.class_summary(tmp_path)
    assert s.loc["c1", "answers"] == 1 and s.loc["c1", "accuracy"] == 1


def test_bad_files_are_skipped_and_named(tmp_path):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"hello": 1}))
    (tmp_path / "latin1.csv").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.warns(UserWarning, match="Skipped 3 unreadable") as rec:
        s = kit.class_summary(tmp_path)
    assert "broken.json" in str(rec[0].message)
    assert len(s.attrs["skipped"]) == 3 and s.loc["c1", "accuracy"] == 1


def test_confusion_chart_counts(tmp_path):
    give(tmp_path / "a.json", "A", "c1", "soundtrack", "neither")
    give(tmp_path / "b.json", "B", "c1", "soundtrack", "neither")
    give(tmp_path / "c.json", "C", "c2", "score", "score")
    ax = kit.plot_confusion(kit.class_summary(tmp_path))
    text = kit.describe_chart(ax)
    assert "3 answers, 1 right" in text and "neither answered as soundtrack (2)" in text
    import matplotlib.pyplot as plt
    plt.close("all")


def test_students_who_all_kept_the_default_name_are_not_merged(tmp_path):
    for name in ("ana", "ben", "cy"):
        give(tmp_path / f"{name}.json", "me", "c1", "score", "score")
    with pytest.warns(UserWarning, match="same student name"):
        s = kit.class_summary(tmp_path)
    assert s.loc["c1", "answers"] == 3
    assert set(s.attrs["by_student"].index) == {"me (ana)", "me (ben)", "me (cy)"}


def test_level_filter(tmp_path):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    record_answer(tmp_path / "ana.json", {"quiz": "l2", "level": 2, "cue_id": "c1",
                                          "given": {"form": "song"}, "expected": {"form": "instrumental"}})
    assert kit.class_summary(tmp_path, level=1).loc["c1", "accuracy"] == 1
    assert kit.class_summary(tmp_path, level=2).loc["c1", "accuracy"] == 0


def test_json_and_exported_csv_of_one_student_count_once(tmp_path):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    kit.export_answers(tmp_path / "ana.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = kit.class_summary(tmp_path)
    assert s.loc["c1", "answers"] == 1 and list(s.attrs["by_student"].index) == ["Ana"]


def test_confusion_chart_counts_first_tries(tmp_path):
    give(tmp_path / "a.json", "A", "c1", "soundtrack", "neither")
    give(tmp_path / "a.json", "A", "c1", "neither", "neither")  # tried again after the reveal
    ax = kit.plot_confusion(kit.class_summary(tmp_path))
    assert "1 answer, 0 right" in kit.describe_chart(ax)
    import matplotlib.pyplot as plt
    plt.close("all")


def test_one_kind_of_quiz(tmp_path):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score", quiz="level1-n8-seed1-poolx")
    give(tmp_path / "ana.json", "Ana", "radio-elise", "score", "neither", quiz="ear-level1-n8-seed1-pooly")
    assert list(kit.class_summary(tmp_path, quiz="cue").index) == ["c1"]
    assert list(kit.class_summary(tmp_path, quiz="ear").index) == ["radio-elise"]
    assert len(kit.class_summary(tmp_path)) == 2
    with pytest.raises(ValueError, match="quiz must be 'cue'"):
        kit.class_summary(tmp_path, quiz="ears")
