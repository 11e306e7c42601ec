"""Hand-in to a class drop folder, the class summary and the gradebook read from it.

The permission tests create real users and a group (they need root, as CI
runs) and do each student's and teacher's part in a forked child that has
switched to that user, calling the kit's own functions.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

import pytest

import kit
from kit.answers import record_answer
from kit.classroom.hand_in import DROP_FOLDER_MODE, HAND_IN_MODE, drop_folder_problems, make_drop_folder
from kit.errors import AnswersFileError, KitInputError

NAME = re.compile(r"^(?P<stem>[^+]+)\+\d{8}T\d{6}\.\d{6}Z\+[0-9a-f]{24}\.json$")


def give(path, student, cue_id, given, expected, quiz="level1", at=None):
    answer = {"quiz": quiz, "level": 1, "cue_id": cue_id, "music_title": cue_id.upper(),
              "given": {"binary": given}, "expected": {"binary": expected}}
    if at:
        answer["answered_at"] = at
    record_answer(path, answer, student=student)


@pytest.fixture
def drop(tmp_path, monkeypatch):
    folder = tmp_path / "drop"
    folder.mkdir()
    monkeypatch.setenv("KIT_HAND_IN_DIR", str(folder))
    return folder


# -- handing in ----------------------------------------------------------------------


def test_hand_in_copies_the_answers_into_a_new_private_file(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    old = os.umask(0o000)
    try:
        path = kit.hand_in(save_to=tmp_path / "ana.json")
    finally:
        os.umask(old)
    assert path.parent == drop and NAME.match(path.name) and path.name.startswith("Ana+")
    assert stat.S_IMODE(path.stat().st_mode) == HAND_IN_MODE  # not 0666 despite umask 000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["student"] == "Ana" and data["answers"][0]["cue_id"] == "c1"
    assert data["handed_in"]["at"].endswith("Z")
    assert not [p for p in drop.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_mode_is_0640_whatever_the_umask(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    old = os.umask(0o077)
    try:
        path = kit.hand_in(save_to=tmp_path / "ana.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_handing_in_again_keeps_the_earlier_hand_in(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    first = kit.hand_in(save_to=tmp_path / "ana.json")
    before = first.read_bytes()
    give(tmp_path / "ana.json", "Ana", "c2", "score", "neither")
    second = kit.hand_in(save_to=tmp_path / "ana.json")
    assert first != second and first.read_bytes() == before
    assert len(json.loads(second.read_text())["answers"]) == 2


def test_default_answers_file_for_the_student(tmp_path, drop, monkeypatch):
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path / "answers"))
    give(kit.answers.default_path("Ana Li"), "Ana Li", "c1", "score", "score")
    path = kit.hand_in(student="Ana Li")
    assert path.name.startswith("Ana-Li-") and NAME.match(path.name)


def test_no_drop_folder_configured_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_HAND_IN_DIR", raising=False)
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    with pytest.raises(KitInputError, match="No hand-in folder is set up.*KIT_HAND_IN_DIR"):
        kit.hand_in(save_to=tmp_path / "ana.json")


def test_missing_drop_folder_and_missing_answers_are_plain_errors(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    with pytest.raises(KitInputError, match="does not exist.*nothing was handed in"):
        kit.hand_in(save_to=tmp_path / "ana.json", folder=tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="No answers file"):
        kit.hand_in(save_to=tmp_path / "ben.json")
    (tmp_path / "empty.json").write_text(json.dumps(
        {"format": "music-storytelling-kit/answers", "version": 1, "student": "Cy", "answers": []}))
    with pytest.raises(AnswersFileError, match="no answers yet"):
        kit.hand_in(save_to=tmp_path / "empty.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(AnswersFileError, match="not valid JSON"):
        kit.hand_in(save_to=tmp_path / "bad.json")
    assert list(drop.iterdir()) == []


def test_someone_elses_answers_file_is_refused(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    with pytest.raises(AnswersFileError, match="belongs to 'Ana'"):
        kit.hand_in(save_to=tmp_path / "ana.json", student="Ben")


def test_hand_in_button(tmp_path, drop, monkeypatch):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    button = kit.hand_in_button(save_to=tmp_path / "ana.json")
    button.button.click()
    assert "Handed in as" in button.status.value and button.last.exists()
    monkeypatch.delenv("KIT_HAND_IN_DIR")
    unset = kit.hand_in_button(save_to=tmp_path / "ana.json")
    assert "No class hand-in folder is set up" in unset.status.value
    unset.button.click()
    assert "Not handed in" in unset.status.value and unset.last is None


# -- reading a drop folder -------------------------------------------------------------


def test_class_summary_counts_each_answer_once_across_hand_ins(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "soundtrack", "neither")
    kit.hand_in(save_to=tmp_path / "ana.json")
    give(tmp_path / "ana.json", "Ana", "c1", "neither", "neither")  # second try, after seeing the answer
    give(tmp_path / "ana.json", "Ana", "c2", "score", "score")
    kit.hand_in(save_to=tmp_path / "ana.json")
    give(tmp_path / "ben.json", "Ben", "c1", "neither", "neither")
    kit.hand_in(save_to=tmp_path / "ben.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one student in several files is not "the same name twice"
        s = kit.class_summary(drop)
    assert s.loc["c1", "answers"] == 2 and s.loc["c1", "first_try_accuracy"] == 0.5
    assert s.loc["c1", "accuracy"] == 1.0
    by_student = s.attrs["by_student"]
    assert by_student.loc["Ana", "answers"] == 2 and by_student.loc["Ana", "first_try_accuracy"] == 0.5
    assert len(s.attrs["answers"]) == 4  # Ana c1 twice, Ana c2, Ben c1: nothing counted twice


def test_students_who_kept_the_default_name_are_told_apart_by_account(tmp_path, drop, monkeypatch):
    for account in ("jupyter-ana", "jupyter-ben"):
        monkeypatch.setenv("JUPYTERHUB_USER", account)
        give(tmp_path / f"{account}.json", None, "c1", "score", "score")
        kit.hand_in(save_to=tmp_path / f"{account}.json")
        kit.hand_in(save_to=tmp_path / f"{account}.json")
    with pytest.warns(UserWarning, match="same student name"):
        s = kit.class_summary(drop)
    assert set(s.attrs["by_student"].index) == {"me (jupyter-ana)", "me (jupyter-ben)"}
    assert s.loc["c1", "answers"] == 2


def test_temporary_and_hidden_files_in_the_drop_folder_are_not_read(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "score", "score")
    kit.hand_in(save_to=tmp_path / "ana.json")
    (drop / ".Ana+half.json.1234.tmp").write_text("{half")
    (drop / ".hidden.json").write_text("{half")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kit.class_summary(drop).loc["c1", "answers"] == 1


def test_one_folder_per_student_is_read_too(tmp_path):
    # Zero to JupyterHub: each student's pod mounts only drop/<username>
    for who in ("ana", "ben"):
        (tmp_path / "drop" / who).mkdir(parents=True)
        give(tmp_path / f"{who}.json", who.title(), "c1", "score", "score")
        kit.hand_in(save_to=tmp_path / f"{who}.json", folder=tmp_path / "drop" / who)
    assert kit.class_summary(tmp_path / "drop").loc["c1", "answers"] == 2


# -- the gradebook ---------------------------------------------------------------------


def _class(tmp_path, drop):
    give(tmp_path / "ana.json", "Ana", "c1", "soundtrack", "neither", at="2025-03-01T09:00:00.000+00:00")
    give(tmp_path / "ana.json", "Ana", "c1", "neither", "neither", at="2025-03-01T09:01:00.000+00:00")
    give(tmp_path / "ana.json", "Ana", "c2", "score", "score", at="2025-03-01T09:02:00.000+00:00")
    kit.hand_in(save_to=tmp_path / "ana.json")
    kit.hand_in(save_to=tmp_path / "ana.json")
    give(tmp_path / "ben.json", "=HYPERLINK(\"x\")", "c1", "neither", "neither")
    kit.hand_in(save_to=tmp_path / "ben.json")
    give(drop / "cy.json", "Cy", "c2", "neither", "score", at="2025-03-02T10:00:00.000+00:00")  # not handed in


def test_gradebook_one_row_per_student(tmp_path, drop):
    _class(tmp_path, drop)
    book = kit.gradebook(drop)
    assert list(book.columns[:1]) == ["student"]
    assert {"student", "first_try_score", "first_try_accuracy", "answered", "last_hand_in"} <= set(book.columns)
    rows = book.set_index("student")
    assert rows.loc["Ana", "answered"] == 2 and rows.loc["Ana", "first_try_score"] == 1
    assert rows.loc["Ana", "first_try_accuracy"] == 0.5
    assert rows.loc["Cy", "first_try_score"] == 0 and rows.loc["Cy", "last_hand_in"] == "2025-03-02T10:00:00Z"
    handed = sorted(p.name for p in drop.glob("Ana+*.json"))[-1]
    stamp = re.search(r"\+(\d{8}T\d{6})", handed).group(1)
    assert rows.loc["Ana", "last_hand_in"].replace("-", "").replace(":", "").startswith(stamp)
    assert rows.loc["Ana", "last_hand_in"].endswith("Z")


def test_gradebook_csv_is_formula_safe_and_never_over_an_answers_file(tmp_path, drop):
    _class(tmp_path, drop)
    out = kit.gradebook(drop, out=tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(out) == 3
    assert {r["student"] for r in rows} == {"Ana", "Cy", "'=HYPERLINK(\"x\")"}
    ana = next(r for r in rows if r["student"] == "Ana")
    assert ana["first_try_score"] == "1" and ana["first_try_accuracy"] == "0.500" and ana["answered"] == "2"
    with pytest.raises(AnswersFileError, match="answers file"):
        kit.gradebook(drop, out=tmp_path / "ana.json")
    assert json.loads((tmp_path / "ana.json").read_text())["student"] == "Ana"


def test_pseudonyms_are_stable_for_a_class_and_hide_names(tmp_path, drop):
    _class(tmp_path, drop)
    book = kit.gradebook(drop, out=tmp_path / "shown.csv", pseudonymise=True)
    assert sorted(book["student"]) == ["S01", "S02", "S03"]
    text = (tmp_path / "shown.csv").read_text(encoding="utf-8")
    assert "Ana" not in text and "Cy" not in text and "HYPERLINK" not in text
    again = kit.gradebook(drop, pseudonymise=True)
    assert book.attrs["pseudonyms"] == again.attrs["pseudonyms"]
    assert set(book.attrs["pseudonyms"]) == {"Ana", "Cy", "=HYPERLINK(\"x\")"}
    keyed = kit.gradebook(drop, pseudonymise="our class word")
    assert sorted(keyed["student"]) == ["S01", "S02", "S03"]


def test_gradebook_command_line(tmp_path, drop):
    _class(tmp_path, drop)
    run = subprocess.run([sys.executable, "-m", "kit", "gradebook", str(drop), "--out",
                          str(tmp_path / "g.csv"), "--pseudonymise"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "3 student(s)" in run.stdout and (tmp_path / "g.csv").read_text().startswith("student,")


# -- the permission model, for real -------------------------------------------------------

ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("useradd"),
                               reason="needs root and useradd to create real users")


def _run(*cmd):
    subprocess.run(cmd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def people():
    """Two students and a teacher (in the teachers' group); removed afterwards."""
    tag = f"{os.getpid() % 10000:04d}"
    group, teacher, students = f"kitteach{tag}", f"kitteacher{tag}", [f"kitstu{tag}a", f"kitstu{tag}b"]
    _run("groupadd", group)
    made = []
    try:
        _run("useradd", "--no-create-home", "-G", group, teacher)
        made.append(teacher)
        for s in students:
            _run("useradd", "--no-create-home", s)
            made.append(s)
        base = Path(tempfile.mkdtemp(prefix="kit-perm-", dir="/tmp"))
        os.chmod(base, 0o755)
        yield {"group": group, "teacher": teacher, "students": students, "base": base}
    finally:
        for user in made:
            subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        if "base" in locals():
            shutil.rmtree(base, ignore_errors=True)


def as_user(user: str, fn, umask: int = 0o022):
    """Run ``fn()`` in a forked child switched to ``user``; return its result or raise its error text."""
    import grp
    import pwd

    info = pwd.getpwnam(user)
    groups = [g.gr_gid for g in grp.getgrall() if user in g.gr_mem]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            os.close(read)
            os.setgroups(groups)
            os.setgid(info.pw_gid)
            os.setuid(info.pw_uid)
            os.umask(umask)
            try:
                out = {"ok": fn()}
            except BaseException as err:  # report any failure to the parent
                out = {"error": f"{type(err).__name__}: {err}"}
            os.write(write, json.dumps(out, default=str).encode())
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(b"".join(chunks) or b"{}")


def _student_answers(base: Path, user: str, cue: str, given: str) -> Path:
    import pwd

    home = base / user
    home.mkdir(exist_ok=True)
    path = home / "answers.json"
    give(path, user, cue, given, "score")
    info = pwd.getpwnam(user)
    for p in (home, path, *home.rglob("*")):
        os.chown(p, info.pw_uid, info.pw_gid)
    os.chmod(home, 0o700)
    return path


@ROOT_ONLY
def test_drop_folder_permission_model_with_real_users(people, tmp_path):
    base, group, teacher = people["base"], people["group"], people["teacher"]
    ana, ben = people["students"]
    folder = base / "drop"
    run = subprocess.run([sys.executable, "-m", "kit", "drop-folder", str(folder), "--group", group],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    st = folder.stat()
    import grp

    assert stat.S_IMODE(st.st_mode) == DROP_FOLDER_MODE == 0o3773
    assert grp.getgrgid(st.st_gid).gr_name == group and drop_folder_problems(folder) == []

    ana_file = _student_answers(base, ana, "c1", "score")
    ben_file = _student_answers(base, ben, "c1", "neither")

    # each student hands in, with a strict and a lax umask
    a1 = as_user(ana, lambda: str(kit.hand_in(save_to=ana_file, folder=folder)), umask=0o077)["ok"]
    b1 = as_user(ben, lambda: str(kit.hand_in(save_to=ben_file, folder=folder)), umask=0o000)["ok"]
    for path in (a1, b1):
        st = Path(path).stat()
        assert stat.S_IMODE(st.st_mode) == 0o640 and grp.getgrgid(st.st_gid).gr_name == group

    # a re-submission is a new file; the earlier one stays
    a2 = as_user(ana, lambda: str(kit.hand_in(save_to=ana_file, folder=folder)))["ok"]
    assert a2 != a1 and Path(a1).exists()

    # Ben can neither list the folder nor read, overwrite, delete, rename or replace Ana's hand-in
    def ben_tries():
        results = {}
        for what, action in [
            ("list", lambda: os.listdir(folder)),
            ("read", lambda: open(a1, "rb").read()),
            ("write", lambda: open(a1, "r+b").write(b"x")),
            ("delete", lambda: os.unlink(a1)),
            ("rename", lambda: os.rename(a1, folder / "mine.json")),
            ("replace", lambda: os.replace(b1, a1)),
        ]:
            try:
                action()
                results[what] = "allowed"
            except PermissionError:
                results[what] = "refused"
        return results

    assert as_user(ben, ben_tries)["ok"] == {w: "refused" for w in
                                             ("list", "read", "write", "delete", "rename", "replace")}
    assert Path(a1).exists() and Path(b1).exists()

    # Ana can read her own hand-in back; Ben's own folder checks in hand_in stay quiet
    assert as_user(ana, lambda: len(open(a1, "rb").read()) > 0)["ok"] is True

    # the teacher lists and reads everything, and builds the summary and the gradebook
    def teacher_reads():
        names = sorted(os.listdir(folder))
        s = kit.class_summary(folder)
        book = kit.gradebook(folder)
        return {"names": names, "answers": int(s.loc["c1", "answers"]),
                "students": sorted(book["student"]), "ok": float(s.loc["c1", "first_try_accuracy"])}

    seen = as_user(teacher, teacher_reads)
    assert "ok" in seen, seen
    assert seen["ok"]["names"] == sorted(Path(p).name for p in (a1, a2, b1))
    assert seen["ok"]["answers"] == 2 and seen["ok"]["students"] == sorted([ana, ben])
    assert seen["ok"]["ok"] == 0.5


@ROOT_ONLY
def test_a_student_without_write_permission_gets_a_plain_message(people):
    base, (ana, _) = people["base"], people["students"]
    closed = base / "closed"
    closed.mkdir(exist_ok=True)
    os.chmod(closed, 0o755)
    ana_file = _student_answers(base, ana, "c1", "score")
    got = as_user(ana, lambda: str(kit.hand_in(save_to=ana_file, folder=closed)))
    assert "do not have permission to hand in" in got["error"] and list(closed.iterdir()) == []


@ROOT_ONLY
def test_drop_folder_command_refuses_an_unknown_group(tmp_path):
    run = subprocess.run([sys.executable, "-m", "kit", "drop-folder", str(tmp_path / "d"), "--group",
                          "no-such-group-kit"], capture_output=True, text=True)
    assert run.returncode == 2 and "There is no group 'no-such-group-kit'" in run.stderr


def test_drop_folder_problems_are_named(tmp_path):
    loose = tmp_path / "loose"
    loose.mkdir()
    os.chmod(loose, 0o777)
    problems = " ".join(drop_folder_problems(loose))
    assert "everyone can list" in problems and "sticky" in problems and "setgid" in problems


def test_make_drop_folder_as_the_owner(tmp_path):
    import grp

    group = grp.getgrgid(os.getgid()).gr_name
    folder = make_drop_folder(tmp_path / "mine", group)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o3773
