"""Lesson notebooks: structure, no outputs, no solutions, up to date.

nbval runs every notebook (student and master) as part of the same pytest
run; these tests check what a teacher opening them would notice.
"""

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


def test_there_are_six_lessons_each_with_a_master():
    assert len(MASTERS) >= 6
    assert [p.name for p in STUDENT] == [p.name for p in MASTERS]
    assert STUDENT[0].name == "01-score-or-soundtrack.ipynb"


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
