# The two commands: `make run` (serve the site with demo data) and `make test`.
# Both create .venv and install the pinned dependencies on first use; re-running is cheap.

PYTHON ?= python3
# Python keeps compiled modules (and pytest its assertion-rewritten tests) in __pycache__,
# as it does by default; an environment that turns this off (PYTHONDONTWRITEBYTECODE, as
# this machine's does) makes every test worker and every server a test starts compile
# the project again: about 10 s of each worker's collection went to rewriting the tests.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app directory
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test unit setup lint bench lock clean

run: $(VENV)/.installed
	$(FLASK) setup
	$(FLASK) run --host $(HOST) --port $(PORT)

setup: $(VENV)/.installed
	$(FLASK) setup

# The suite runs in TEST_WORKERS processes (pytest-xdist; one per core, plus one for the
# browser tests, which mostly wait), a module's tests together in one of them so its
# shared fixtures are built once, in the order tests/conftest.py gives (slowest folders
# first), not biggest module first.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))

test: $(VENV)/.installed-test
	$(BIN)/ruff check directory tests bench seed_data
	$(BIN)/ruff format --check directory tests bench seed_data
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder

# The inner loop: unit tests only (no app, no database, no browser), in seconds.
unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check directory tests bench seed_data
	$(BIN)/ruff format --check directory tests bench seed_data
	$(BIN)/mypy

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.installed: $(VENV)/bin/python requirements/base.txt setup.cfg
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@

# Re-pin after changing setup.cfg: resolves in a scratch venv and writes requirements/*.txt.
lock:
	rm -rf /tmp/fap-lock && $(PYTHON) -m venv /tmp/fap-lock
	/tmp/fap-lock/bin/pip install --quiet -e . && /tmp/fap-lock/bin/pip freeze --exclude-editable > requirements/base.txt
	/tmp/fap-lock/bin/pip install --quiet -e '.[test]' && /tmp/fap-lock/bin/pip freeze --exclude-editable > requirements/test.txt

clean:
	rm -rf $(VENV) instance/directory.sqlite3* instance/search-index
