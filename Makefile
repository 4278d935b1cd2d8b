# The two commands a new user needs: `make run` (the whole platform on this machine) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
STAMPS := .stamps

PACKAGES := common backend-core ai-worker media-server launcher
SERVICE_REQS := $(addsuffix /requirements.txt,$(PACKAGES))
FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.js -type f 2>/dev/null)

.PHONY: run test test-compose install install-dev system-deps frontend lint format bench recruiter clean

run: install frontend ## start PostgreSQL, Redis, backend, worker, media server and the web app on localhost
	$(PY) -m interview_launcher

test: install-dev system-deps frontend ## install what the tests need and run every test
	$(PY) -m ruff check .
	$(PY) -m pytest
	cd frontend && npm test

# The platform as Docker users get it (tests/compose): every image built, `docker compose up --build --wait`,
# driven through the published ports, then restarts, crashes, scaling and down/up. Needs a Docker engine.
test-compose: install-dev system-deps ## build the images and test the Compose stack (needs Docker)
	$(PY) -m pytest tests/compose --compose

# Debian packages the tests use: a real browser (and CJK fonts for its screenshots), a Korean
# speech synthesiser that makes the voice-answer test's audio, and pdftoppm for the PDF report's page images.
SYSTEM_PACKAGES := chromium fonts-noto-cjk espeak-ng poppler-utils

install: $(STAMPS)/python
install-dev: $(STAMPS)/python-dev
frontend: $(STAMPS)/frontend-build

$(STAMPS)/python: $(SERVICE_REQS) ai-worker/requirements-nodeps.txt common/requirements-nodeps.txt $(addsuffix /pyproject.toml,$(PACKAGES))
	@mkdir -p $(STAMPS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q $(addprefix -r ,$(SERVICE_REQS))
	$(PIP) install -q --no-deps -r ai-worker/requirements-nodeps.txt -r common/requirements-nodeps.txt
	$(PIP) install -q --no-deps $(addprefix -e ./,$(PACKAGES))
	@touch $@

$(STAMPS)/python-dev: $(STAMPS)/python requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	@touch $@

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMPS)/npm: frontend/package.json frontend/package-lock.json
	@mkdir -p $(STAMPS)
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

$(STAMPS)/frontend-build: $(STAMPS)/npm $(FRONTEND_SRC)
	cd frontend && npm run build
	@touch $@

lint:
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

format:
	$(PY) -m ruff check --fix . && $(PY) -m ruff format .

# Benchmarks (bench/README.md): `make bench`, or one of them: `make bench BENCH=emotion` (emotion, e2e, api, llm).
# Their tools (DeepFace + TensorFlow, locust) go into bench/.venv, never into the services' .venv.
bench: install-dev ## run the benchmarks; tables on screen, JSON in bench/results/
	test -x bench/.venv/bin/python || $(PYTHON) -m venv bench/.venv
	cmp -s bench/requirements.txt bench/.venv/.requirements.txt && cmp -s bench/requirements-nodeps.txt bench/.venv/.requirements-nodeps.txt || { \
		bench/.venv/bin/python -m pip --disable-pip-version-check install -q -r bench/requirements.txt && \
		bench/.venv/bin/python -m pip --disable-pip-version-check install -q --no-deps -r bench/requirements-nodeps.txt && \
		cp bench/requirements.txt bench/.venv/.requirements.txt && cp bench/requirements-nodeps.txt bench/.venv/.requirements-nodeps.txt; }
	$(PY) -m bench $(BENCH)

recruiter: install ## create a recruiter account: make recruiter USERNAME=... FULL_NAME=...
	$(PY) -m backend_core.cli create-recruiter --username "$(USERNAME)" --full-name "$(FULL_NAME)"

clean:
	rm -rf $(STAMPS) $(VENV) frontend/node_modules frontend/dist
