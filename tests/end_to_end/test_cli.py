"""`key-accounts` as a user runs it: a separate process, paths from KEY_ACCOUNTS_* variables."""

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from dagster_project.cli import main
from dagster_project.cli.running import _failure_report
from dagster_project.lib.configuration.as_of_dates import ENV_SCHEDULE_TIMEZONE
from dagster_project.lib.configuration.settings import (
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
    ENV_SETTLE_SECONDS,
    ENV_WAREHOUSE,
)
from tests.conftest import installation_env, published_marts, write_csv
from tests.installations import copy_installation

CLI = str(Path(sys.executable).parent / "key-accounts")
AS_OF = date(2026, 6, 30)


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=600)


def user_environment(home: Path) -> dict[str, str]:
    # PATH without the virtual environment, as when the command is called by its full path.
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        **installation_env(home),
        # The tests' files are complete once written: no settle interval.
        ENV_SETTLE_SECONDS: "0",
    }


@pytest.fixture
def user_env(tmp_path) -> dict[str, str]:
    return user_environment(tmp_path)


def independent_total_revenue(folder: Path) -> float:
    """Window revenue straight from the files, with its own SQL: positive customer totals only."""
    return duckdb.sql(f"""
        with lines as (select * from read_csv('{folder}/sales_lines_*.csv', all_varchar = true)),
        rates as (select rate_date::date as rate_date, currency, rate_to_reporting::double as rate
                  from read_csv('{folder}/fx_rates_*.csv', all_varchar = true)),
        priced as (
            select l.customer_id,
                   l.quantity::double * l.unit_price::double * (1 - coalesce(l.discount::double, 0))
                   * case when l.currency = 'EUR' then 1 else
                       (select r.rate from rates r where r.currency = l.currency and r.rate_date <= l.order_date::date
                        order by r.rate_date desc limit 1) end as amount
            from lines l
            where l.order_date::date > date '2025-06-30' and l.order_date::date <= date '2026-06-30'
        ),
        by_customer as (select customer_id, sum(amount) as revenue from priced group by 1)
        select sum(revenue) from by_customer where revenue > 0
    """).fetchone()[0]


def deliver_sample(user_env: dict[str, str], copy_for_checking: Path) -> Path:
    """A generated sample (40 customers, 420 days up to AS_OF) written to `copy_for_checking` and
    delivered to the landing folder, the way a user tries the pipeline; returns the landing folder."""
    landing = Path(user_env[ENV_LANDING_DIR])
    generated = run_cli(
        "generate-sample",
        "--customers",
        "40",
        "--days",
        "420",
        "--lines-per-day",
        "8",
        "--end-date",
        AS_OF.isoformat(),
        "--output",
        str(copy_for_checking),
        env=user_env,
    )
    assert generated.returncode == 0, generated.stderr
    landing.mkdir(parents=True)
    for path in copy_for_checking.iterdir():
        (landing / path.name).write_bytes(path.read_bytes())
    return landing


@dataclass(frozen=True)
class SampleRun:
    """A user's home where a generated sample was delivered (a copy kept in `delivered`) and
    `key-accounts run` ran as of AS_OF."""

    home: Path
    ran: subprocess.CompletedProcess

    @property
    def env(self) -> dict[str, str]:
        return user_environment(self.home)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> SampleRun:
    home = tmp_path_factory.mktemp("sample_run")
    deliver_sample(user_environment(home), home / "delivered")
    ran = run_cli(
        "run", "--as-of", AS_OF.isoformat(), "--log-level", "WARNING", env=user_environment(home)
    )
    assert ran.returncode == 0, ran.stderr
    return SampleRun(home, ran)


