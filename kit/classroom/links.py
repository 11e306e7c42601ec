"""The one link a teacher sends to start a class on JupyterHub (nbgitpuller).

Clicking it logs the student in, clones (or updates) the repository in their
home folder with nbgitpuller, then opens ``kit/lesson/<n>/<folder>``, a page
of the kit's Jupyter server extension (``kit.classroom.server``) that makes
the student's own copy of the lesson in ``<folder>/my-work/`` and opens it.
Built the way nbgitpuller's own link generator builds it. Guide:
lessons/deploying-for-a-class.md.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit

from kit.errors import KitInputError

_LESSON = re.compile(r"^(\d{1,2}|\d\d-[\w.-]+\.ipynb)$")


def repo_folder(repo: str) -> str:
    """The folder a repository is cloned into: its last path part, without ``.git``."""
    name = repo.rstrip("/").split("/")[-1]
    return name[:-4] if name.endswith(".git") else name


def lesson_urlpath(lesson=1, folder: str = "", app: str = "lab") -> str:
    """The server path (relative to the student's server) that opens a lesson's working copy."""
    lesson = str(lesson)
    if not _LESSON.match(lesson):
        raise KitInputError(f"lesson must be a lesson number such as 1, or a lesson file name such as "
                            f"'01-score-or-soundtrack.ipynb', not {lesson!r}")
    if app not in ("lab", "notebook"):
        raise KitInputError(f"app must be 'lab' (JupyterLab) or 'notebook' (Jupyter Notebook), not {app!r}")
    path = f"kit/lesson/{quote(lesson)}/{quote(folder.strip('/'))}"
    return path if app == "lab" else path + "?app=notebook"


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", lesson=1, app: str = "lab",
                     folder: str | None = None) -> str:
    """The nbgitpuller link that pulls the kit into each student's home and opens a lesson.

    ``hub`` is the hub's address (``https://hub.example.edu``), ``repo`` the
    repository (``https://github.com/ORG/REPO``), ``branch`` the branch
    students get (the kit's ``student`` branch keeps teachers' files out of
    their copy: ``python -m kit student-branch``), ``lesson`` a lesson number
    or file name, ``folder`` the folder in each home (default: the
    repository's name). The hub must have the kit installed with its server
    extension enabled (see the guide). ``python -m kit link`` prints it.
    """
    parts = urlsplit(hub.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KitInputError(f"hub must be the hub's web address, such as https://hub.example.edu, not {hub!r}")
    if not repo.strip() or "://" not in repo and not repo.startswith("git@"):
        raise KitInputError(f"repo must be the repository's address, such as "
                            f"https://github.com/ORG/REPO, not {repo!r}")
    repo = repo.strip()
    folder = folder or repo_folder(repo)
    params = {"repo": repo, "urlpath": lesson_urlpath(lesson, folder, app), "branch": branch}
    if folder != repo.rstrip("/").split("/")[-1]:  # nbgitpuller's own default folder name
        params["targetpath"] = folder
    base = hub.strip().rstrip("/") + "/hub/user-redirect/git-pull"
    return base + "?" + urlencode(params)
