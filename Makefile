# Trinvis: `make run` serves the product with demo data, `make test` runs the whole suite.
# Every step installs what it needs, quietly, and skips what is already there.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/trinvis
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Local commands run with development settings; production sets its own environment.
DEV := DJANGO_DEBUG=true DJANGO_HTTPS=false

.PHONY: install lock run serve worker test test-sqlite test-postgres lint check-translations \
        messages bench clean

# requirements.lock pins every package, with hashes, to what the tests last passed with;
# `make lock` re-resolves it from pyproject.toml (newest allowed versions) after a change there.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@$(PY) -m pip install --quiet --no-deps -e .
	@$(PY) -m pip check >/dev/null
	@touch $@

lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet pip-tools
	@$(VENV)/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --extra dev \
	  --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	@npm ci --silent --no-audit --no-fund >/dev/null
	@touch $@

static_build/vendor/.copied: node_modules/.installed scripts/copy_assets.py
	@$(PY) scripts/copy_assets.py
	@touch $@

# gettext compiles the translations, pango lays out PDFs (WeasyPrint); chromium runs the
# browser and accessibility tests.
.system-packages:
	@command -v msgfmt >/dev/null && ldconfig -p | grep -q libpangoft2-1.0 || \
	  (apt-get update -qq && apt-get install -y -qq gettext libpango-1.0-0 libpangoft2-1.0-0 >/dev/null)
	@touch $@
.system-chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@touch $@

install: $(VENV)/.installed static_build/vendor/.copied .system-packages
	@$(DEV) $(PY) manage.py compilemessages --ignore='.venv' --ignore='node_modules' -v 0

run: install
	@$(DEV) $(PY) manage.py migrate --no-input -v 0
	@$(DEV) $(PY) manage.py load_toolkits
	@$(DEV) $(PY) manage.py load_questionnaires
	@$(DEV) $(PY) manage.py load_indicators
	@$(DEV) $(PY) manage.py load_demo
	@echo "Trinvis runs on http://127.0.0.1:8000 (demo logins in README.md; Ctrl+C stops it)"
	@$(DEV) $(PY) manage.py db_worker --reload & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(DEV) $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(DEV) $(VENV)/bin/mypy .
	@DJANGO_SECRET_KEY=ci-only-$$(date +%s)-a-long-random-enough-secret-for-checks-0123456789 \
	  DJANGO_ALLOWED_HOSTS=trinvis.example DATABASE_URL=sqlite:///:memory: \
	  $(PY) manage.py check --deploy --fail-level WARNING
	@$(DEV) $(PY) manage.py makemigrations --check --dry-run -v 0

test: install .system-chromium lint
	@$(MAKE) --no-print-directory test-sqlite
	@if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; \
	  then $(MAKE) --no-print-directory test-postgres; \
	  else echo "PostgreSQL does not answer on 127.0.0.1:5432: suite ran on SQLite only"; fi

test-sqlite:
	@echo "== test suite on SQLite"
	@$(VENV)/bin/pytest -q --create-db -n 2

# The browser tests check rendered pages, which are the same on both databases (the access
# matrix still renders every page on PostgreSQL), so they run once, on SQLite.
test-postgres:
	@echo "== test suite on PostgreSQL (browser tests ran on SQLite)"
	@DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q --create-db -n 2 -m "not browser"

messages: install
	@$(DEV) $(PY) manage.py makemessages -l da -l nb --no-location --ignore='.venv' \
	  --ignore='node_modules' --ignore='static_build' --ignore='staticfiles'
	@$(DEV) $(PY) manage.py compilemessages --ignore='.venv' --ignore='node_modules' -v 0

bench: install
	@$(DEV) $(PY) bench/run.py
	@$(DEV) $(PY) bench/surveys.py
	@$(DEV) $(PY) bench/indicators.py
	@# National scale (issue 8): builds trinvis_bench_national once (kept for later runs), then
	@# load, horizontal scale and task workers against production settings (bench/load.py).
	@$(PY) bench/load.py

clean:
	rm -rf $(VENV) node_modules static_build staticfiles .system-* db.sqlite3
