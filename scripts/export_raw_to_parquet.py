"""Export the DuckDB warehouse's raw tables to Parquet, one file per table, for the Spark target.

Usage: python scripts/export_raw_to_parquet.py WAREHOUSE.duckdb OUT_DIR
"""

import sys
from pathlib import Path

import duckdb

RAW_TABLES = ("sales_lines", "customers", "service_costs", "fx_rates", "ingested_files")


def export_raw_tables(warehouse: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for table in RAW_TABLES:
            target = out_dir / table
            target.mkdir(exist_ok=True)
            for old in target.glob("*.parquet"):
                old.unlink()
            connection.execute(
                f"copy raw.{table} to '{target / 'part-0.parquet'}' (format parquet)"
            )


if __name__ == "__main__":
    export_raw_tables(Path(sys.argv[1]), Path(sys.argv[2]))
