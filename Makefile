# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app clinic
PORT ?= 5000
PYTEST_ARGS ?=
# `make test` runs the suite on this many pytest-xdist processes (docs/decisions.md); 0 runs it in one.
TEST_WORKERS ?= 2

.PHONY: run test test-load pack-sheets i18n-extract i18n-update i18n-compile setup setup-test lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory i18n-compile
	$(FLASK) db upgrade

setup-test: $(BIN)/activate
	scripts/system-deps.sh
	$(BIN)/pip install --quiet -e ".[test]" ./tests/example_plugin
	$(MAKE) --no-print-directory i18n-compile

run: setup
	@port=$$($(BIN)/python scripts/pick_port.py $(PORT) $(origin PORT)) && \
	$(FLASK) demo-data --url http://127.0.0.1:$$port && \
	$(FLASK) run --host 127.0.0.1 --port $$port

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-load: setup-test
	$(BIN)/python -m pytest -m load $(PYTEST_ARGS)

lint: setup-test
	$(BIN)/ruff check .

bench: setup-test
	$(BIN)/python -m benchmarks

# Redraw every shipped plugin's pictures and remake its contact sheet in docs/images/packs.
pack-sheets: $(BIN)/activate
	@for plugin in plugins/*/; do $(FLASK) draw-figures $$plugin --pack-sheet docs/images/packs || exit 1; done

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache

# Translations: extract marked strings, merge them into each language, compile for use.
i18n-extract:
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k N_ --no-location --sort-output -w 100 -o clinic/translations/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel -q update --ignore-obsolete --no-fuzzy-matching -w 100 -i clinic/translations/messages.pot -d clinic/translations

i18n-compile:
	@if ls clinic/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d clinic/translations; fi
