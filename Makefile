# The two commands a newcomer needs: `make run` and `make test`. Both install
# what they need from this repository's own files first.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_FLAGS := --quiet --disable-pip-version-check --no-input

.PHONY: install run test lint bench fuzz loadtest clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "NVM needs Python 3.11 (found %s); set PYTHON=python3.11" % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -c 'import django, rest_framework, celery, weasyprint' || { echo "Installing the Python packages failed; see the messages above." >&2; exit 1; }
	@touch $@

# The embedded default: SQLite, eager Celery tasks, e-mail to the console, plain
# HTTP on the loopback address, served by gunicorn with whitenoise.
run: export HTTPS ?= false
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --if-embedded
	$(BIN)/python manage.py ensure_superuser
	@echo "NVM serves on http://127.0.0.1:$(PORT)/ (API documentation: /api/v1/docs/)"
	PORT=$(PORT) $(BIN)/gunicorn -c nvm/gunicorn_conf.py nvm.wsgi

# The whole suite against PostgreSQL: DATABASE_URL, else the local server, else a
# throwaway cluster, else it installs PostgreSQL (root on Debian) or says what to install.
test: install
	@scripts/ensure-weasyprint $(BIN)/python
	@scripts/ensure-chromium
	@url=$$(scripts/ensure-postgres) && DATABASE_URL="$$url" $(BIN)/pytest $(PYTEST_ARGS)

# Side-by-side timings on PostgreSQL, reported as ratios (see bench/).
bench: install
	@url=$$(scripts/ensure-postgres) && DATABASE_URL="$$url" $(BIN)/pytest bench -q --no-header -o python_files="bench_*.py"

# The API fuzzer (schemathesis) over the whole OpenAPI schema, as every demo role, on PostgreSQL.
# FUZZ_EXAMPLES sets the test cases per operation and role; FUZZ_SUMMARY a file for the figures.
fuzz: install
	@url=$$(scripts/ensure-postgres) && DATABASE_URL="$$url" $(BIN)/python -m scripts.fuzz_api

# 20 clients for a minute against the service as make run starts it, on SQLite and on PostgreSQL;
# the figures go into docs/performance.md.
loadtest: install
	@url=$$(scripts/ensure-postgres) && DATABASE_URL="$$url" $(BIN)/python -m scripts.loadtest \
		--database sqlite --database postgres --clients 20 --seconds 60 --report docs/performance.md

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pgtmp .pytest_cache .mypy_cache .ruff_cache
