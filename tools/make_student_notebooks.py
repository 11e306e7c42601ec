"""Generate the student notebooks in notebooks/ from the masters in
lessons/masters/: cells tagged ``solution`` are removed, outputs and
execution counts cleared. ``--check`` only reports notebooks that are out of
date (the test suite runs it).

Usage: python tools/make_student_notebooks.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
MASTERS = ROOT / "lessons" / "masters"
STUDENT = ROOT / "notebooks"
SOLUTION_TAGS = {"solution", "solutions", "answer-key"}
#: Lesson notebooks (01-name.ipynb ...). Other masters, such as the teachers'
#: dashboard, stay in the teachers' area; other notebooks in notebooks/ (a
#: stray Untitled.ipynb) are not lessons and are left alone.
LESSON_GLOB = "[0-9][0-9]-*.ipynb"


def student_version(master: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for cell in master.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & SOLUTION_TAGS:
            continue
        meta = {"tags": sorted(tags)} if tags else {}
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(cell.source, metadata=meta)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source, metadata=meta)
        else:
            new = nbformat.v4.new_raw_cell(cell.source, metadata=meta)
        new.pop("id", None)
        nb.cells.append(new)
    return nb


def render(nb) -> str:
    nb = nbformat.from_dict(nb)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    return nbformat.writes(nb) + "\n"


def main(argv) -> int:
    check = "--check" in argv
    stale = []
    masters = sorted(MASTERS.glob(LESSON_GLOB))
    for master_path in masters:
        master = nbformat.read(master_path, as_version=4)
        text = render(student_version(master))
        target = STUDENT / master_path.name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target.name)
            if not check:
                STUDENT.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
    extra = sorted({p.name for p in STUDENT.glob(LESSON_GLOB)} - {m.name for m in masters})
    if check:
        for name in stale:
            print(f"out of date: notebooks/{name} (run: make notebooks)")
        for name in extra:
            print(f"no master for notebooks/{name}")
        return 1 if stale or extra else 0
    print(f"{len(masters)} master(s); wrote {len(stale)} student notebook(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
