"""The class link: nbgitpuller's URL format, exactly, and the folder it opens."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

import kit
from kit.classroom.links import lesson_urlpath, repo_folder
from kit.errors import KitInputError

EXAMPLE = ("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2FORG%2FREPO"
           "&urlpath=kit%2Flesson%2F1%2FREPO&branch=main")


def test_the_documented_example_exactly():
    assert kit.nbgitpuller_link("https://hub.example.edu", "https://github.com/ORG/REPO") == EXAMPLE


def test_command_line_prints_the_same_link():
    run = subprocess.run([sys.executable, "-m", "kit", "link", "--hub", "https://hub.example.edu", "--repo",
                          "https://github.com/ORG/REPO", "--branch", "main", "--lesson", "1"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == EXAMPLE


def _nbgitpuller_reads(link: str) -> dict:
    """What nbgitpuller's git-pull page takes from a link (its handler's own defaults)."""
    parts = urlsplit(link)
    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
    repo = q["repo"]
    return {"path": parts.path, "repo": repo, "branch": q.get("branch"), "urlpath": q.get("urlpath"),
            "targetpath": q.get("targetpath") or repo.rstrip("/").split("/")[-1]}


@pytest.mark.parametrize("repo, folder", [
    ("https://github.com/ORG/REPO", "REPO"),
    ("https://github.com/ORG/REPO/", "REPO"),
    ("https://github.com/ORG/music-kit.git", "music-kit"),
    ("https://gitlab.example.org/group/sub/kit", "kit"),
])
def test_the_lesson_opened_is_in_the_folder_nbgitpuller_clones_into(repo, folder):
    link = kit.nbgitpuller_link("https://hub.example.edu/", repo, branch="student", lesson=3)
    got = _nbgitpuller_reads(link)
    assert got["path"] == "/hub/user-redirect/git-pull"
    assert got["repo"] == repo and got["branch"] == "student"
    assert got["targetpath"] == folder == repo_folder(repo)
    assert got["urlpath"] == f"kit/lesson/3/{folder}"


def test_hub_under_a_path_and_odd_characters_are_encoded():
    link = kit.nbgitpuller_link("https://school.example.edu/jupyter", "https://github.com/ORG/REPO",
                                branch="week 2&3", lesson="02-beyond-the-binary.ipynb", folder="music kit")
    assert link.startswith("https://school.example.edu/jupyter/hub/user-redirect/git-pull?")
    assert " " not in link and link.count("&") == 3  # repo, urlpath, branch, targetpath: & only between them
    got = _nbgitpuller_reads(link)
    assert got["branch"] == "week 2&3" and got["targetpath"] == "music kit"
    assert got["urlpath"] == "kit/lesson/02-beyond-the-binary.ipynb/music%20kit"


def test_classic_notebook_interface():
    assert lesson_urlpath(2, "REPO", app="notebook") == "kit/lesson/2/REPO?app=notebook"


@pytest.mark.parametrize("kwargs, message", [
    ({"hub": "hub.example.edu"}, "hub must be the hub's web address"),
    ({"repo": "ORG/REPO"}, "repo must be the repository's address"),
    ({"lesson": "../../etc"}, "lesson must be a lesson number"),
    ({"app": "rstudio"}, "app must be 'lab'"),
])
def test_mistakes_get_plain_messages(kwargs, message):
    args = {"hub": "https://hub.example.edu", "repo": "https://github.com/ORG/REPO", **kwargs}
    with pytest.raises(KitInputError, match=message):
        kit.nbgitpuller_link(**args)


def test_command_line_mistake_is_one_line_not_a_traceback():
    run = subprocess.run([sys.executable, "-m", "kit", "link", "--hub", "hub.example.edu", "--repo",
                          "https://github.com/ORG/REPO"], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "hub must be the hub's web address" in run.stderr
