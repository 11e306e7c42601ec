"""The kit installs cleanly and loads the same data from anywhere."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import schema

ROOT = Path(__file__).resolve().parent.parent


def run_py(code, cwd, env=None):
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True,
                          text=True, check=True).stdout


def test_import_is_light(tmp_path):
    out = run_py("import sys, kit; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))",
                 cwd=ROOT)
    assert out.strip() == "[]"


def test_lazy_names_resolve():
    for name in kit.__all__:
        assert getattr(kit, name) is not None, name


def test_loader_allowed_values_come_from_the_datapackage():
    dp = json.loads((ROOT / "data" / "datapackage.json").read_text())
    cues = next(r for r in dp["resources"] if r["name"] == "cues")
    enums = {f["name"]: f["constraints"]["enum"] for f in cues["schema"]["fields"]
             if "enum" in f.get("constraints", {})}
    df = kit.load_cues()
    for col, values in enums.items():
        assert list(df[col].cat.categories) == values
    assert list(df.columns[: len(cues["schema"]["fields"])]) == [f["name"] for f in cues["schema"]["fields"]]
    works = next(r for r in dp["resources"] if r["name"] == "works")
    assert [f.name for f in schema.fields("works")] == [f["name"] for f in works["schema"]["fields"]]


def test_data_files_match_the_datapackage_columns():
    for table in ("works", "cues"):
        header = (ROOT / "data" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == schema.columns(table)


@pytest.mark.slow
def test_wheel_carries_the_data_and_loads_it_identically(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist")],
                   cwd=ROOT, check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for f in ("works.csv", "cues.csv", "datapackage.json", "CODEBOOK.md", "DATASHEET.md"):
        assert f"kit/_data/{f}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target))
    out = run_py("import kit, sys; d = kit.load_cues(); "
                 "print(kit.__file__); print(kit.data_dir()); d.to_pickle(sys.argv[0] if False else 'wheel.pkl')",
                 cwd=elsewhere, env=env)
    kit_file, data_dir = out.strip().splitlines()
    assert kit_file.startswith(str(target)) and data_dir.startswith(str(target))
    from_wheel = pd.read_pickle(elsewhere / "wheel.pkl")
    pd.testing.assert_frame_equal(from_wheel, kit.load_cues())
