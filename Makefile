# Vplan: `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint audit format assets install clean bench-small

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version" || { echo "Vplan needs Python 3.11: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) assets

assets: $(STAMP)
	@if [ -x scripts/build-assets.sh ]; then bash scripts/build-assets.sh; fi

# The demo runs on a secret key of this checkout, made once into .vplan-secret-key (git-ignored);
# vplan commands run here afterwards find it too. Production sets VPLAN_SECRET_KEY instead.
demo: install
	VPLAN_SECRET_KEY_FILE=.vplan-secret-key $(BIN)/vplan migrate --no-input
	VPLAN_SECRET_KEY_FILE=.vplan-secret-key $(BIN)/vplan demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The suite on pytest-xdist workers, one per core by default: VPLAN_TEST_WORKERS=4 make test.
# Work stealing: a worker that runs out takes tests queued for a busy one, so the long tests
# spread. (The migrations check is a test: vplan/tests/test_project.py.)
VPLAN_TEST_WORKERS ?= auto

test: install lint audit
	$(BIN)/pytest -q -n $(VPLAN_TEST_WORKERS) --dist worksteal

# Supply chain (docs/security-allowlist.md): pip-audit checks the installed packages against the
# known vulnerabilities (it asks PyPI, so it needs the network; the local vplan package is
# skipped; --strict fails when a package cannot be checked, so an offline run never passes
# silently: PIP_AUDIT_FLAGS= runs it without); an ID in pip-audit-ignore.txt is let pass.
# Bandit reads the production code; a finding not in bandit-baseline.json fails.
PIP_AUDIT_FLAGS ?= --strict
PIP_AUDIT_IGNORED = $(shell sed -e 's/\#.*//' pip-audit-ignore.txt)

audit: $(STAMP)
	@$(BIN)/pip-audit --skip-editable --progress-spinner off $(PIP_AUDIT_FLAGS) $(addprefix --ignore-vuln ,$(PIP_AUDIT_IGNORED)) \
	  || { echo "pip-audit failed: a known vulnerability above, or PyPI could not be reached (offline: PIP_AUDIT_FLAGS= make test); see docs/security-allowlist.md" >&2; exit 1; }
	$(BIN)/bandit -q -r vplan -c bandit.yaml -b bandit-baseline.json

# Every figure of issue 17 at the small scale (docs/performance.md; needs PostgreSQL at
# 127.0.0.1:5432). Fails on a page that does not answer 200, an error or a lost save; timing
# goals are printed beside the figures, never fatal.
bench-small: $(STAMP)
	$(BIN)/python bench/run.py --scale small

clean:
	rm -rf $(VENV) node_modules vplan/static/vendor staticfiles
