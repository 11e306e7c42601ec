"""Sphinx settings for the lesson website (built by docs/build.py; `make site`).

The build reads pages from a staging folder that docs/build.py fills with the
published files (the student lessons, already run so their charts show, the
codebook, datasheet, glossary, extension guide and the teachers' guides).
Nothing here reaches the network: no intersphinx, no remote scripts or fonts.
"""

from __future__ import annotations

import os

project = "Music in Storytelling"
author = "Music in Storytelling kit contributors"
copyright = "Music in Storytelling kit contributors. Code MIT; lessons and data CC BY 4.0"
release = version = os.environ.get("KIT_SITE_VERSION", "")

extensions = ["myst_nb"]

# docs/build.py runs the lessons itself (it keeps quiz answers in a temporary
# folder and replaces live widgets with a note), so myst-nb only renders.
nb_execution_mode = "off"
# Widgets need JavaScript from a CDN: none is loaded; build.py leaves a note instead.
nb_ipywidgets_js = {}
nb_merge_streams = True

myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["**/cue_sheets/**", "**/answers/**", "**/.ipynb_checkpoints/**"]

root_doc = "index"
language = "en"
html_theme = "alabaster"
html_title = "Music in Storytelling"
html_static_path = ["_static"]
html_css_files = ["kit.css"]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "description": "A Jupyter teaching kit on score, soundtrack and what lies between",
    "fixed_sidebar": False,
    "show_relbars": True,
}
html_sidebars = {"**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]}
