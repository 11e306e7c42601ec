# Two commands do all the set-up (see README.md):
#   make lab    create .venv, install the kit, copy the lessons into my-work/
#               (your own copies, never overwritten) and open lesson 1 in JupyterLab
#   make test   create .venv, install the kit and test tools, run every test
# Both are safe to run again: the venv is rebuilt only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
.PHONY: lab workspace test quick benchmark notebooks site clean help

help:
	@echo "make lab        copy the lessons into my-work/ and open lesson 1 in JupyterLab"
	@echo "make workspace  copy new or updated lessons into my-work/ (never overwrites your work)"
	@echo "make test       run the whole test suite (package, data, notebooks, browser)"
	@echo "make quick      run the fast tests only (no notebooks, no browser)"
	@echo "make notebooks  regenerate student notebooks from the masters in lessons/masters"
	@echo "make benchmark  print the speed and memory figures"
	@echo "make site       build the lesson website into build/site (runs the lessons; no network needed)"

# First run (and after pyproject.toml changes): each step says what it does, and
# pip lists every package as it fetches and installs it, so a few minutes of
# set-up are never silent.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed; found " + sys.version.split()[0])'
	@echo "Setting up the kit in $(VENV)/ (first run only; a few minutes, then later runs start at once)."
	@echo "[1/3] Creating the virtual environment $(VENV)/ ..."
	$(PYTHON) -m venv $(VENV)
	@echo "[2/3] Updating pip ..."
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "[3/3] Installing the kit, JupyterLab and the test tools (each package is listed as it comes) ..."
	$(BIN)/python -m pip install --progress-bar on -e ".[test]"
	@touch $(STAMP)
	@echo "Set-up done."

# Students work in my-work/ (ignored by git): copies of the lesson templates in
# notebooks/ plus the reference documents the lessons mention. JupyterLab serves
# only that folder (the teachers' masters and answer keys are not in it) and the
# URL it prints opens lesson 1. As root (containers, some lab machines) the kit
# adds --allow-root. Options for JupyterLab: make lab LAB_ARGS="--no-browser --port 8890"
LAB_ARGS ?=

lab: $(STAMP)
	$(BIN)/python -m kit lab $(LAB_ARGS)

workspace: $(STAMP)
	$(BIN)/python -m kit workspace

test: $(STAMP)
	$(BIN)/python -m pytest

quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" --hypothesis-profile=quick

notebooks: $(STAMP)
	$(BIN)/python tools/make_student_notebooks.py

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The lesson website (Sphinx and myst-nb; docs/build.py): student lessons with their
# charts, reference pages, teachers' guides in their own section; no answer keys.
site: $(STAMP)
	$(BIN)/python docs/build.py --out build/site

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts
