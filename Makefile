SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# What the platform needs to run, and what only the tests need (Chromium; curl for the doc examples).
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-eng fonts-dejavu-core fonts-liberation2
TEST_SYSTEM_PACKAGES := chromium curl
PYTEST_ARGS ?=

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

# Every install comes from a lock with hashes: runtime.lock is what the platform (and the
# container image) runs, dev.lock adds the tools and test libraries. `make lock` updates them.
LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock
DEV_STAMP := $(VENV)/.installed-dev
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes --no-deps
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(DEV_STAMP): $(STAMP) $(DEV_LOCK)
	$(PIP_LOCKED) -r $(DEV_LOCK)
	@touch $@

.PHONY: lock
lock: $(DEV_STAMP) ## re-resolve requirements/*.lock from pyproject.toml (review the diff)
	$(UV_COMPILE) pyproject.toml requirements/build.in -o $(LOCK)
	$(UV_COMPILE) pyproject.toml requirements/build.in --extra dev -c $(LOCK) -o $(DEV_LOCK)

# The Socket.IO 2.x client the live tests run under Node (the seed's page uses it).
NODE_CLIENT := tests/live/js
NODE_STAMP := $(NODE_CLIENT)/node_modules/.installed

$(NODE_STAMP): $(NODE_CLIENT)/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix $(NODE_CLIENT) --loglevel=error && touch $@; \
	else \
	  echo "npm not found: install Node.js 18+ and npm (e.g. apt-get install nodejs npm)," \
	    "then run make install-test again; tests/live/test_socketio_v2.py needs them."; \
	fi

# $(call apt_install,packages): install the missing ones with apt as root, else say what to run.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "Missing system packages:$$missing. Install them (e.g. sudo apt-get install$$missing)."; exit 1; \
	fi
endef

.PHONY: system
system: ## install Tesseract and fonts with apt when missing (needs root)
	$(call apt_install,$(SYSTEM_PACKAGES))

# Fonts only the hard-screenshot tests draw with (tests/support/hard_screenshots.py).
TEST_SYSTEM_PACKAGES += fonts-urw-base35 fonts-freefont-ttf

.PHONY: system-test
system-test: ## install Chromium (browser tests) with apt when missing (needs root)
	$(call apt_install,$(TEST_SYSTEM_PACKAGES))

.PHONY: install
install: system $(STAMP) ## virtualenv, Python packages, system packages: what `make run` needs

.PHONY: install-test
install-test: install $(DEV_STAMP) system-test $(NODE_STAMP) ## also the test and lint tools, Chromium, Node packages

.PHONY: run
run: install ## start the whole platform (gateway on :8080); Ctrl-C stops it
	$(BIN)/argus up

.PHONY: test
test: install-test ## the whole test suite (PostgreSQL tests need 127.0.0.1:5432, database test)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: $(DEV_STAMP) ## ruff, mypy and the import contracts on our code
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy argus services
	$(BIN)/lint-imports --no-cache

.PHONY: format
format: $(DEV_STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: proto
proto: $(DEV_STAMP) ## regenerate Python code and stubs from protos/
	PYTHON=$(BIN)/python scripts/genproto.sh .

.PHONY: proto-check
proto-check: $(DEV_STAMP) ## fail when the checked-in generated code differs from protos/
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	PYTHON=$(BIN)/python scripts/genproto.sh $$tmp; \
	for f in $$(cd $$tmp && find argus -name '*_pb2*'); do \
	  cmp -s $$tmp/$$f $$f || { echo "generated code is stale: $$f (run make proto)"; exit 1; }; \
	done; \
	stale=$$(comm -13 <(cd $$tmp && find argus -name '*_pb2*' | sort) <(find argus -name '*_pb2*' | sort)); \
	[ -z "$$stale" ] || { echo "generated files without a proto: $$stale"; exit 1; }

# Kubernetes versions the rendered manifests must validate against: the oldest supported and the
# newest the validator knows.
K8S_VERSIONS ?= 1.30.0 1.37.0

.PHONY: k8s-check
k8s-check: $(DEV_STAMP) ## render every kustomize overlay and validate it strictly (Kubernetes 1.30+)
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	for overlay in deploy/k8s/overlays/*/; do \
	  name=$$(basename $$overlay); \
	  $(BIN)/kubectl kustomize $$overlay > $$tmp/$$name.yaml; \
	  for version in $(K8S_VERSIONS); do \
	    $(BIN)/kubernetes-validate --strict --quiet -k $$version $$tmp/$$name.yaml > $$tmp/report 2>&1 \
	      || { cat $$tmp/report; exit 1; }; \
	    if grep "find schema" $$tmp/report | grep -v "monitoring.coreos.com/v1"; then \
	      echo "$$name: a resource without a schema (only Prometheus Operator CRDs may lack one)"; exit 1; \
	    fi; \
	  done; \
	  echo "$$name: renders and validates against Kubernetes $(K8S_VERSIONS)"; \
	done

.PHONY: bench
bench: install $(DEV_STAMP) ## benchmarks, each printing ratios against its baseline
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b; done

.PHONY: ci
ci: install lint proto-check k8s-check test ## what CI runs

.PHONY: clean
clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
