"""The same dbt models on Apache Spark (dbt-spark, pyspark in local mode) give the published
figures DuckDB gives, to 1e-9 relative (README, "Running the models on another engine").

Runs with `make spark-test` (its own environment with the `spark` dependency group, and Java);
`make test` leaves it out.
"""

import math
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from tests.hand_book import AS_OF, write_hand_book

pytestmark = pytest.mark.spark

# Each published mart and the columns that identify one of its rows.
MART_KEYS = {
    "customer_scores": ["as_of_date", "customer_id"],
    "customer_revenue_shares": ["as_of_date", "customer_id"],
    "customer_group_revenue_shares": ["as_of_date", "group_id"],
    "kaism_matrix": ["as_of_date", "customer_id"],
    "kam_actions": ["as_of_date", "customer_id", "signal"],
    "kam_action_history": ["as_of_date", "customer_id", "signal"],
    "signal_backtest": ["signal"],
    "kam_portfolio": ["as_of_date", "account_manager"],
    "key_account_sensitivity": ["as_of_date", "customer_id"],
    "revenue_concentration": ["as_of_date"],
    "revenue_concentration_monthly": ["month_end_date"],
    "score_changes": ["as_of_date", "customer_id"],
    "tier_history": ["customer_id", "valid_from"],
}


def rows_by_key(conn, query: str, keys: list[str]) -> tuple[list[str], dict]:
    relation = conn.sql(query)
    columns = relation.columns
    return columns, {
        tuple(row[columns.index(k)] for k in keys): dict(zip(columns, row, strict=True))
        for row in relation.fetchall()
    }


def same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int | float) or hasattr(a, "as_tuple"):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def differences(published: Path, spark_marts: Path) -> dict[str, list]:
    """Per mart: keys missing on either side and every value further apart than 1e-9."""
    found = {}
    with duckdb.connect(str(published), read_only=True) as conn:
        for mart, keys in MART_KEYS.items():
            columns, duck = rows_by_key(conn, f"select * from {mart}", keys)
            files = f"{spark_marts}/{mart}/**/*.parquet"
            _, spark = rows_by_key(
                conn,
                f"select {', '.join(columns)} from read_parquet('{files}', hive_partitioning = true)",
                keys,
            )
            problems = [("only in DuckDB", key) for key in duck.keys() - spark.keys()]
            problems += [("only on Spark", key) for key in spark.keys() - duck.keys()]
            problems += [
                (key, column, duck[key][column], spark[key][column])
                for key in duck.keys() & spark.keys()
                for column in columns
                if not same_value(duck[key][column], spark[key][column])
            ]
            assert duck, f"{mart} is empty: the comparison would prove nothing"
            found[mart] = problems
    return found


def test_the_comparison_catches_a_changed_figure():
    assert same_value(1.0, 1.0 + 1e-12)
    assert not same_value(1.0, 1.0 + 1e-8)
    assert not same_value(None, 0.0)
    assert not same_value("key", "development")


def test_the_marts_on_spark_equal_the_published_duckdb_figures(
    pipeline_paths, run_daily_job, tmp_path
):
    from dagster_project.defs.transform.assets import dbt_build_args
    from dagster_project.lib.configuration.scoring import dbt_vars, load_scoring_config
    from dagster_project.lib.dbt.spark_target import spark_build

    write_hand_book(pipeline_paths.landing_dir)
    # Two scored dates in one run, so that score_changes has a date to compare with.
    assert run_daily_job(AS_OF - timedelta(days=1), AS_OF).success

    # The daily job's own dbt command, with the same vars and the run's as-of dates (exported
    # with the raw tables), on the other engine.
    config = load_scoring_config(pipeline_paths.config_file)
    spark_dir = tmp_path / "spark"
    assert spark_build(pipeline_paths.warehouse, spark_dir, dbt_build_args(dbt_vars(config)))

    found = differences(pipeline_paths.published, spark_dir / "warehouse" / "marts.db")
    assert found == {mart: [] for mart in MART_KEYS}