@pytest.mark.e2e
def test_generate_then_run_publishes_and_prints_a_summary(sample_run, user_env, tmp_path):
    ran, env = sample_run.ran, sample_run.env
    landing = Path(env[ENV_LANDING_DIR])
    published = Path(env[ENV_PUBLISHED])
    assert f"Key accounts as of {AS_OF}" in ran.stdout
    assert f"Published file: {published}" in ran.stdout
    assert "accounts by weighted score:" in ran.stdout and "  tiers  " in ran.stdout
    with duckdb.connect(str(published), read_only=True) as conn:
        total = conn.execute(
            "select total_net_revenue::double from revenue_concentration where as_of_date = ?",
            [AS_OF],
        ).fetchone()[0]
    assert total == pytest.approx(
        independent_total_revenue(sample_run.home / "delivered"), rel=1e-9
    )
    assert list(landing.iterdir()) == []
    charts = published.parent / "charts" / AS_OF.isoformat()
    assert f"Pictures: {charts / 'concentration_trend.png'}, " in ran.stdout
    gx_index = landing.parent / "validation_docs" / "index.html"
    assert f"Validation reports (Great Expectations Data Docs): {gx_index}" in ran.stdout

    # dbt's documentation, offline, with the catalog read from the warehouse the run built (a
    # copy of it: the docs are written beside the landing folder).
    copy_installation(sample_run.home, tmp_path)
    docs = run_cli("docs", env=user_env)
    assert docs.returncode == 0, docs.stderr
    docs_dir = Path(user_env[ENV_LANDING_DIR]).parent / "dbt_docs"
    assert f"dbt docs (models, columns, lineage): {docs_dir / 'static_index.html'}" in docs.stdout
    assert (docs_dir / "static_index.html").stat().st_size > 0
    catalog = json.loads((docs_dir / "catalog.json").read_text())["nodes"]
    with duckdb.connect(str(user_env[ENV_PUBLISHED]), read_only=True) as conn:
        for name in ("customer_scores", "revenue_concentration"):
            columns = [row[0] for row in conn.execute(f"describe {name}").fetchall()]
            node = catalog[f"model.key_accounts.{name}"]
            assert sorted(node["columns"]) == sorted(columns), name

    import dagster as dg

    os.environ["DAGSTER_HOME"] = user_env["DAGSTER_HOME"]
    try:
        with dg.DagsterInstance.get() as instance:
            runs = instance.get_runs()
            assert [(r.job_name, r.status, r.tags.get("dagster/partition")) for r in runs] == [
                ("daily_key_accounts", dg.DagsterRunStatus.SUCCESS, AS_OF.isoformat())
            ]
    finally:
        del os.environ["DAGSTER_HOME"]


@pytest.mark.e2e
def test_running_a_day_again_publishes_the_same_figures_to_the_last_bit(
    sample_run, user_env, tmp_path
):
    copy_installation(sample_run.home, tmp_path)
    published = Path(user_env[ENV_PUBLISHED])
    before = published_marts(published)
    again = run_cli("run", "--as-of", AS_OF.isoformat(), "--log-level", "WARNING", env=user_env)
    assert again.returncode == 0, again.stderr

    # Every figure equal, doubles included: no sum depends on the order threads finish in.
    assert published_marts(published) == before
    assert all(
        before[table] for table in ("customer_scores", "revenue_concentration", "kam_portfolio")
    )


def test_generate_sample_if_no_data_leaves_existing_files_alone(user_env):
    landing = Path(user_env[ENV_LANDING_DIR])
    write_csv(landing / "customers.csv", "customer_id,customer_name\n1,One")
    result = run_cli("generate-sample", "--if-no-data", env=user_env)
    assert result.returncode == 0, result.stderr
    assert "Sample not generated" in result.stdout
    assert [p.name for p in landing.iterdir()] == ["customers.csv"]


def test_sales_for_customers_nobody_delivered_are_quarantined(user_env):
    landing = Path(user_env[ENV_LANDING_DIR])
    write_csv(
        landing / "sales_lines_2026-06-30.csv",
        "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price\nA1,1,2026-06-30,1,P1,1,10",
    )
    ran = run_cli("run", "--as-of", AS_OF.isoformat(), "--log-level", "ERROR", env=user_env)
    assert ran.returncode == 1
    assert (
        "sales_lines_2026-06-30.csv: expected: `customer_id` is in the customer master"
        in ran.stderr
    )
    assert "the published file was not changed" in ran.stderr
    assert not Path(user_env[ENV_PUBLISHED]).exists()
    assert "No dagster instance configuration file" not in ran.stderr


