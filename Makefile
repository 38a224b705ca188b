# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run serve test migrate seed lint clean messages translations

# Catalogs: directory/translations/<lang>/LC_MESSAGES/messages.po are kept in git; the .mo files are built here
# (pybabel compile, a second or less) by `make run`, `make serve` and `make test`, never committed.
CATALOGS := $(wildcard directory/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

%.mo: %.po $(VENV)/.runtime
	$(BIN)/pybabel compile -i $< -o $@

translations: $(COMPILED)

# After marking new strings: extract them all, merge into each catalog, then translate the new entries.
messages: $(VENV)/.runtime
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output \
	  -w 120 -o directory/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -w 120 -i directory/translations/messages.pot \
	  -d directory/translations

migrate: $(VENV)/.runtime translations
	$(BIN)/flask db upgrade

seed: migrate
	$(BIN)/flask seed --if-empty

run: seed
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# Production-style serving: several gunicorn workers (settings in gunicorn.conf.py; HOST, PORT, WEB_CONCURRENCY).
# It refuses to start without a strong SECRET_KEY, and with several workers without REDIS_URL (shared rate limits):
#   SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))') REDIS_URL=redis://127.0.0.1:6379/0 make serve
serve: migrate translations
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# The suite includes the schemathesis conformance run (tests/blueprints/api/test_api_conformance.py, all checks).
test: $(VENV)/.dev translations
	$(BIN)/bandit -q -r directory -ll
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then echo "== the same suite on $$TEST_DATABASE_URL"; \
	  SUKOON_TEST_BACKEND=postgresql $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS) -m "not browser"; fi

lint: $(VENV)/.dev
	$(BIN)/ruff check directory tests bench gunicorn.conf.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
