"""Compare the marts DuckDB built (in the warehouse) with the Parquet tables Spark wrote.

Usage: python scripts/compare_engines.py WAREHOUSE.duckdb SPARK_WAREHOUSE_DIR
Prints, per mart, the rows compared and every difference beyond 1e-9 relative.
"""

import math
import sys
from pathlib import Path

import duckdb

MARTS = {
    "customer_scores": ["as_of_date", "customer_id"],
    "customer_revenue_shares": ["as_of_date", "customer_id"],
    "kaism_matrix": ["as_of_date", "customer_id"],
    "kam_portfolio": ["as_of_date", "account_manager"],
    "revenue_concentration": ["as_of_date"],
    "revenue_concentration_monthly": ["month_end_date"],
    "tier_history": ["customer_id", "valid_from"],
}


def rows(connection, query, keys):
    relation = connection.sql(query)
    columns = relation.columns
    return columns, {
        tuple(row[columns.index(k)] for k in keys): dict(zip(columns, row, strict=True))
        for row in relation.fetchall()
    }


def differs(a, b) -> bool:
    if a is None or b is None:
        return a is not b
    if isinstance(a, (int, float)) and not isinstance(a, bool) or hasattr(a, "as_tuple"):
        a, b = float(a), float(b)
        return not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a != b


def compare(warehouse: Path, spark_dir: Path) -> int:
    problems = 0
    connection = duckdb.connect(str(warehouse), read_only=True)
    for mart, keys in MARTS.items():
        files = f"{spark_dir}/marts.db/{mart}/**/*.parquet"
        duck_columns, duck = rows(connection, f"select * from marts.{mart}", keys)
        _, spark = rows(
            connection,
            f"select {', '.join(duck_columns)} from read_parquet('{files}', hive_partitioning = true)",
            keys,
        )
        mismatches = [
            (key, column, duck[key][column], spark.get(key, {}).get(column))
            for key in duck
            for column in duck_columns
            if key not in spark or differs(duck[key][column], spark[key][column])
        ]
        extra = set(spark) - set(duck)
        print(
            f"{mart}: {len(duck)} rows in DuckDB, {len(spark)} in Spark, {len(mismatches)} differences"
        )
        for mismatch in mismatches[:10]:
            print("   ", mismatch)
        problems += len(mismatches) + len(extra)
    return problems


if __name__ == "__main__":
    sys.exit(1 if compare(Path(sys.argv[1]), Path(sys.argv[2])) else 0)
