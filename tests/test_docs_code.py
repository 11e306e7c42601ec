"""Every Python example in README.md and lessons/*.md runs as written.

Each page's ```python blocks run in order, in one fresh namespace per page,
in an empty temporary folder (so examples that write files write them
there), with KIT_ANSWERS_DIR pointing into it and matplotlib drawing off
screen. What a reader types is exactly what runs.

A block that needs something a reader would already have (a class's answers
files, a hub's configuration object) may be preceded by an HTML comment that
readers do not see and this test runs first, in the same namespace:

    <!-- setup: student = "ana"; answered_quiz(student) -->

The setup code may call the helpers defined below (``answered_quiz``,
``example_cue_sheets``).
Blocks that are not meant to run (shell commands, printed output, CSV
text) use ```bash or ```text fences, and this test leaves them alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "lessons").glob("*.md"))]
#: Pages whose examples take more than a few seconds (they make a class of answers files).
SLOW = {"README.md", "class-results.md"}
#: Pages whose examples are known not to run yet, with the reason; each is
#: reported as an expected failure until it is fixed (then it simply passes).
KNOWN: dict[str, str] = {}

FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[\w+-]*)[ \t]*$")
SETUP = re.compile(r"<!--\s*setup:(?P<code>.*?)-->", re.S)


def blocks(text: str) -> list[tuple[int, str, str]]:
    """(line, setup code, block code) of every ```python block, in order."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, info, start = m["indent"], m["info"], i
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        if info == "python":
            before = "\n".join(lines[max(0, start - 12):start]).rstrip()
            setup = SETUP.findall(before[before.rfind("\n\n") + 1:]) if before.endswith("-->") else []
            found.append((start + 1, "\n".join(s.strip() for s in setup), "\n".join(body)))
    return found


def answered_quiz(student: str, n: int = 2) -> Path:
    """An answers file in which ``student`` has answered ``n`` cues of lesson 1's quiz."""
    import kit
    from kit.grading import expected_answer
    from kit.quiz_session import QuizSession

    session = QuizSession(kit.load_cues(), level=1, n=n, seed=1, student=student)
    for _ in range(session.n):
        session.answer(expected_answer(session.cue(), 1))
        session.go(1)
    return session.save_to


def example_cue_sheets(*names: str) -> None:
    """``<name>_cues.csv`` and ``<name>_works.csv`` in the current folder for each name:
    lesson 7's starter sheet (one real cue, and its work)."""
    import kit
    from kit import schema

    cues = kit.load_cues()
    example = cues[cues["music_title"] == "Running Up That Hill (A Deal with God)"][schema.columns("cues")]
    works = kit.load_works()
    for name in names:  # made as lesson 7 makes it (the lesson's own folder is not tracked)
        example.assign(cue_id="my-01").to_csv(f"{name}_cues.csv", index=False)
        works[works["work_id"].isin(example["work_id"])].to_csv(f"{name}_works.csv", index=False)


def test_the_parser_finds_blocks_setups_and_indented_fences():
    text = ("Intro\n\n<!-- setup: x = 1 -->\n\n```python\nprint(x)\n```\n\n```bash\nmake lab\n```\n\n"
            "1. A step:\n\n   ```python\n   y = 2\n   ```\n")
    found = blocks(text)
    assert [(s, c) for _, s, c in found] == [("x = 1", "print(x)"), ("", "y = 2")]


def test_every_page_with_examples_is_covered():
    assert any(blocks(p.read_text(encoding="utf-8")) for p in PAGES)
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert text.count("```python") == len(blocks(text)), f"{page.name}: a ```python fence was not parsed"


def _marks(page: Path):
    marks = [pytest.mark.slow] if page.name in SLOW else []
    if page.name in KNOWN:
        marks.append(pytest.mark.xfail(reason=KNOWN[page.name], strict=False))
    return pytest.param(page, marks=marks, id=page.relative_to(ROOT).as_posix())


@pytest.mark.parametrize("page", [_marks(p) for p in PAGES if blocks(p.read_text(encoding="utf-8"))])
def test_examples_run_as_written(page, tmp_path, monkeypatch, request):
    import os

    import kit.exercises

    # a page may register its own exercise (extend-the-kit.md does) or set an environment
    # variable (KIT_HAND_IN_DIR): keep both out of the other tests and the notebooks run later
    monkeypatch.setattr(kit.exercises, "EXERCISES", dict(kit.exercises.EXERCISES))
    before = dict(os.environ)
    request.addfinalizer(lambda: (os.environ.clear(), os.environ.update(before)))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KIT_ANSWERS_DIR", str(tmp_path / "answers"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("KIT_HAND_IN_DIR", raising=False)
    namespace = {"__name__": "__docs__", "answered_quiz": answered_quiz,
                 "example_cue_sheets": example_cue_sheets}
    try:
        for line, setup, code in blocks(page.read_text(encoding="utf-8")):
            for what, source in (("setup comment", setup), ("example", code)):
                if not source:
                    continue
                try:
                    exec(compile(source, f"{page.name}, line {line}", "exec"), namespace)
                except Exception as err:  # the failing example, named by page and line
                    pytest.fail(f"{page.name}, the {what} of the block at line {line} fails: "
                                f"{type(err).__name__}: {err}\n{source}")
    finally:
        plt.close("all")


def test_the_validation_messages_shown_in_extend_the_kit_are_the_real_ones(tmp_path, monkeypatch):
    """The page prints six messages for its broken example file: they are what the kit says."""
    import kit

    monkeypatch.chdir(tmp_path)
    page = (ROOT / "lessons" / "extend-the-kit.md").read_text(encoding="utf-8")
    namespace = {}
    for _, setup, code in blocks(page):
        exec(setup, namespace)
        exec(code, namespace)
        if "bad_cues.csv" in code:
            break
    with pytest.raises(kit.CueDataError) as err:
        kit.load_cues("bad_cues.csv", works="my_works.csv")
    shown = page[page.index("6 problems found"):]
    assert str(err.value).strip() == shown[:shown.index("```")].strip()
