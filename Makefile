# Two commands do all the set-up (see README.md):
#   make lab    create .venv, install the kit, open JupyterLab on lesson 1
#   make test   create .venv, install the kit and test tools, run every test
# Both are safe to run again: the venv is rebuilt only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FIRST_LESSON := notebooks/01-score-or-soundtrack.ipynb

.PHONY: lab test quick benchmark notebooks clean help

help:
	@echo "make lab        open JupyterLab on the first lesson"
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

# JupyterLab refuses to start as root unless told; containers and some lab
# machines run as root, so allow it there only.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) $(FIRST_LESSON)

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
