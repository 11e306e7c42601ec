"""Shared fixtures: small, real cue tables written to temporary folders."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

WORK_COLS = ["work_id", "title", "medium", "year", "genre", "country", "composer",
             "music_supervisor", "wikidata"]
CUE_COLS = ["cue_id", "work_id", "year", "season", "episode", "scene", "music_title", "artist",
            "music_year", "provenance", "form", "diegesis", "placement", "source",
            "confidence", "notes"]

WORKS = [
    {"work_id": "breakfast-club-1985", "title": "The Breakfast Club", "medium": "film",
     "year": "1985", "genre": "teen", "country": "US", "composer": "Keith Forsey"},
    {"work_id": "stranger-things-2016", "title": "Stranger Things", "medium": "tv",
     "year": "2016", "genre": "science fiction", "country": "US",
     "composer": "Kyle Dixon and Michael Stein"},
    {"work_id": "2001-a-space-odyssey-1968", "title": "2001: A Space Odyssey", "medium": "film",
     "year": "1968", "genre": "science fiction", "country": "GB"},
]

CUES = [
    {"cue_id": "breakfast-club-1985-01", "work_id": "breakfast-club-1985", "year": "1985",
     "scene": "Over the opening credits before the students arrive for Saturday detention.",
     "music_title": "Don't You (Forget About Me)", "artist": "Simple Minds", "music_year": "1985",
     "provenance": "original", "form": "song", "diegesis": "non-diegetic", "placement": "opening",
     "source": "https://en.wikipedia.org/wiki/Don%27t_You_(Forget_About_Me)", "confidence": "high",
     "notes": "Written for the film by Keith Forsey and Steve Schiff."},
    {"cue_id": "stranger-things-2016-01", "work_id": "stranger-things-2016", "year": "2022",
     "season": "4", "episode": "4",
     "scene": "Max's friends play her favourite song through her headphones to pull her away from Vecna.",
     "music_title": "Running Up That Hill (A Deal with God)", "artist": "Kate Bush",
     "music_year": "1985", "provenance": "pre-existing", "form": "song", "diegesis": "diegetic",
     "placement": "climax",
     "source": "https://en.wikipedia.org/wiki/Running_Up_That_Hill", "confidence": "high"},
    {"cue_id": "2001-a-space-odyssey-1968-01", "work_id": "2001-a-space-odyssey-1968",
     "year": "1968", "scene": "The sun rises over the Earth and Moon as the opening titles appear.",
     "music_title": "Also sprach Zarathustra", "artist": "Richard Strauss", "music_year": "1896",
     "provenance": "pre-existing", "form": "instrumental", "diegesis": "non-diegetic",
     "placement": "opening",
     "source": "https://en.wikipedia.org/wiki/2001:_A_Space_Odyssey_(score)", "confidence": "high"},
]


def write_csv(path: Path, columns, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in columns})
    return path


@pytest.fixture
def tables(tmp_path):
    """Write a valid works/cues pair; return a function to write variants."""

    def make(cues=None, works=None, cue_cols=None, work_cols=None):
        w = write_csv(tmp_path / "works.csv", work_cols or WORK_COLS, works if works is not None else WORKS)
        c = write_csv(tmp_path / "cues.csv", cue_cols or CUE_COLS, cues if cues is not None else CUES)
        return c, w

    return make
