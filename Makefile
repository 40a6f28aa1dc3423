# The two commands (see README):  make run  |  make test
# Every target is safe to run again: stamps and file times mean only what changed is redone.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
TEST_WORKERS ?= 2
PORT ?= 5000

.PHONY: run setup test lint format test-setup database browser pgclient nginx lock assets bench bench-stack clean

## make run: install everything, build the front end, migrate and seed the database, then serve on :5000
run: setup
	$(FLASK) run --host $(HOST) --port $(PORT)

setup: $(VENV)/.installed static/dist/app.css database

# Exactly the versions in requirements.lock, each checked against its hash; then the project itself (no deps).
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## make lock: re-resolve requirements.lock from pyproject.toml (after changing a dependency), with hashes
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
	  --python-platform linux --quiet -o requirements.lock

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/app.css: node_modules/.installed static/build.mjs $(wildcard static/src/*.scss static/src/*.js static/src/images/*)
	npm run --silent build

assets: static/dist/app.css

## migrate, load seed_data/ (idempotent) and bring the search index in step with the database
database: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) seed
	@if $(FLASK) index --help >/dev/null 2>&1; then $(FLASK) index reconcile; fi

## make test: everything the tests need (including Debian's chromium when missing), the linter, then the whole suite
test: test-setup lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## make lint: ruff's checks and its formatting, as pyproject.toml sets them (the import contract is a test)
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make format: let ruff fix what it can and format the code
format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-setup: $(VENV)/.installed static/dist/app.css browser pgclient nginx

browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and this user cannot install it: browser tests will be skipped"; fi; }

# pg_dump and pg_restore, for the backup-and-restore test (docs/operations.md)
pgclient:
	@command -v pg_restore >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's postgresql-client for the restore test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; \
	  else echo "pg_restore is missing and this user cannot install it: the restore test will be skipped"; fi; }

# The slow-client test puts Debian's nginx in front of gunicorn (deploy/), as in production.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's nginx for the slow-client test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else echo "nginx is missing and this user cannot install it: the slow-client test will be skipped"; fi; }

## make bench: the search benchmark (see docs/performance.md)
bench: $(VENV)/.installed
	$(BIN)/python bench/search_bench.py

## make bench-stack: the whole site under gunicorn with 10,000 synthetic listings (bench/stack.py)
bench-stack: $(VENV)/.installed static/dist/app.css
	$(BIN)/python bench/stack.py

clean:
	rm -rf $(VENV) node_modules static/dist instance search_index/*
