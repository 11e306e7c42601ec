"""Jupyter server extension: open a student's own copy of a lesson from a link.

The class link (``kit.nbgitpuller_link``) lets nbgitpuller clone or update
the kit in the student's home, then sends the browser to
``kit/lesson/<n>/<folder>`` on the student's server. This page runs
``kit.workspace`` for ``<folder>`` (copies any lesson the student does not
have yet into ``<folder>/my-work/``, never overwriting one) and redirects to
the copy of lesson ``<n>`` in JupyterLab. No command, no tracked file edited.

Enable it in the Python environment where the hub's users run Jupyter (once,
by the administrator; repo2docker's ``postBuild`` does it for images)::

    python -m kit enable-class-links

(``jupyter server extension enable`` only switches on extensions that
already have a configuration file, so the kit writes that file itself.)

Guide: lessons/deploying-for-a-class.md.
"""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path
from urllib.parse import quote

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from kit.classroom.workspace import WORK, lesson_path, update_workspace
from kit.errors import KitInputError


NAME = "kit.classroom.server"


def enable(prefix=None) -> Path:
    """Switch the extension on for every Jupyter server run from ``prefix``
    (default: this Python environment, ``sys.prefix``); return the file written.

    Writes ``etc/jupyter/jupyter_server_config.d/kit.classroom.server.json``
    there, the file Jupyter reads for extensions installed in an environment.
    """
    folder = Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{NAME}.json"
    tmp = folder / f".{NAME}.json.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {NAME: True}}}, indent=2) + "\n",
                   encoding="utf-8")
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return target


def _jupyter_server_extension_points():
    return [{"module": NAME}]


class LessonHandler(JupyterHandler):
    """GET ``kit/lesson/<n>/<folder>``: make the working copies, open lesson ``n``."""

    @web.authenticated
    def get(self, lesson: str, folder: str):
        root = Path(os.path.expanduser(self.settings["server_root_dir"])).resolve()
        repo = (root / folder).resolve()
        if repo != root and root not in repo.parents:
            raise web.HTTPError(404, "That folder is outside your files.")
        try:
            work = update_workspace(repo)["folder"]
            copy = lesson_path(work, lesson)
        except (KitInputError, OSError) as err:
            self.set_status(404)
            self.finish(f"<!doctype html><title>Lesson not found</title><p>{html.escape(str(err))}</p>"
                        "<p>Follow your teacher's link again; if this page comes back, tell your teacher.</p>")
            return
        rel = copy.relative_to(root).as_posix()
        app = "tree" if self.get_argument("app", "lab") == "notebook" else "lab/tree"
        if app == "tree" and rel.endswith(".ipynb"):
            app = "notebooks"
        self.redirect(url_path_join(self.base_url, app, quote(rel)))


def _load_jupyter_server_extension(serverapp):
    pattern = url_path_join(serverapp.web_app.settings["base_url"], r"kit/lesson/([^/]+)/(.+)")
    serverapp.web_app.add_handlers(".*$", [(pattern, LessonHandler)])
    serverapp.log.info("kit: class links open students' copies in %s/", WORK)
