# The two commands: `make run` (the site, all processes) and `make test` (the suite).
# Both install what they need on a fresh Debian machine and are quick the second time.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.9
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.DEFAULT_GOAL := help
.PHONY: help run test install system-packages messages makemessages prepare \
        lint format typecheck clean lock

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: install messages prepare  ## Run web, worker, beat (and later seeder, tracker) at http://127.0.0.1:8000/
	@echo ""
	@echo "  JamHub is starting at http://127.0.0.1:8000/  (the CMS is at /cms/; Ctrl-C stops everything)"
	@echo ""
	@DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-jamhub.settings.dev} \
	  PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

test: install messages  ## Run the test suite (uses DATABASE_URL / REDIS_URL when set)
	$(BIN)/pytest $(PYTEST_ARGS)

install: system-packages $(VENV)/.installed  ## Create .venv with the pinned packages

system-packages:  ## apt-get the Debian packages we need (when root and missing)
	@scripts/install-system-packages

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

lock:  ## Re-pin every dependency into requirements.lock after editing pyproject.toml
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install -q uv==$(UV_VERSION); }
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements.lock

messages: $(MO_FILES)  ## Compile the translations (.po -> .mo)

%.mo: %.po
	msgfmt --check-format -o $@ $<

makemessages: install  ## Extract translatable strings into locale/*/LC_MESSAGES/django.po
	$(MANAGE) makemessages --all --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(BIN)/python scripts/french_typography.py

prepare:  ## Migrate, collect static files, load demo content into an empty site
	@$(MANAGE) prepare_site

lint:  ## ruff lint and format check; the import contracts of pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format:  ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck:  ## mypy (strict on seeder/ and search/)
	$(BIN)/mypy jamhub seeder search

clean:  ## Remove the venv and everything the site wrote under var/
	rm -rf $(VENV) var $(MO_FILES)
