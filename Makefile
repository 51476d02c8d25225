# Two entry points a newcomer needs: `make run` and `make test`.
# Both create the virtual environment on first use; only Python ≥ 3.11 and make are required.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test quick setup setup-dev lint bench chat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

run: setup
	$(BIN)/python -m bot run

# make chat ARGS="--lang en" for the English console (not LANG=…: that is the locale).
chat: setup
	$(BIN)/python -m bot chat $(ARGS)

test: setup-dev
	$(BIN)/ruff check bot tests bench
	$(BIN)/mypy
	$(BIN)/python -m bot check
	$(BIN)/python -m pytest -q

# The inner loop: every test that starts no process (the bot, the fake Bot API, a file
# reader, the command line); `make test` runs those too.
quick: setup-dev
	$(BIN)/python -m pytest -q -m "not process"

lint: setup-dev
	$(BIN)/ruff check bot tests bench
	$(BIN)/mypy

bench: setup-dev
	$(BIN)/python bench/search_quality.py
	$(BIN)/python bench/search_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
