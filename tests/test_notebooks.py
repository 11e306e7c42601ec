"""Lesson notebooks: structure, no outputs, no solutions, up to date.

nbval runs every notebook (student and master) as part of the same pytest
run; these tests check what a teacher opening them would notice.
"""

import csv
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = "[0-9][0-9]-*.ipynb"  # the teachers' dashboard and stray scratch notebooks are not lessons
STUDENT = sorted((ROOT / "notebooks").glob(LESSON))
MASTERS = sorted((ROOT / "lessons" / "masters").glob(LESSON))
ALL = STUDENT + MASTERS


def test_there_are_seven_lessons_each_with_a_master():
    assert len(MASTERS) >= 7
    assert [p.name for p in STUDENT] == [p.name for p in MASTERS]
    assert STUDENT[0].name == "01-score-or-soundtrack.ipynb"
    assert STUDENT[2].name == "03-hearing-the-difference.ipynb"  # the listening lesson follows lesson 2


def test_student_notebooks_are_up_to_date():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_student_notebooks.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


@pytest.mark.parametrize("path", STUDENT, ids=lambda p: p.name)
def test_student_notebook_has_no_outputs_and_no_solutions(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert "solution" not in cell.metadata.get("tags", [])
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lesson_opens_and_closes_as_a_lesson(path):
    nb = nbformat.read(path, as_version=4)
    md = [c.source for c in nb.cells if c.cell_type == "markdown"]
    opening, closing = md[0].lower(), md[-1].lower()
    for word in ("questions", "objectives", "timing", "prerequisites"):
        assert word in opening, f"{path.name}: first cell lacks '{word}'"
    for word in ("key points", "going further"):
        assert word in closing, f"{path.name}: last cell lacks '{word}'"


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.name)
def test_code_cells_are_short_and_narrative_comes_first(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown"
    code = [c for c in nb.cells if c.cell_type == "code"]
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert len(markdown) >= len(code) / 2
    for cell in code:
        assert len(cell.source.splitlines()) <= 15, f"{path.name}: a code cell has more than 15 lines"


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.name)
def test_every_master_exercise_has_a_solution(path):
    nb = nbformat.read(path, as_version=4)
    tags = [set(c.metadata.get("tags", [])) for c in nb.cells]
    n_ex = sum("exercise" in t for t in tags)
    n_sol = sum("solution" in t for t in tags)
    assert n_ex >= 1 and n_sol >= n_ex


def test_no_stored_notebook_carries_audio_or_outputs():
    """Audio is made when a lesson runs; the stored masters and student notebooks hold none."""
    for path in ALL:
        text = path.read_text(encoding="utf-8")
        assert "audio/wav" not in text and "<audio" not in text, path.name
        nb = nbformat.read(path, as_version=4)
        assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code"), path.name


LISTENING = ROOT / "lessons" / "masters" / "03-hearing-the-difference.ipynb"


def test_listening_lesson_names_only_cues_that_exist():
    with open(ROOT / "data" / "cues.csv", encoding="utf-8", newline="") as fh:
        known = {row["cue_id"] for row in csv.DictReader(fh)}
    from kit.listen.demos import demos
    named = set(re.findall(r"\b[a-z0-9][a-z0-9-]+-(?:19|20)\d\d-\d\d\b", LISTENING.read_text(encoding="utf-8")))
    named |= {c for d in demos() for c in d.cue_ids}
    assert named and named <= known, sorted(named - known)


def test_listening_lesson_has_every_demonstration_with_player_picture_and_words():
    nb = nbformat.read(LISTENING, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    from kit.listen.demos import BUILDERS
    for i, key in enumerate(BUILDERS, 1):
        assert f'd{i} = listen.demo("{key}")' in code and f"d{i}.related(cues)" in code
        assert f"listen.players(d{i})" in code and f"listen.plot_demo(d{i})" in code
    assert text.count("**What to listen for.**") == len(BUILDERS)
    assert text.count("Predict before you listen") >= 2
    assert "listen.ear_quiz(level=1" in code and "listen.ear_quiz(level=2" in code
    for source in ("Gorbman", "Unheard Melodies", "Stilwell", "Fantastical Gap", "Mickey Mousing", "Wolzogen"):
        assert source in text, source


@pytest.mark.slow
def test_executed_listening_lesson_plays_every_clip_and_stays_small(tmp_path, monkeypatch):
    """Run lesson 3 as a student would (pictures inline, widget state kept, as nbclient saves it):
    every clip is a playable 16 kHz WAV, every demonstration has a picture, and the whole
    executed notebook stays under 4 MB."""
    import base64

    from nbclient import NotebookClient
    from kit.listen.demos import demos
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend, as in JupyterLab
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path))
    path = ROOT / "notebooks" / "03-hearing-the-difference.ipynb"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    sources = re.findall(r"<audio [^>]*src='data:audio/wav;base64,([^']+)'", html)
    assert len(sources) == sum(len(d.clips) for d in demos())
    for b64 in sources:
        wav = base64.b64decode(b64)
        assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
        assert int.from_bytes(wav[24:28], "little") == 16000 and len(wav) > 16000  # over half a second
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= len(demos())
    quizzes = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(quizzes) == 2
    size = len(nbformat.writes(nb).encode())
    # "a few MB": the audio is about 2.9 MB as base64; each picture is stored twice, as a PNG and
    # inside the HTML figure that carries its alt text (kit.chart_display), which adds about 0.4 MB
    assert size < 4_500_000, f"the executed lesson is {size / 1e6:.2f} MB"
