"""Jupyter server extension: open a student's own copy of a lesson from a link.

The class link (``kit.nbgitpuller_link``) lets nbgitpuller clone or update
the kit in the student's home, then sends the browser to
``kit/lesson/<n>/<folder>`` on the student's server. This page runs
``kit.workspace`` for ``<folder>`` (copies any lesson the student does not
have yet into ``<folder>/my-work/``, never overwriting one) and redirects to
the copy of lesson ``<n>`` in JupyterLab. No command, no tracked file edited.

Enable it where the hub's users run Jupyter (once, by the administrator)::

    jupyter server extension enable --sys-prefix kit.classroom.server

Guide: lessons/deploying-for-a-class.md.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import quote

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from kit.classroom.workspace import WORK, lesson_path, update_workspace
from kit.errors import KitInputError


def _jupyter_server_extension_points():
    return [{"module": "kit.classroom.server"}]


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
