"""The dbt `unit_tests:` (scoring, tiers, concentration on hand-written rows) pass on their own.

The daily job's `dbt build` leaves them out (they test our SQL, not the day's data), so this
test is where they run.
"""

import json
import os
import subprocess
from datetime import date

import duckdb

from dagster_project.lib.configuration.scoring import ScoringConfig, dbt_vars
from dagster_project.lib.configuration.settings import DBT_PROJECT_DIR
from dagster_project.lib.dbt.project import dbt_executable, write_as_of_dates
from dagster_project.lib.ingestion.raw_tables import create_raw_tables


def test_dbt_unit_tests_pass(tmp_path, dbt_manifest):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        create_raw_tables(conn)
        write_as_of_dates(conn, [date(2026, 6, 30)])
    env = {
        **os.environ,
        "KEY_ACCOUNTS_WAREHOUSE": str(warehouse),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
    }
    common = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    variables = ["--vars", json.dumps(dbt_vars(ScoringConfig()))]

    # Unit tests need their models' parents to exist; an empty build creates them.
    empty = subprocess.run(
        [dbt_executable(), "run", "--empty", *common, *variables],
        env=env,
        capture_output=True,
        text=True,
    )
    assert empty.returncode == 0, empty.stdout
    tested = subprocess.run(
        [dbt_executable(), "test", "--select", "test_type:unit", *common, *variables],
        env=env,
        capture_output=True,
        text=True,
    )
    assert tested.returncode == 0, tested.stdout
    # Every unit test of the project ran, none was skipped.
    unit_tests = json.loads(dbt_manifest.read_text())["unit_tests"]
    assert len(unit_tests) >= 8
    assert f"Done. PASS={len(unit_tests)} WARN=0 ERROR=0 SKIP=0" in tested.stdout, tested.stdout
