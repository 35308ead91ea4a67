# Two commands for a fresh machine, each doing its own set-up:
#   make run    install, generate sample data if there is none, run the daily job (today and 28 days before)
#   make test   install (and Debian's chromium, for the browser test), run the whole test suite
PYTHON ?= python3.11
UV_VERSION := 0.13.8
BOOTSTRAP := .uv
UV := $(BOOTSTRAP)/bin/uv
VENV := .venv
CHROMIUM := /usr/bin/chromium

export UV_PYTHON_DOWNLOADS := never
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export DAGSTER_HOME ?= $(CURDIR)/dagster_home

.PHONY: help install chromium java postgresql run test spark-test postgres-test ui dashboard dashboard-serve docs lint bench clean

help:
	@echo 'make run       install, generate sample data if there is none, run the daily job for today and 28 days before, print a summary'
	@echo 'make test      install, chromium if missing, run the whole test suite (18 to 45 minutes, two workers)'
	@echo 'make spark-test  the dbt models on Apache Spark (dbt-spark, local pyspark) against DuckDB'"'"'s figures'
	@echo 'make postgres-test  the deployment on PostgreSQL (deploy/): dagster-daemon runs the schedule and the sensor, dagster-webserver lists the runs; PostgreSQL installed with apt-get if missing'
	@echo 'make chromium  Debian'"'"'s chromium for the browser test, installed with apt-get if missing'
	@echo 'make ui        dg dev on http://127.0.0.1:3000 (PORT=, HOST=) with the same Dagster instance; stops on Ctrl-C or SIGTERM'
	@echo 'make dashboard  install, then render every page of the dashboard on the published file (make run writes it) and report what each shows'
	@echo 'make dashboard-serve  the dashboard for sales leaders and KAMs on http://127.0.0.1:8501 (DASHBOARD_PORT=); stops on Ctrl-C or SIGTERM'
	@echo 'make docs      dbt docs of the models, one offline page: data/dbt_docs/static_index.html'
	@echo 'make lint      ruff and sqlfluff (also part of make test)'
	@echo 'make bench     the daily job and a 30-date backfill against plain DuckDB, tiny to 60M lines, 6M over 6 years (SIZES=tiny,1M,6M,6M-6y,60M; also 1M-6y; BENCH_ARGS=--backfill-60M)'
	@echo 'make clean     remove the environments and dbt build output'

# uv installs from the lock file in seconds; it is bootstrapped from PyPI with pip.
$(UV):
	$(PYTHON) -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --no-build --python $(PYTHON)
	touch $@

# The files the Great Expectations pages show (Bootstrap, jQuery, Font Awesome, Vega, ...), which
# their templates link from CDNs: the npm packages at the versions they name, from
# package-lock.json, so that the pages render offline (dagster_project/lib/contracts/offline_pages.py).
# npm only unpacks them: no package's scripts run, nothing is built.
node_modules/.installed: package.json package-lock.json .npmrc
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install npm (Node.js's package manager)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

# tests/end_to_end/test_lineage_ui.py drives Debian's chromium through Playwright (never Playwright's own
# browser downloads); installed from Debian's packages, as root, when it is missing.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "$(CHROMIUM) is missing: installing Debian's chromium for the browser test (tests/end_to_end/test_lineage_ui.py)"; \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; } \
			|| { echo "Could not install chromium: run make as root, or apt-get install chromium yourself"; exit 1; }; \
	fi

# The Spark target's own environment: the project with the `spark` group (dbt-spark, pyspark).
# pyspark is published as a source archive only, so this sync may build (it only packs files).
SPARK_VENV := .venv-spark
$(SPARK_VENV)/.installed: pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(SPARK_VENV) $(UV) sync --frozen --group spark --python $(PYTHON)
	touch $@

# pyspark needs Java 17; Debian's headless JRE, installed as root when java is missing.
java:
	@if ! command -v java >/dev/null; then \
		echo "java is missing: installing Debian's openjdk-17-jre-headless for pyspark"; \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless; } \
			|| { echo "Could not install Java: run make as root, or apt-get install openjdk-17-jre-headless"; exit 1; }; \
	fi

