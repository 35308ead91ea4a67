"""The dbt models on Apache Spark (dbt-spark's session method, pyspark in local mode): the raw
tables exported from the DuckDB warehouse to Parquet, then `dbt build --target spark`.

For the portability test (`make spark-test`) and for trying the models on Spark by hand; the
daily job itself runs on DuckDB. Needs the `spark` dependency group and Java 17.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from dagster_project.lib.configuration.settings import DBT_PROJECT_DIR, REPO_ROOT
from dagster_project.lib.contracts.datasets import DATASETS
from dagster_project.lib.warehouse.sql import sql_string

# The models' sources: a raw table per dataset of the contract, the manifest and the run's
# as-of dates.
RAW_TABLES = (*DATASETS, "ingested_files", "as_of_dates")


def export_raw_tables(warehouse: Path, out_dir: Path) -> None:
    """Each raw table of the warehouse as out_dir/<table>/part-0.parquet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        for table in RAW_TABLES:
            target = out_dir / table
            target.mkdir(exist_ok=True)
            for old in target.glob("*.parquet"):
                old.unlink()
            path = sql_string(str(target / "part-0.parquet"))
            conn.execute(f"copy raw.{table} to {path} (format parquet)")


def spark_build(
    warehouse: Path,
    spark_dir: Path,
    build_args: list[str],
    progress: Callable[[str], None] = print,
) -> bool:
    """Export the raw tables, declare them on Spark, and run the dbt command `build_args` (the
    daily job's, `dbt_build_args(...)`) there, in this process: one JVM, since dbt-spark's
    session method reuses the session the first command started. The marts land as Parquet
    under spark_dir/warehouse/marts.db/."""
    from dbt.cli.main import dbtRunner

    started = time.monotonic()
    # Spark would take a relative location from its warehouse folder: hand it absolute paths.
    spark_dir = spark_dir.resolve()
    export_raw_tables(warehouse, spark_dir / "raw")
    os.environ.update(
        KEY_ACCOUNTS_SPARK_DIR=str(spark_dir),
        KEY_ACCOUNTS_SPARK_RAW=str(spark_dir / "raw"),
        SPARK_CONF_DIR=str(REPO_ROOT / "config" / "spark"),
    )
    common = [
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target",
        "spark",
        "--target-path",
        str(spark_dir / "dbt-target"),
    ]
    runner = dbtRunner()
    if not runner.invoke(["run-operation", "declare_raw_source_tables", *common]).success:
        return False
    progress(f"Spark session started and raw tables declared in {time.monotonic() - started:.1f} s")
    ok = runner.invoke([*build_args, *common]).success
    progress(
        f"dbt build on Spark {'passed' if ok else 'FAILED'} in {time.monotonic() - started:.1f} s"
    )
    return ok
