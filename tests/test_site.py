"""The lesson website (docs/build.py, `make site`): built offline, every internal link resolves.

The slow tests build the whole site once, with the network cut off where the
machine allows it (a new network namespace, as root), then read the HTML as
a browser would: every relative href and src must name a file of the site
and every #anchor an id on that page; no page loads anything from another
server; each lesson page links to Binder and to the class-link guide; the
answer keys and solutions are nowhere in it.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
# docs/build.py, loaded by path: the name "build" is also the packaging tool's.
_spec = importlib.util.spec_from_file_location("kit_site_build", ROOT / "docs" / "build.py")
site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(site)

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
IN_CI = os.environ.get("CI", "").lower() == "true"
ASSET_TAGS = {"img", "script", "link", "iframe", "source", "audio", "video", "embed", "object"}


# ---------------------------------------------------------------- link checker

class _Page(HTMLParser):
    """The ids a page defines and the (tag, attribute, url) of every reference it makes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src", "data"):
                self.refs.append((tag, name, value))


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site_dir: Path) -> list[str]:
    """Every relative link or asset in ``site_dir``'s HTML that names no file, or an anchor no page defines."""
    site_dir = site_dir.resolve()
    pages = {p.resolve(): read_page(p) for p in site_dir.rglob("*.html")}
    problems = []
    for path, page in pages.items():
        for tag, attr, url in page.refs:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # another server (checked by test_pages_load_nothing_from_other_servers) or data:
            where = f"{path.relative_to(site_dir)}: <{tag} {attr}={url!r}>"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if site_dir not in target.parents:
                problems.append(f"{where} leaves the site")
            elif not target.is_file():
                problems.append(f"{where} names a missing file")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read_page(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{where}: no id {parts.fragment!r} on that page")
    return problems


def test_link_checker_finds_a_missing_page_a_missing_anchor_and_a_missing_image(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<h1 id="top">Home</h1><a href="sub/page.html#here">ok</a><a href="#top">ok</a>'
        '<a href="sub/gone.html">gone</a><a href="sub/page.html#nowhere">no anchor</a>'
        '<img src="_images/chart.png"><a href="https://example.org/x.html">other server</a>'
        '<a href="../outside.html">outside</a><a href="sub/">folder</a>', encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text('<p id="here">x</p><a href="../index.html#top">back</a>',
                                                encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text("<p>folder page</p>", encoding="utf-8")
    problems = broken_links(tmp_path)
    assert len(problems) == 4, problems
    assert any("sub/gone.html" in p and "missing file" in p for p in problems)
    assert any("no id 'nowhere'" in p for p in problems)
    assert any("_images/chart.png" in p for p in problems)
    assert any("leaves the site" in p for p in problems)


# ---------------------------------------------------------------- fast checks of the build script

def test_binder_link_opens_the_lesson_from_the_repository_in_pyproject():
    info = site.project_info()
    url = site.binder_url(info["repo"], "notebooks/01-score-or-soundtrack.ipynb")
    org_name = urlsplit(info["repo"]).path.strip("/")
    assert url.startswith(f"https://mybinder.org/v2/gh/{org_name}/HEAD?")
    assert parse_qs(urlsplit(url).query)["urlpath"] == ["lab/tree/notebooks/01-score-or-soundtrack.ipynb"]
    with pytest.raises(SystemExit, match="GitHub repository address"):
        site.binder_url("https://example.org/somewhere", "notebooks/01-score-or-soundtrack.ipynb")


def test_published_pages_are_the_lessons_and_reference_for_students_and_the_guides_for_teachers():
    published = site.published_files()
    lessons = [p for p, s in published.items() if s == "lesson"]
    assert lessons == [f"notebooks/{p.name}" for p in LESSONS]
    student = {p for p, s in published.items() if s == "student"}
    assert student == {"data/CODEBOOK.md", "data/DATASHEET.md", "lessons/glossary.md", "lessons/extend-the-kit.md"}
    teacher = {p for p, s in published.items() if s == "teacher"}
    guides = {f"lessons/{p.name}" for p in (ROOT / "lessons").glob("guide-*.md")}
    assert guides and guides <= teacher
    assert {"lessons/course-overview.md", "lessons/class-results.md", "lessons/deploying-for-a-class.md"} <= teacher
    assert not any("answer-keys" in p or "masters" in p for p in published)


def test_links_to_unpublished_files_point_at_the_repository():
    published = {"lessons/glossary.md": "student", "data/CODEBOOK.md": "student"}
    repo = "https://github.com/ORG/REPO"
    text = ("See [the codebook](../data/CODEBOOK.md#provenance), [the keys](answer-keys.md), "
            "[a master](masters/01-score-or-soundtrack.ipynb), [the web](https://example.org) "
            "and [this part](#top).\n\n[ref]: answer-keys.md\n")
    out = site.rewrite_links(text, "lessons/glossary.md", published, repo)
    assert "(../data/CODEBOOK.md#provenance)" in out
    assert f"({repo}/blob/HEAD/lessons/answer-keys.md)" in out
    assert f"({repo}/blob/HEAD/lessons/masters/01-score-or-soundtrack.ipynb)" in out
    assert "(https://example.org)" in out and "(#top)" in out
    assert f"[ref]: {repo}/blob/HEAD/lessons/answer-keys.md" in out


# ---------------------------------------------------------------- the built site

def _offline_prefix() -> list[str]:
    """A command prefix that runs the build with no network but the loopback (the kernels use it), if the
    machine allows it: a new network namespace needs root. CI runs as root and must build offline."""
    if shutil.which("unshare") and shutil.which("ip"):
        probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]
    if IN_CI:
        pytest.fail("CI must build the site with the network cut off: `unshare --net` (util-linux) and `ip` "
                    "(iproute2) are needed, as root")
    return []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    prefix = _offline_prefix()
    start = time.perf_counter()
    run = subprocess.run(prefix + [sys.executable, str(ROOT / "docs" / "build.py"), "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=1800)
    seconds = time.perf_counter() - start
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    print(f"\nsite built {'offline' if prefix else 'with the network available'} in {seconds:.0f} s\n"
          + run.stdout)
    return {"out": out, "offline": bool(prefix), "stdout": run.stdout}


def _text(path: Path) -> str:
    """A page's visible text, tags removed, entities decoded, whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def _source_text(path: Path) -> str:
    """A published file's text as written: a notebook's cell sources, or a Markdown file."""
    if path.suffix == ".ipynb":
        return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    return path.read_text(encoding="utf-8")


def _page(built, rel: str) -> Path:
    return built["out"] / Path(rel).with_suffix(".html")


@pytest.mark.slow
def test_site_builds_and_every_internal_link_and_anchor_resolves(built):
    assert (built["out"] / "index.html").is_file()
    assert broken_links(built["out"]) == []


@pytest.mark.slow
def test_pages_load_nothing_from_other_servers(built):
    remote = []
    for path in built["out"].rglob("*.html"):
        for tag, attr, url in read_page(path).refs:
            if tag in ASSET_TAGS and (urlsplit(url).scheme in ("http", "https") or url.startswith("//")):
                remote.append(f"{path.name}: <{tag} {attr}={url}>")
    assert remote == []


@pytest.mark.slow
def test_each_lesson_page_has_its_outputs_and_links_to_binder_and_the_class_link_guide(built):
    repo = site.project_info()["repo"]
    org_name = urlsplit(repo).path.strip("/")
    for lesson in LESSONS:
        rel = f"notebooks/{lesson.name}"
        path = _page(built, rel)
        assert path.is_file(), f"no page for {rel}"
        refs = [url for tag, _, url in read_page(path).refs if tag == "a"]
        binder = [u for u in refs if u.startswith(f"https://mybinder.org/v2/gh/{org_name}/")]
        assert binder, f"{path.name} has no Binder link"
        assert all(parse_qs(urlsplit(u).query)["urlpath"] == [f"lab/tree/{rel}"] for u in binder)
        assert "../lessons/deploying-for-a-class.html" in refs, f"{path.name} does not link to the class-link guide"
        text = _text(path)
        assert "Run this lesson" in text
        # The lesson was run: its outputs show.
        assert 'class="cell_output' in path.read_text(encoding="utf-8"), f"{path.name} shows no outputs"
        code = " ".join(c.source for c in nbformat.read(lesson, as_version=4).cells if c.cell_type == "code")
        if re.search(r"\bplot_\w+\(", code):
            # a picture file of the site, or a PNG inside the page (kit charts carry their alt text that way)
            assert re.search(r'<img\b[^>]*\bsrc="(\.\./_images/|data:image/png)', path.read_text(encoding="utf-8")), \
                f"{path.name} draws charts but the page shows none"
        # No folder of the machine that built the site shows on a page.
        assert "site-src" not in text and "kit-site-answers" not in text


@pytest.mark.slow
def test_lesson_1_page_shows_the_data_it_loaded_and_a_note_where_the_quiz_would_be(built):
    text = _text(_page(built, "notebooks/01-score-or-soundtrack.ipynb"))
    import kit
    cues = kit.load_cues()
    assert f"{len(cues)} cues from {cues['work_id'].nunique()} films and series" in text
    assert "A quiz or button appears here when the lesson runs in Jupyter" in text
    assert "VBox(" not in text and "widget-view" not in text


@pytest.mark.slow
def test_sections_list_every_lesson_reference_page_and_teachers_guide(built):
    students = {url for tag, _, url in read_page(built["out"] / "students.html").refs if tag == "a"}
    for lesson in LESSONS:
        assert f"notebooks/{lesson.stem}.html" in students
    for rel in ("data/CODEBOOK.html", "data/DATASHEET.html", "lessons/glossary.html", "lessons/extend-the-kit.html"):
        assert rel in students
    teachers = {url for tag, _, url in read_page(built["out"] / "teachers.html").refs if tag == "a"}
    for guide in sorted((ROOT / "lessons").glob("guide-*.md")):
        assert f"lessons/{guide.stem}.html" in teachers
    for rel in ("lessons/course-overview.html", "lessons/class-results.html", "lessons/deploying-for-a-class.html"):
        assert rel in teachers
    assert not any("guide-" in u for u in students), "teachers' guides belong in their own section"


@pytest.mark.slow
def test_answer_keys_and_solutions_are_not_published(built):
    files = [p.relative_to(built["out"]).as_posix() for p in built["out"].rglob("*") if p.is_file()]
    assert not [f for f in files if "answer-keys" in f or "masters" in f or f.endswith(".ipynb")]
    site_text = " ".join(_text(p) for p in built["out"].rglob("*.html"))
    # Distinctive lines of the answer keys (ones no published page shares) appear on no page.
    published = " ".join(" ".join(_source_text(ROOT / rel).split()) for rel in site.published_files())
    keys = [" ".join(line.split()) for line in
            (ROOT / "lessons" / "answer-keys.md").read_text(encoding="utf-8").splitlines()]
    keys = [k for k in keys if len(k) > 60 and not k.startswith(("#", "|", "```")) and k not in published]
    assert keys, "the answer keys should have lines of their own to look for"
    leaked = [k for k in keys if k in site_text]
    assert leaked == []
    # The solution cells of the masters appear on no lesson page.
    solutions = []
    for master in sorted((ROOT / "lessons" / "masters").glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(master, as_version=4).cells:
            if "solution" in cell.metadata.get("tags", []) and cell.cell_type == "code":
                code = " ".join(cell.source.split())
                if len(code) > 25 and code not in published:
                    solutions.append(code)
    assert solutions, "the masters should have solution cells to look for"
    lesson_text = " ".join(_text(_page(built, f"notebooks/{p.name}")) for p in LESSONS)
    assert [s for s in solutions if s in lesson_text] == []


@pytest.mark.slow
def test_ci_builds_the_site_offline(built):
    if IN_CI:
        assert built["offline"], "under CI the site must be built with the network cut off"
    else:
        assert built["offline"] or os.geteuid() != 0
