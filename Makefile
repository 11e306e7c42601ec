# Two commands do all the set-up (see README.md):
#   make lab    create .venv, install the kit, copy the lessons into my-work/
#               (your own copies, never overwritten) and open lesson 1 in JupyterLab
#   make test   create .venv, install the kit and test tools, run every test
# Both are safe to run again: the venv is rebuilt only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
.PHONY: lab workspace test quick benchmark notebooks clean help

help:
	@echo "make lab        copy the lessons into my-work/ and open lesson 1 in JupyterLab"
	@echo "make workspace  copy new or updated lessons into my-work/ (never overwrites your work)"
	@echo "make test       run the whole test suite (package, data, notebooks, browser)"
	@echo "make quick      run the fast tests only (no notebooks, no browser)"
	@echo "make notebooks  regenerate student notebooks from the masters in lessons/masters"
	@echo "make benchmark  print the speed and memory figures"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

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

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts
