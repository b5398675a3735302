# The few commands a newcomer needs. `make run` and `make test` set everything up first and are safe to
# repeat: each step below runs again only when what it depends on has changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-fast lint format assets setup migrate demo screenshots clean

# The web server and, beside it, the task worker that sends emails; stopping one stops both.
run: setup migrate demo
	@DEBUG=true $(PY) manage.py db_worker --interval 2 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, in parallel on every core (pytest-xdist): lint, unit, browser and slow tests.
test: setup lint
	$(PY) -m pytest -n auto

# The edit-test loop: no browser and no slow tests (subprocesses, servers, migrations back and forth).
test-fast: $(VENV)/.installed
	$(PY) -m pytest -n auto -m "not browser and not slow"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

setup: $(VENV)/.installed assets

assets: static/dist/.built

migrate: setup
	DEBUG=true $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=true $(PY) manage.py load_demo

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed static/build.mjs $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@

# The README's screenshots (search page, an innovation, the task list at 390 and 1280 px) of the demo.
screenshots: demo
	DEBUG=true $(PY) manage.py screenshots

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
