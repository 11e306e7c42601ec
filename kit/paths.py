"""Where the bundled data lives, in a clone, an editable install or a wheel."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Folder holding works.csv, cues.csv and datapackage.json.

    A built wheel carries the files inside the package (``kit/_data``); a
    clone or an editable install reads them from the repository's ``data/``.
    """
    bundled = _HERE / "_data"
    if (bundled / "datapackage.json").is_file():
        return bundled
    return _HERE.parent / "data"
