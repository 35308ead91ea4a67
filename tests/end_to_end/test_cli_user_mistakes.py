"""`key-accounts` given what a user gets wrong: existing files `generate-sample --if-no-data` must
leave alone, sales of customers nobody delivered, no sales at all, a bad or future as-of date,
an invalid configuration; each said plainly, nothing published. And `key-accounts dbt-vars`."""

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dagster_project.cli import main
from dagster_project.lib.configuration.as_of_dates import ENV_SCHEDULE_TIMEZONE
from dagster_project.lib.configuration.settings import (
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
    ENV_WAREHOUSE,
)
from tests.conftest import write_csv
from tests.end_to_end.cli_helpers import AS_OF, run_cli


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
