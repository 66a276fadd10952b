# groupdecide: `make run` serves on http://127.0.0.1:8000, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 4
export FLASK_APP := groupdecide

.PHONY: run test test-sqlite test-postgres test-fast lint fmt typecheck check bench screenshots translations clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d groupdecide/translations

# Links in mails and printed set-up links start with GROUPDECIDE_PUBLIC_URL: it follows PORT
# unless set. Rate limits are shared by the workers through the local Redis when one answers
# on 127.0.0.1:6379 (else each worker counts alone, and the app warns at start). The webhook
# sender (`flask webhooks send`) runs beside gunicorn and stops with it.
run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask ensure-default-tenant
	export GROUPDECIDE_PUBLIC_URL="$${GROUPDECIDE_PUBLIC_URL:-http://127.0.0.1:$(PORT)}"; \
	if [ -z "$$GROUPDECIDE_RATELIMIT_STORAGE_URI" ] && $(BIN)/python -c \
	  "import socket; socket.create_connection(('127.0.0.1', 6379), 1).close()" 2>/dev/null; \
	then export GROUPDECIDE_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379; \
	  echo "rate limits shared through redis://127.0.0.1:6379"; fi; \
	echo "serving on $$GROUPDECIDE_PUBLIC_URL"; \
	$(BIN)/flask webhooks send & sender=$$!; trap 'kill $$sender 2>/dev/null; wait $$sender' EXIT; \
	$(BIN)/gunicorn 'groupdecide:create_app()' --bind 127.0.0.1:$(PORT) --workers $(WORKERS)

# The whole suite: SQLite, then PostgreSQL (a local server, or a throwaway cluster the script
# starts; skipped with a reason outside CI when neither is possible, never under CI=true).
test: $(VENV)/.installed-dev translations
	bash scripts/test.sh

test-sqlite: $(VENV)/.installed-dev translations
	$(BIN)/python -m pytest -q

test-postgres: $(VENV)/.installed-dev translations
	bash scripts/test.sh postgres

# The inner loop: SQLite only, no browser, no load, not the tests marked slow (see SLOW in
# tests/conftest.py); on 2 processes when pytest-xdist is installed (the dev extra has it).
XDIST = $(shell $(BIN)/python -c "import xdist" 2>/dev/null && echo "-n 2")
test-fast: $(VENV)/.installed-dev translations
	$(BIN)/python -m pytest -q -x --ignore=tests/e2e --ignore=tests/load -m "not slow" $(XDIST) $(ARGS)

# The README's screenshots, from the running code (Chromium; docs/screenshots/*.png).
screenshots: $(VENV)/.installed-dev translations
	$(BIN)/python scripts/screenshots.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy groupdecide

check: lint typecheck test

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_voting.py
	$(BIN)/python bench/bench_server.py
	$(BIN)/python bench/bench_writes.py
	$(BIN)/python bench/bench_queries.py
	$(BIN)/python bench/bench_page_weight.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