def test_run_without_any_sales_fails_clearly_and_publishes_nothing(user_env):
    write_csv(Path(user_env[ENV_LANDING_DIR]) / "customers.csv", "customer_id,customer_name\n1,One")
    ran = run_cli("run", "--as-of", AS_OF.isoformat(), env=user_env)
    assert ran.returncode == 1
    published = Path(user_env[ENV_PUBLISHED])
    assert not published.exists()
    # The stage that failed, then the one-paragraph message, then where the trace is; no trace.
    [log] = (Path(user_env[ENV_LANDING_DIR]).parent / "logs").glob("run_*.log")
    [_, stage] = ran.stdout.splitlines()
    assert stage.startswith("  ingest and validate the landing files (Great Expectations)  ")
    assert " FAILED in " in stage
    lines = ran.stderr.splitlines()
    assert lines[0] == ""
    assert lines[1].startswith(f"error: the daily run for {AS_OF} failed (run ")
    assert lines[1].endswith(f"); the published file {published} was not changed.")
    assert lines[2].startswith("  step raw_tables: No sales_lines file has ever been delivered.")
    assert lines[3:] == [f"The full trace and the step log: {log} (or run again with -v)."]
    assert "Traceback" in log.read_text() or "Stack Trace" in log.read_text()

    # -v: Dagster's step log as it happens, the message, then the trace.
    verbose = run_cli("run", "--as-of", AS_OF.isoformat(), "-v", env=user_env)
    assert verbose.returncode == 1
    message = verbose.stderr.index("\nerror: the daily run for")
    assert verbose.stderr.index(" - raw_tables - ") < message
    assert (
        verbose.stderr.index("step raw_tables:\ndagster._core.definitions.events.Failure") > message
    )


def test_bad_as_of_date_is_a_usage_error(user_env):
    ran = run_cli("run", "--as-of", "2026-13-01", env=user_env)
    assert ran.returncode == 2
    assert "'2026-13-01' is not a date in YYYY-MM-DD form" in ran.stderr


def test_dbt_vars_prints_the_vars_for_running_dbt_by_hand(user_env):
    ran = run_cli("dbt-vars", env=user_env)
    assert ran.returncode == 0, ran.stderr
    # The as-of dates are a table of the warehouse, not a var: a new day keeps dbt's parse.
    assert '"reporting_currency": "EUR"' in ran.stdout and "as_of" not in ran.stdout


