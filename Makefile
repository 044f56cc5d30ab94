# Polsec Archive. `make run` serves the site, `make test` runs the suite; both set
# up everything they need (a .venv with pinned packages, the database, the seeds).

PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-postgres test-browser lint format fixtures check-fixtures setup db clean help

help:
	@echo "make run        serve the archive at http://$(HOST):$(PORT) (SQLite)"
	@echo "make test       run the whole suite on SQLite"
	@echo "make lint       ruff check and format check"
	@echo "make fixtures   rebuild fixtures/seeds.json from fixtures/seeds/*.txt"

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.installed: $(VENV)/.created requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

# Migrations load the regions, Poldas, elections and operations; the fixture adds
# the seed articles (natural keys: loading it again changes nothing).
db: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) loaddata fixtures/seeds.json

run: db
	$(MANAGE) runserver $(HOST):$(PORT)

# Production mode: gunicorn (gthread) with whitenoise's compressed, hashed static
# files. Needs DJANGO_SECRET_KEY; behind a TLS proxy that sets X-Forwarded-Proto
# (set DJANGO_SSL_REDIRECT=0 to try it over plain HTTP on this machine).
serve: setup
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve is production mode: set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS)." >&2; exit 2; }
	DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} $(MANAGE) collectstatic --no-input -v0
	DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} $(MANAGE) migrate --no-input
	DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} GUNICORN_BIND=$(HOST):$(PORT) \
	  $(BIN)/gunicorn -c polsec_site/gunicorn.conf.py polsec_site.wsgi

test: $(VENV)/.installed-dev db
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/pytest -m "not browser"

# The same suite against the PostgreSQL in DATABASE_URL (.ci/run starts one).
test-postgres: $(VENV)/.installed-dev
	@test -n "$(DATABASE_URL)" || (echo "set DATABASE_URL=postgres://..." >&2; exit 2)
	$(MANAGE) migrate --no-input
	$(MANAGE) loaddata fixtures/seeds.json
	$(BIN)/pytest -m "not browser"

# Browser tests: Playwright driving Debian's chromium (never `playwright install`),
# with axe-core from npm for accessibility checks.
CHROMIUM ?= /usr/bin/chromium
test-browser: $(VENV)/.installed-dev tests/browser/node_modules/axe-core/axe.min.js
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest -m browser

tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

fixtures: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_fixture

check-fixtures: setup
	$(MANAGE) seed_fixture --check

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache

# Benchmarks (docs/benchmarks.md): search latency, page throughput under gunicorn with
# wrk, our search against Datasette's, import speed, export memory, queries per page,
# on SQLite and on a throwaway PostgreSQL 15 cluster stopped however the run ends.
.PHONY: bench bench-smoke
BENCH_SIZES ?= 1000 10000 100000
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev
	bash -c 'set -e; . .ci/postgres.sh; trap pg_stop EXIT; pg_start; \
	  $(PY) tests/bench/run.py --sizes $(BENCH_SIZES) --databases sqlite postgresql \
	    --out docs/ $(BENCH_ARGS)'

# The same harness on a tiny corpus with short wrk runs, for CI: artifacts/bench/smoke/.
bench-smoke: $(VENV)/.installed-dev
	bash -c 'set -e; . .ci/postgres.sh; trap pg_stop EXIT; pg_start; \
	  $(PY) tests/bench/run.py --label smoke --sizes 200 --databases sqlite postgresql \
	    --out artifacts/bench/smoke --reps 5 --budget 3 --wrk-seconds 2 \
	    --wrk-search-seconds 1 --import-files 200 --cold-reps 3 $(BENCH_ARGS)'

# --- Operations (docs/operations.md): scripts in .ci/ops/, results in artifacts/ -------
.PHONY: backup restore chaos load security
BACKUP_DIR ?= backups
# A consistent online copy of the configured database (DATABASE_URL; SQLite by
# default): backups/polsec-<engine>-<name>-<UTC time>.sqlite3|.pgdump and a manifest.
backup: setup
	$(PY) .ci/ops/backup.py backup --dir $(BACKUP_DIR)

# make restore FILE=backups/... [FORCE=1]: into the configured database, which must be
# empty (no tables) unless FORCE=1; checks the manifest and `migrate --check` after.
restore: setup
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/polsec-....sqlite3|.pgdump [FORCE=1]" >&2; exit 2; }
	$(PY) .ci/ops/backup.py restore $(if $(filter 1 yes true,$(FORCE)),--force) "$(FILE)"

# PostgreSQL restarted under load and during an import, on a throwaway cluster:
# artifacts/ops/chaos.json and chaos.md. About a minute.
CHAOS_ARGS ?=
chaos: $(VENV)/.installed
	bash -c 'set -e; . .ci/postgres.sh; trap pg_stop EXIT; pg_start; $(PY) .ci/ops/chaos.py $(CHAOS_ARGS)'

# The sustainable rate (wrk through nginx to gunicorn), 60 s at it, slow clients:
# artifacts/ops/load.json and load.md. Installs wrk and nginx (apt-get) if missing.
LOAD_ARGS ?=
load: $(VENV)/.installed
	bash -c 'set -e; . .ci/postgres.sh; trap pg_stop EXIT; pg_start; $(PY) .ci/ops/load.py $(LOAD_ARGS)'

# sqlmap on every public GET parameter (PostgreSQL and SQLite) and the security
# headers: artifacts/security/report.md and report.json. Installs sqlmap if missing.
SECURITY_ARGS ?=
security: $(VENV)/.installed
	bash -c 'set -e; . .ci/postgres.sh; trap pg_stop EXIT; pg_start; $(PY) .ci/ops/security.py $(SECURITY_ARGS)'
