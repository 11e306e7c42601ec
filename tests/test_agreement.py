"""Agreement figures: the kappa formula and the datasheet's table."""

import re
from pathlib import Path

import pandas as pd
import pytest

from kit.agreement import cohens_kappa, percent_agreement

ROOT = Path(__file__).resolve().parent.parent


def test_kappa_textbook_example():
    # 50 items: both yes 20, both no 15, a-yes/b-no 5, a-no/b-yes 10 -> po 0.7, pe 0.5, kappa 0.4
    a = ["y"] * 20 + ["n"] * 15 + ["y"] * 5 + ["n"] * 10
    b = ["y"] * 20 + ["n"] * 15 + ["n"] * 5 + ["y"] * 10
    assert percent_agreement(a, b) == pytest.approx(0.7)
    assert cohens_kappa(a, b) == pytest.approx(0.4)


def test_kappa_edges():
    assert cohens_kappa(["x", "x"], ["x", "x"]) == 1.0
    assert cohens_kappa(["a", "b"], ["b", "a"]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        percent_agreement([], [])


def test_datasheet_reports_the_second_coding_figures():
    sc = pd.read_csv(ROOT / "data" / "second-coding.csv")
    cues = pd.read_csv(ROOT / "data" / "cues.csv")
    assert set(sc["cue_id"]) <= set(cues["cue_id"])
    assert len(sc) >= 0.2 * len(cues) * 0.95  # a fifth of the cues (a few later removed)
    text = (ROOT / "data" / "DATASHEET.md").read_text(encoding="utf-8")
    # the first release's sample was coded in two batches (A, B); the world cues added later are W
    samples = sc["batch"].map({"A": "first release", "B": "first release", "W": "world cues"})
    assert samples.notna().all()
    for batch, part in sc.groupby(samples):
        for axis in ("provenance", "form", "diegesis"):
            a, b = list(part[f"{axis}_first"]), list(part[f"{axis}_second"])
            pct, kappa = 100 * percent_agreement(a, b), cohens_kappa(a, b)
            row = re.search(rf"\|\s*{batch}\s*\|\s*{axis}\s*\|\s*(\d+)\s*\|\s*([\d.]+)%\s*\|\s*(-?[\d.]+)\s*\|"
                            rf"\s*(\d+)\s*\|", text)
            assert row, (batch, axis)
            assert int(row.group(1)) == len(part)
            assert float(row.group(2)) == pytest.approx(pct, abs=0.05)
            assert float(row.group(3)) == pytest.approx(kappa, abs=0.005)
            assert int(row.group(4)) == sum(x != y for x, y in zip(a, b))
    # the resolved values are the ones in the dataset
    merged = sc.merge(cues, on="cue_id")
    for axis in ("provenance", "form", "diegesis"):
        assert (merged[f"{axis}_resolved"] == merged[axis]).all(), axis