def test_invalid_configuration_is_reported_before_anything_runs(user_env, tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("window_months: -3\n")
    ran = run_cli("run", env={**user_env, "KEY_ACCOUNTS_CONFIG": str(config)})
    assert ran.returncode == 1
    assert f"error: Configuration file {config} is invalid:" in ran.stderr
    assert "window_months: Input should be greater than or equal to 1" in ran.stderr
    assert not Path(user_env[ENV_WAREHOUSE]).exists()


def today_in_utc() -> date:
    return datetime.now(UTC).date()


AS_OF_MISTAKES = [
    (
        ["run", "--as-of", "2999-01-01"],
        "--as-of 2999-01-01 is after today ({today}): an as-of date cannot be in the future",
    ),
    (
        ["backfill", "--from", "2026-01-01", "--to", "2999-01-01"],
        "--to 2999-01-01 is after today ({today}): an as-of date cannot be in the future",
    ),
]


@pytest.mark.parametrize(
    ("argv", "expected"),
    AS_OF_MISTAKES,
    ids=["run in the future", "backfill into the future"],
)
def test_an_as_of_date_outside_the_partitions_is_a_usage_error(
    argv, expected, pipeline_paths, monkeypatch, capsys
):
    monkeypatch.setenv(ENV_SCHEDULE_TIMEZONE, "UTC")
    # Checked before Dagster loads: importing it here would fail the test.
    monkeypatch.setitem(sys.modules, "dagster", None)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert capsys.readouterr().err == f"error: {expected.format(today=today_in_utc())}\n"


def error_info(message: str, cls_name: str, cause=None, context=None):
    from dagster._utils.error import SerializableErrorInfo

    return SerializableErrorInfo(f"{message}\n", ["  File ...\n"], cls_name, cause, context)


def step_wrapper(step: str, cause):
    """How Dagster records an exception a step raised: its own error, the step's as the cause."""
    return error_info(
        "dagster._core.errors.DagsterExecutionStepExecutionError: "
        f'Error occurred while executing op "{step}":',
        "DagsterExecutionStepExecutionError",
        cause=cause,
    )


def failed_run(step: str, error) -> SimpleNamespace:
    """A result of execute_in_process with one step failure, as the failure report reads it."""
    event = SimpleNamespace(
        is_step_failure=True, step_key=step, step_failure_data=SimpleNamespace(error=error)
    )
    return SimpleNamespace(all_events=[event])


DISK_FULL_OS_ERROR = error_info(
    "OSError: [Errno 28] No space left on device: '/srv/data/published/key_accounts.duckdb'",
    "OSError",
)
DISK_FULL_DUCKDB = error_info(
    'duckdb.duckdb.IOException: IO Error: Could not write file "/srv/data/warehouse.duckdb.wal": '
    "No space left on device",
    "IOException",
)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            step_wrapper(
                "published_tables",
                error_info(
                    "RuntimeError: could not publish", "RuntimeError", cause=DISK_FULL_OS_ERROR
                ),
            ),
            "  step published_tables: the disk is full (No space left on device) while "
            "[Errno 28] No space left on device: '/srv/data/published/key_accounts.duckdb'; "
            "free space on /srv/data/published/key_accounts.duckdb and run again",
        ),
        (
            # Raised while handling DuckDB's error (an implicit context, not a cause).
            step_wrapper(
                "raw_tables",
                error_info("KeyError: 'rows'", "KeyError", context=DISK_FULL_DUCKDB),
            ),
            "  step raw_tables: the disk is full (No space left on device) while IO Error: "
            'Could not write file "/srv/data/warehouse.duckdb.wal": No space left on device; '
            "free space on /srv/data/warehouse.duckdb.wal and run again",
        ),
        (
            error_info(
                "dagster._core.definitions.events.Failure: could not archive the delivery",
                "Failure",
                cause=error_info("OSError: [Errno 28] No space left on device", "OSError"),
            ),
            "  step raw_tables: the disk is full (No space left on device) while "
            "[Errno 28] No space left on device; free space on the disk and run again",
        ),
    ],
    ids=["OSError two causes down", "DuckDB's IOException as the context", "behind a Failure"],
)
def test_a_full_disk_is_said_plainly_on_the_first_line_of_the_failure_report(error, expected):
    step = expected.split()[1].removesuffix(":")
    assert _failure_report(failed_run(step, error)).splitlines()[0] == expected


def test_the_failure_report_names_the_root_cause_of_an_unexpected_error_first():
    root = error_info("ValueError: could not convert string to float: 'n/a'", "ValueError")
    error = step_wrapper(
        "published_tables", error_info("RuntimeError: could not publish", "RuntimeError", root)
    )
    assert _failure_report(failed_run("published_tables", error)).splitlines() == [
        "  step published_tables: ValueError: could not convert string to float: 'n/a'",
        "    leading to: RuntimeError: could not publish",
    ]


def test_the_failure_report_shows_a_failures_own_message():
    error = error_info(
        "dagster._core.definitions.events.Failure: No sales_lines file has ever been delivered.",
        "Failure",
    )
    assert _failure_report(failed_run("raw_tables", error)) == (
        "  step raw_tables: No sales_lines file has ever been delivered."
    )


OLD_HISTORY_DATES = [date(1998, 5, 31), date(1998, 6, 30)]


