"""Build the lesson website into build/site (`make site`), without the network.

Steps: copy the published pages into a staging folder laid out like the
repository (so the pages' own relative links keep working), run each student
lesson with nbclient so its charts and tables show (quiz answers go to a
temporary folder), put a "run this lesson" box at the top of each lesson, then
let Sphinx and myst-nb render the HTML.

Published: the student lessons (notebooks/NN-*.ipynb), the codebook, the
datasheet, the glossary and the extension guide; in their own section, the
teachers' course overview, lesson guides, class-results guide and deployment
guide. Never published: the answer keys and the master notebooks with
solutions. A link to a repository file that is not published becomes a link
to that file in the repository.

    python docs/build.py [--out build/site] [--no-execute]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LESSON_GLOB = "[0-9][0-9]-*.ipynb"

STUDENT_PAGES = ["data/CODEBOOK.md", "data/DATASHEET.md", "lessons/glossary.md", "lessons/extend-the-kit.md"]
TEACHER_PAGES = ["lessons/course-overview.md", "lessons/guide-*.md", "lessons/class-results.md",
                 "lessons/deploying-for-a-class.md"]
NEVER = ["lessons/answer-keys.md", "lessons/masters/*"]  # checked after the lists are expanded
WIDGET = "application/vnd.jupyter.widget-view+json"


def project_info(pyproject: Path = ROOT / "pyproject.toml") -> dict:
    """The version and repository address from pyproject.toml (tomllib, or a plain read on Python 3.10)."""
    text = pyproject.read_text(encoding="utf-8")
    try:
        import tomllib
        project = tomllib.loads(text)["project"]
        version, urls = project["version"], project.get("urls", {})
        repo = urls.get("Repository") or urls.get("Homepage") or ""
    except ImportError:  # Python 3.10
        version = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M).group(1)
        found = re.search(r'^(?:Repository|Homepage)\s*=\s*"([^"]+)"', text, re.M)
        repo = found.group(1) if found else ""
    return {"version": version, "repo": repo.rstrip("/")}


def binder_url(repo: str, notebook: str, ref: str = "HEAD") -> str:
    """The mybinder.org address that builds ``repo`` and opens ``notebook`` (a repository path) in JupyterLab."""
    match = re.match(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?$", repo)
    if not match:
        raise SystemExit(f"pyproject.toml's project.urls should give the GitHub repository address "
                         f"(https://github.com/ORG/REPO) for the Binder links; found {repo!r}")
    org, name = match.groups()
    return f"https://mybinder.org/v2/gh/{org}/{name}/{ref}?urlpath=" + quote(f"lab/tree/{notebook}", safe="")


def published_files() -> dict[str, str]:
    """Repository path -> section ('student' or 'teacher') of every page the site publishes."""
    pages = {p.relative_to(ROOT).as_posix(): "lesson" for p in sorted((ROOT / "notebooks").glob(LESSON_GLOB))}
    for section, patterns in (("student", STUDENT_PAGES), ("teacher", TEACHER_PAGES)):
        for pattern in patterns:
            for path in sorted(ROOT.glob(pattern)):
                pages[path.relative_to(ROOT).as_posix()] = section
    for rel in pages:
        if any(Path(rel).match(never) for never in NEVER):
            raise SystemExit(f"{rel} holds answers and must not be published")
    return pages


_LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)(\))")
_REFDEF = re.compile(r"^(\s*\[[^\]]+\]:\s*)(\S+)", re.M)


def rewrite_links(text: str, rel: str, published: dict[str, str], repo: str) -> str:
    """Keep links to published pages; point links to other repository files at the repository."""
    here = Path(rel).parent

    def target(url: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith(("#", "/", "<")):
            return url
        path, _, anchor = url.partition("#")
        resolved = os.path.normpath(here / path).replace(os.sep, "/")
        if resolved in published or resolved.startswith("../") or not (ROOT / resolved).exists():
            return url  # a page of the site, or a broken link that Sphinx reports
        kind = "tree" if (ROOT / resolved).is_dir() else "blob"
        return f"{repo}/{kind}/HEAD/{resolved}" + (f"#{anchor}" if anchor else "")

    text = _LINK.sub(lambda m: m.group(1) + target(m.group(2)) + m.group(3), text)
    return _REFDEF.sub(lambda m: m.group(1) + target(m.group(2)), text)


def run_box(rel: str, repo: str) -> str:
    """The note at the top of each lesson page: where to run it."""
    depth = "../" * rel.count("/")
    return (
        "```{admonition} Run this lesson\n"
        ":class: kit-run\n\n"
        "This page shows the lesson as it looks after running, without the quizzes and "
        "checks, which need a live notebook. To work through it:\n\n"
        f"- **In your browser, nothing to install:** [open this lesson on Binder]({binder_url(repo, rel)}). "
        "A Binder session is temporary: before you close it, download your answers file (the quiz's "
        "summary names it; right-click it in the file browser, *Download*).\n"
        f"- **In your class:** your teacher's class link opens your own copy on the school's JupyterHub "
        f"(see [Deploying for a class]({depth}lessons/deploying-for-a-class.md)).\n"
        f"- **On your own computer:** `make lab` in a copy of the [repository]({repo}) "
        f"(see [Start here]({depth}index.md#start-here)).\n"
        "```\n"
    )


def widget_note(rel: str, repo: str) -> dict:
    """What a page shows where a live notebook would show a quiz or a button."""
    url = binder_url(repo, rel)
    html = (f"<p class='kit-live-only'><em>A quiz or button appears here when the lesson runs in Jupyter: "
            f"<a href='{url}'>run this lesson on Binder</a>.</em></p>")
    import nbformat

    return nbformat.v4.new_output("display_data", data={
        "text/html": html, "text/plain": "(A quiz or button appears here when the lesson runs in Jupyter.)"})


def run_notebook(path: Path, timeout: int = 600):
    """Run one staged lesson in its own folder with this Python, as a student would; return the notebook."""
    import nbformat
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    class _ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                              display_name="Python 3", language="python")

    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=_ThisPython())
    try:
        NotebookClient(nb, km=km, timeout=timeout, resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return nb


def scrub(value, replacements: dict[str, str]):
    """``value`` (an output's text, list or dict) with this machine's folders replaced by what a student would see."""
    if isinstance(value, str):
        for old, new in replacements.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [scrub(v, replacements) for v in value]
    if isinstance(value, dict):
        return type(value)((k, scrub(v, replacements)) for k, v in value.items())
    return value


def stage_lesson(src: Path, dest: Path, rel: str, published: dict, repo: str, execute: bool) -> float:
    """Copy one lesson into the staging folder, run it, and add the run box; return seconds taken."""
    import nbformat

    nb = nbformat.read(src, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source, rel, published, repo)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(run_box(rel, repo), id="kit-site-run-box"))
    nbformat.write(nb, dest)
    start = time.perf_counter()
    if execute:
        nb = run_notebook(dest)
        # Where the lesson ran and where answers went are this machine's folders: show the
        # names a student sees instead (cue_sheets next to the lesson, answers/ by default).
        here = {str(dest.parent) + os.sep: "", os.environ["KIT_ANSWERS_DIR"].rstrip(os.sep): "answers"}
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [widget_note(rel, repo) if WIDGET in out.get("data", {}) else scrub(out, here)
                                for out in cell.outputs]
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, dest)
    return time.perf_counter() - start


def stage(staging: Path, execute: bool = True) -> dict:
    """Fill ``staging`` with every published page; return timings and the page list."""
    info = project_info()
    published = published_files()
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(DOCS, staging, ignore=shutil.ignore_patterns("build.py", "conf.py", "__pycache__"))
    # Lesson 7 makes its cue sheets next to the notebook when it runs, so the staged copy starts
    # fresh: nothing of a local notebooks/cue_sheets folder (untracked, perhaps edited) is published.
    seconds = {}
    for rel, section in published.items():
        dest = staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if section == "lesson":
            seconds[rel] = stage_lesson(ROOT / rel, dest, rel, published, info["repo"], execute)
        else:
            text = (ROOT / rel).read_text(encoding="utf-8")
            dest.write_text(rewrite_links(text, rel, published, info["repo"]), encoding="utf-8")
    return {"published": published, "seconds": seconds, **info}


def build(out: Path, execute: bool = True, quiet: bool = True) -> dict:
    """Stage the pages and build the HTML site into ``out``; raise SystemExit when Sphinx reports a problem."""
    from sphinx.cmd.build import build_main

    work = out.parent / (out.name + "-src")
    answers = tempfile.mkdtemp(prefix="kit-site-answers-")
    saved = {k: os.environ.get(k) for k in ("KIT_ANSWERS_DIR", "MPLBACKEND", "KIT_SITE_VERSION")}
    os.environ["KIT_ANSWERS_DIR"] = answers  # quiz answers written while the lessons run
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # charts as pictures on the page
    try:
        start = time.perf_counter()
        report = stage(work / "src", execute=execute)
        os.environ["KIT_SITE_VERSION"] = report["version"]
        if out.exists():
            shutil.rmtree(out)
        args = ["-b", "html", "-W", "--keep-going", "-c", str(DOCS), "-d", str(work / "doctrees"),
                str(work / "src"), str(out)]
        code = build_main((["-q"] if quiet else []) + args)
        if code:
            raise SystemExit(f"Sphinx reported problems (above); the site in {out} is incomplete")
        report["total_seconds"] = time.perf_counter() - start
        return report
    finally:
        shutil.rmtree(answers, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "site"), help="folder for the HTML (default build/site)")
    parser.add_argument("--no-execute", action="store_true", help="do not run the lessons (pages without outputs)")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    report = build(out, execute=not args.no_execute, quiet=not args.verbose)
    for rel, seconds in report["seconds"].items():
        print(f"{seconds:6.1f} s  ran {rel}")
    print(f"Built {len(report['published'])} pages in {report['total_seconds']:.0f} s. "
          f"Open {out / 'index.html'} in a browser.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
