# jbnet — two commands: `make run` and `make test`. Everything else is installed on demand.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
JBNET := $(VENV)/bin/jbnet
HOST ?= 127.0.0.1
PORT ?= 8000
export JBNET_DB ?= var/jbnet.sqlite

.PHONY: run test bench bench-deps lint install install-test neo4j-test-server cypher-lint-deps graphql-http-deps browser-deps frontend-deps clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || { command -v $(PYTHON) >/dev/null && $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV); }
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: install, load reference + demo data into the embedded store when empty, serve on 127.0.0.1
run: install frontend-deps
	@mkdir -p var
	$(JBNET) init --demo --if-empty
	$(JBNET) serve --host $(HOST) --port $(PORT)

## Neo4j 5.26 for the tests, fetched from Maven Central into .cache/neo4j (needs java + mvn)
neo4j-test-server:
	@if command -v java >/dev/null && command -v mvn >/dev/null; then bash tests/neo4j/build.sh; \
	  else echo "java/mvn not found: Neo4j tests will be skipped"; fi

## Neo4j's own Cypher parser (npm @neo4j-cypher/language-support) for the Cypher lint test
cypher-lint-deps:
	@if command -v npm >/dev/null; then \
	  test -d tools/cypher-lint/node_modules || npm ci --silent --prefix tools/cypher-lint --no-audit --no-fund; \
	  else echo "npm not found: Cypher lint will be skipped"; fi

## The GraphQL over HTTP spec's server audit (npm graphql-http), run against the real server by the tests
graphql-http-deps:
	@if command -v npm >/dev/null; then \
	  test -d tools/graphql-http/node_modules || npm ci --silent --prefix tools/graphql-http --no-audit --no-fund; \
	  else echo "npm not found: the GraphQL over HTTP audit will be skipped"; fi

## Front-end packages of the web pages (NL Design System CSS, htmx, axe-core), pinned in frontend/package-lock.json
## (re)installed when package-lock.json's content differs from what was last installed (a stamp of its hash)
frontend-deps:
	@sha=$$(sha256sum frontend/package-lock.json | cut -d' ' -f1); \
	  test "$$(cat frontend/node_modules/.jbnet-lock 2>/dev/null)" = "$$sha" || \
	  { command -v npm >/dev/null || { echo "npm not found: pages render unstyled, browser tests skip"; exit 0; }; \
	  npm ci --silent --prefix frontend --no-audit --no-fund && echo "$$sha" > frontend/node_modules/.jbnet-lock; }

## Debian chromium for the browser tests (root on Debian; skipped elsewhere)
browser-deps:
	@command -v chromium >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: browser tests will be skipped"; }

## make test: lint, type check (mypy strict on graph/, loaders/ and api/), every test under coverage; graph/ must stay above 90 %
test: install-test neo4j-test-server cypher-lint-deps graphql-http-deps browser-deps frontend-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest --cov --cov-report=
	$(VENV)/bin/coverage report --skip-covered --sort=cover
	@printf 'graph/ coverage (at least 90): '; $(VENV)/bin/coverage report --include='graph/*' --fail-under=90 --format=total

lint: install-test
	$(VENV)/bin/ruff check .

## make bench: national-scale synthetic data; prints figures and ratios (targets in docs/benchmarks.md)
bench: install-test neo4j-test-server bench-deps
	$(PY) -m tests.bench.run

## Debian's wrk, the load generator on loopback for the HTTP lookup benchmark
bench-deps:
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
	  || echo "wrk not installed: the HTTP lookup benchmark will be skipped"; }

clean:
	rm -rf $(VENV) .cache var test-artifacts bench-out
