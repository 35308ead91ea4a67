"""Build the dbt project on a local Spark session from the DuckDB warehouse's raw tables.

Usage: python scripts/spark_build.py WAREHOUSE.duckdb SPARK_DIR DBT_VARS_JSON [dbt build args...]

One process, so one JVM: dbt-spark's session method reuses the Spark session that the
run-operation started for the build.
"""

import os
import sys
import time
from pathlib import Path

from dbt.cli.main import dbtRunner

sys.path.insert(0, str(Path(__file__).parent))
from export_raw_to_parquet import export_raw_tables  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DBT_DIR = ROOT / "dbt"


def spark_build(warehouse: Path, spark_dir: Path, dbt_vars: str, extra: list[str]) -> bool:
    started = time.monotonic()
    export_raw_tables(warehouse, spark_dir / "raw")
    os.environ.update(
        KEY_ACCOUNTS_SPARK_DIR=str(spark_dir),
        KEY_ACCOUNTS_SPARK_RAW=str(spark_dir / "raw"),
        SPARK_CONF_DIR=str(ROOT / "config" / "spark"),
    )
    common = [
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        "--target",
        "spark",
        "--target-path",
        str(spark_dir / "dbt-target"),
    ]
    print(f"export: {time.monotonic() - started:.1f} s", flush=True)
    runner = dbtRunner()
    result = runner.invoke(["run-operation", "declare_raw_source_tables", *common])
    print(f"session + raw tables: {time.monotonic() - started:.1f} s", flush=True)
    if not result.success:
        return False
    result = runner.invoke(["build", *common, "--vars", dbt_vars, *extra])
    print(f"build: {time.monotonic() - started:.1f} s", flush=True)
    return result.success


if __name__ == "__main__":
    ok = spark_build(
        Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3], sys.argv[4:]
    )
    sys.exit(0 if ok else 1)
