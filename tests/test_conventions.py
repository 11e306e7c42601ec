"""Contributor conventions and release metadata.

- The pre-commit checks (ruff over code and notebooks, nbstripout) pass on
  every tracked file: the test suite runs them, so CI runs the same checks
  a contributor's commit does.
- environment.yml, which Binder and repo2docker read, pins Python the way
  repo2docker understands and installs what pyproject.toml requires.
- One version everywhere, a changelog entry for it, both licences in the
  licence expression, and the README's Binder link, import-name note and
  contributor pointer.
- `make lab`'s first run says what it is installing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = None

import kit

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


def _pyproject() -> dict:
    if tomllib is None:
        pytest.skip("reading pyproject.toml needs Python 3.11's tomllib")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- pre-commit

def test_pre_commit_checks_pass_on_every_tracked_file():
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("pre-commit is not installed: it comes with the test extra (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit checks the files git tracks: this is not a git clone")
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                         cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, ("pre-commit found problems (run `.venv/bin/pre-commit run --all-files` "
                                 "to see them, CONTRIBUTING.md says how to fix them):\n"
                                 + run.stdout[-8000:] + run.stderr[-3000:])
    for hook in ("ruff", "nbstripout"):
        assert re.search(rf"^{hook} .*Passed$", run.stdout, re.M), run.stdout


def test_pre_commit_hooks_are_local_and_pinned_and_cover_the_lesson_notebooks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {}
    for repo in config["repos"]:
        assert repo["repo"] == "local", "hooks are installed from PyPI, never fetched from a git host"
        for hook in repo["hooks"]:
            hooks[hook["id"]] = hook
    assert set(hooks) >= {"ruff", "nbstripout"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert all("==" in dep for dep in hook["additional_dependencies"]), "pin each hook's version"
    assert "jupyter" in hooks["ruff"]["types_or"] and "python" in hooks["ruff"]["types_or"]
    assert "--verify" in hooks["nbstripout"]["entry"]
    pattern = re.compile(hooks["nbstripout"]["files"])
    for path in ["notebooks/01-score-or-soundtrack.ipynb", "lessons/masters/01-score-or-soundtrack.ipynb",
                 "lessons/masters/teacher-dashboard.ipynb"]:
        assert pattern.search(path), path


# ---------------------------------------------------------------- Binder / repo2docker

def test_environment_file_pins_python_as_repo2docker_reads_it_and_installs_the_kit():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    project = _pyproject()["project"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pins = [d for d in conda if re.match(r"^python\b", d)]
    assert len(pins) == 1, f"one python entry, found {pins}"
    # repo2docker takes the version only from an exact pin: python=3.12 (a range is ignored).
    match = re.fullmatch(r"python=(\d+\.\d+)", pins[0].replace(" ", ""))
    assert match, f"environment.yml should pin python=X.Y for repo2docker, not {pins[0]!r}"
    assert Version(match.group(1)) in SpecifierSet(project["requires-python"]), \
        f"python={match.group(1)} does not satisfy requires-python {project['requires-python']}"
    assert f"Programming Language :: Python :: {match.group(1)}" in project["classifiers"]

    # The pip section installs the kit itself (with its dependencies) from the repository.
    pip = [d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip and "pip" in conda, "a pip section, with pip itself among the conda packages"
    assert any(re.fullmatch(r"(-e\s+)?\.(\[[\w,-]+\])?", line.strip()) for line in pip[0]["pip"]), pip

    # A conda package that pyproject also requires asks for the same versions.
    required = {Requirement(r).name.lower(): Requirement(r) for r in project["dependencies"]}
    for entry in conda:
        name = re.split(r"[<>=!~ ]", entry, maxsplit=1)[0].lower()
        if name in required:
            assert SpecifierSet(entry[len(name):].strip()) == required[name].specifier, \
                f"environment.yml asks for {entry!r}, pyproject.toml for {required[name]}"
    missing = set(required) - {re.split(r"[<>=!~ ]", e, maxsplit=1)[0].lower() for e in conda}
    assert not missing or pip, f"{missing} come only through the pip section"


def test_repo2docker_post_build_enables_class_links():
    assert "python -m kit enable-class-links" in (ROOT / "postBuild").read_text(encoding="utf-8")
    assert os.access(ROOT / "postBuild", os.X_OK)


def test_readme_has_a_binder_link_near_the_top_for_this_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    repo = _pyproject()["project"]["urls"]["Homepage"].rstrip("/")
    org_name = urlsplit(repo).path.strip("/")
    top = "\n".join(readme.splitlines()[:15])
    links = re.findall(r"\((https://mybinder\.org/v2/gh/[^)\s]+)\)", top)
    assert links, "README should carry a Binder badge or link in its first lines"
    url = urlsplit(links[0])
    assert url.path.startswith(f"/v2/gh/{org_name}/")
    opened = parse_qs(url.query).get("urlpath", [""])[0]
    assert opened.startswith("lab/tree/") and (ROOT / opened[len("lab/tree/"):]).is_file(), opened


# ---------------------------------------------------------------- release metadata

def test_one_version_everywhere_with_a_changelog_entry():
    version = _pyproject()["project"]["version"]
    assert kit.__version__ == version
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(version)}$", cff, re.M)
    assert json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"] == version
    assert re.search(rf"^## {re.escape(version)} \(\d{{4}}-\d\d-\d\d\)$",
                     (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)


def test_licence_expression_covers_code_and_content_and_classifiers_match():
    project = _pyproject()["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert set(project["license-files"]) >= {"LICENSE", "LICENSE-CONTENT.md"}
    assert re.search(r"CC[ -]BY[ -]4\.0", (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8"))
    classifiers = project["classifiers"]
    assert "Framework :: Jupyter :: JupyterLab" in classifiers
    versions = [c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions, "classifiers name the Python versions"
    spec = SpecifierSet(project["requires-python"])
    assert all(Version(v) in spec for v in versions)
    assert any(Version(v) == Version(spec_v.version) for v in versions for spec_v in spec if spec_v.operator == ">=")
    try:
        import trove_classifiers
    except ImportError:
        return
    assert [c for c in classifiers if c not in trove_classifiers.classifiers] == []


def test_conventions_files_say_how_to_contribute():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for words in ("Add a cue", "source", "Add a lesson", "Add a chart", "make test", "pre-commit"):
        assert words in contributing, words
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CONTRIBUTING.md" in readme
    # The import name is generic: the README says how to check which `kit` Python imports.
    assert "kit.__file__" in readme


# ---------------------------------------------------------------- make lab's first run

def test_make_lab_first_run_says_what_it_installs(tmp_path):
    if not shutil.which("make"):
        if IN_CI:
            pytest.fail("make is needed (README's commands use it)")
        pytest.skip("make is not installed")
    # A dry run against a venv that does not exist yet: the commands the first run would execute.
    run = subprocess.run(["make", "--no-print-directory", "-n", "lab", f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    installs = [line for line in lines if "pip install" in line and "-e" in line]
    assert installs and "--quiet" not in installs[0] and " -q" not in installs[0], \
        "the long install lists each package as it goes"
    before = lines[:lines.index(installs[0])]
    assert any(line.startswith("echo") and "first run" in line for line in before)
    assert any(line.startswith("echo") and "Installing" in line for line in before)
    assert lines[-1].rstrip().endswith("-m kit lab"), lines[-1]  # then the lab starts, as before