@pytest.mark.e2e
def test_history_before_2000_backfills_and_the_instance_records_it_as_the_ui_shows_it(tmp_path):
    """A log of 1997-1998 scored for two as-of dates in one backfill run: the run is the UI's
    (its code location, so the timeline and the job show it), the partitions are the two dates,
    each published table records each date with its own rows, and a dataset nobody delivered
    has its checks skipped, not passed."""
    env = user_environment(tmp_path)
    generated = run_cli(
        "generate-sample", "--customers", "40", "--days", "545", "--lines-per-day", "8",
        "--end-date", "1998-06-30", env=env,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    ran = run_cli(
        "backfill", "--from", "1998-05-31", "--to", "1998-06-30", "--every", "30", env=env
    )
    assert ran.returncode == 0, ran.stderr
    # Quiet: the run's line, one line per stage, then the summary; dbt's lines in the log.
    lines = ran.stdout.splitlines()
    assert lines[0].startswith(
        "[1/1] Running daily_key_accounts for as-of 1998-05-31 to 1998-06-30"
    )
    stages = [line.split("  ")[1].strip() for line in lines[1:6]]
    assert stages == [
        "ingest and validate the landing files (Great Expectations)",
        "build and test the models (dbt)",
        "publish the tables for BI",
        "draw the pictures",
        "check the published figures (7 alerts)",
    ]
    assert all(" done in " in line for line in lines[1:6]) and lines[6] == ""
    assert "Key accounts as of 1998-06-30" in lines[7]
    [log] = (Path(env[ENV_LANDING_DIR]).parent / "logs").glob("run_*.log")
    assert f"Step log (Dagster, and dbt's line per model and test): {log}" in lines
    assert re.search(r" OK created sql \w+ model marts\.customer_scores ", log.read_text())
    assert " OK created " not in ran.stdout

    published = Path(env[ENV_PUBLISHED])
    with duckdb.connect(str(published), read_only=True) as conn:
        rows = dict(
            conn.execute("select as_of_date, count(*) from customer_scores group by 1").fetchall()
        )
        # The biggest customer of mid-1998 is a key account.
        [(biggest_tier,)] = conn.execute("""
            select s.tier from customer_revenue_shares r join customer_scores s using (as_of_date, customer_id)
            where r.as_of_date = date '1998-06-30' order by r.revenue_share desc limit 1
        """).fetchall()  # fmt: skip
    assert sorted(rows) == OLD_HISTORY_DATES and biggest_tier == "key"

    import dagster as dg

    os.environ["DAGSTER_HOME"] = env["DAGSTER_HOME"]
    try:
        with dg.DagsterInstance.get() as instance:
            assert sorted(instance.get_dynamic_partitions("as_of_date")) == [
                "1998-05-31",
                "1998-06-30",
            ]
            [run] = instance.get_runs()
            origin = run.remote_job_origin.repository_origin
            assert (origin.code_location_origin.location_name, origin.repository_name) == (
                "key_accounts",
                "__repository__",
            )
            # The UI lists a job's runs by this hidden tag.
            by_repository = dg.RunsFilter(
                tags={".dagster/repository": "__repository__@key_accounts"}
            )
            assert [r.run_id for r in instance.get_runs(filters=by_repository)] == [run.run_id]
            events = instance.fetch_materializations(
                dg.AssetKey(["published", "customer_scores"]), limit=10
            ).records
            recorded = sorted(
                (date.fromisoformat(m["as_of_date"].value), m["dagster/row_count"].value)
                for m in (event.asset_materialization.metadata for event in events)
            )
            assert recorded == sorted(rows.items())
            # No account overrides were delivered: their contract check did not run (skipped).
            check = dg.AssetCheckKey(
                dg.AssetKey(["raw", "account_overrides"]),
                "account_overrides_files_meet_their_contract",
            )
            [execution] = instance.event_log_storage.get_asset_check_execution_history(check, 5)
            assert (execution.run_id, execution.status.value) == (run.run_id, "PLANNED")
            delivered = dg.AssetCheckKey(
                dg.AssetKey(["raw", "sales_lines"]), "sales_lines_files_meet_their_contract"
            )
            [execution] = instance.event_log_storage.get_asset_check_execution_history(delivered, 5)
            assert execution.status.value == "SUCCEEDED"
    finally:
        del os.environ["DAGSTER_HOME"]