spark-test: $(SPARK_VENV)/.installed java
	$(SPARK_VENV)/bin/pytest -m spark

# tests/end_to_end/test_postgres_deployment.py starts a PostgreSQL server of Debian's packages in a temporary
# data directory (never the machine's own cluster); installed as root when it is missing.
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		echo "PostgreSQL is missing: installing Debian's postgresql for the deployment test (tests/end_to_end/test_postgres_deployment.py)"; \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; } \
			|| { echo "Could not install PostgreSQL: run make as root, or apt-get install postgresql"; exit 1; }; \
	fi

# -s: the test prints its progress (the server, each run's status) as it goes.
postgres-test: install postgresql
	pytest -m postgres -s

# Scores the as-of date (default today) and the day 28 days before it, so the summary has score
# changes to show.
RUN_AS_OF = $(or $(AS_OF),$(shell date +%F))
# Quiet: the commands say what they do (one line per stage; `make run V=1` for every line).
run: install
	@key-accounts generate-sample --if-no-data
	@key-accounts backfill --every 28 --to $(RUN_AS_OF) \
		--from $(shell date -d "$(RUN_AS_OF) -28 days" +%F) $(if $(V),-v)

# Two pytest-xdist workers, one per core of this machine (README, Development).
test: install chromium
	pytest -n 2 --dist worksteal

# Only from the command line (make ui PORT=3001), never from a variable of the environment.
HOST = 127.0.0.1
PORT = 3000
# VIRTUAL_ENV: the environment is active, as `source .venv/bin/activate` makes it (dg warns when
# the active environment is not the project's). dg dev stops on SIGTERM as on SIGINT, through the
# handler Python gives SIGINT; a shell starting a job in the background starts it with SIGINT
# ignored, which would make dg ignore SIGTERM too, so SIGINT gets its default back. make passes a
# SIGTERM on to its child, dg itself once exec'd.
ui: install
	exec env --default-signal=INT VIRTUAL_ENV=$(CURDIR)/$(VENV) dg dev --host $(HOST) --port $(PORT)

# The dashboard (dashboard/, Streamlit) reads the published file read-only; its server options,
# local and without usage statistics, are in dashboard/__main__.py.
DASHBOARD_PORT ?= 8501
dashboard: install
	python -m dashboard check

dashboard-serve: install
	exec env --default-signal=INT python -m dashboard serve --port $(DASHBOARD_PORT)

docs: install
	key-accounts docs

# sqlfluff's templater compiles the models with the vars of the shipped configuration, written
# from it into dbt/target (git-ignored), so no copy of them is kept in pyproject.toml.
lint: install
	ruff check dagster_project dashboard tests benchmarks
	ruff format --check dagster_project dashboard tests benchmarks
	python -m dagster_project.lib.configuration.dbt_vars dbt/target/sqlfluff-vars.cfg
	KEY_ACCOUNTS_WAREHOUSE=:memory: sqlfluff lint --config dbt/target/sqlfluff-vars.cfg dbt/models dbt/tests

clean:
	rm -rf $(VENV) $(SPARK_VENV) $(BOOTSTRAP) node_modules dbt/target dbt/logs

# Benchmarks print figures; they assert nothing. The cases: benchmarks/key_accounts_bench.py; the sizes: benchmarks/bench/sizes.py.
# Samples are generated once into data/bench/ (60M lines: 155 s, 10.3 GB of memory, 3.3 GB of files).
# The 60M backfill (30 as-of dates) runs only with BENCH_ARGS=--backfill-60M.
SIZES ?= tiny,1M,6M,6M-6y,60M
BENCH_ARGS ?=
bench: install
	python -m benchmarks.key_accounts_bench --sizes $(SIZES) $(BENCH_ARGS)
