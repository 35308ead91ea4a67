# Two commands for a fresh machine, each doing its own set-up:
#   make run    install, generate sample data if there is none, run the daily job
#   make test   install, run the whole test suite
PYTHON ?= python3.11
UV_VERSION := 0.13.8
BOOTSTRAP := .uv
UV := $(BOOTSTRAP)/bin/uv
VENV := .venv

export UV_PYTHON_DOWNLOADS := never
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export DAGSTER_HOME ?= $(CURDIR)/dagster_home

.PHONY: help install run test ui lint bench clean

help:
	@echo 'make run    install, generate sample data if there is none, run the daily job, print a summary'
	@echo 'make test   install, run the whole test suite (about 10 minutes)'
	@echo 'make ui     dagster dev on http://127.0.0.1:3000 with the same Dagster instance'
	@echo 'make lint   ruff and sqlfluff (also part of make test)'
	@echo 'make bench  the daily job against plain DuckDB at 1M to 60M lines (SIZES=tiny,1M,6M,60M)'
	@echo 'make clean  remove the environments and dbt build output'

# uv installs from the lock file in seconds; it is bootstrapped from PyPI with pip.
$(UV):
	$(PYTHON) -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --no-build --python $(PYTHON)
	touch $@

install: $(VENV)/.installed

run: install
	key-accounts generate-sample --if-no-data
	key-accounts run $(if $(AS_OF),--as-of $(AS_OF))

test: install
	pytest

ui: install
	dagster dev --host 127.0.0.1 --port 3000

lint: install
	ruff check dagster_project tests benchmarks
	ruff format --check dagster_project tests benchmarks
	KEY_ACCOUNTS_WAREHOUSE=:memory: sqlfluff lint dbt/models dbt/tests

clean:
	rm -rf $(VENV) $(BOOTSTRAP) dbt/target dbt/logs

# Benchmarks print figures; they assert nothing.
# Samples are generated once into data/bench/ (60M lines: 155 s, 10.3 GB of memory, 3.3 GB of files).
SIZES ?= tiny,1M,6M,60M
bench: install
	python -m benchmarks.key_accounts_bench --sizes $(SIZES)
