"""`key-accounts backfill` over a history before 2000: one run scores both as-of dates, prints a
line per stage, and the Dagster instance records it as the UI shows it (its code location, the
partitions, each date's rows, the checks of datasets nobody delivered skipped)."""

import os
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.configuration.settings import (
    ENV_LANDING_DIR,
    ENV_PUBLISHED,
)
from tests.end_to_end.cli_helpers import run_cli, user_environment

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
