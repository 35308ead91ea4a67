"""What the Dagster UI shows for each asset after a daily run: row counts and column schemas
recorded on materialisation, the pictures as metadata. The hand book's figures are counted by
hand from tests/hand_book.py."""

from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.lib.reporting.charts import CHART_FILES
from tests.conftest import page_text, published_mart_names, run_job
from tests.hand_book import AS_OF, DAILY_LINES, write_hand_book

# Rows of the hand book: 9 sales lines (one a day), 7 customers, 3 FX rates, 3 service costs,
# 3 account assessments, no account overrides, products or action feedback (none delivered:
# empty tables), 13 files; 6 customers scored on AS_OF (001-005 have lines in the window, 006 is
# a prospect).
EXPECTED_ROW_COUNTS = {
    "raw/sales_lines": len(DAILY_LINES),
    "raw/customers": 7,
    "raw/fx_rates": 3,
    "raw/service_costs": 3,
    "raw/account_overrides": 0,
    "raw/account_assessments": 3,
    "raw/products": 0,
    "raw/action_feedback": 0,
    "raw/ingested_files": len(DAILY_LINES) + 4,
    "marts/customer_scores": 6,
    "published/customer_scores": 6,
    "published/revenue_concentration": 1,
}


def daily_run_metadata(dagster_home: Path) -> tuple[dict, dict]:
    """The latest metadata of every asset the daily runs recorded in the Dagster instance at
    dagster_home materialised, and of every asset check they evaluated (by check name)."""
    from dagster_project.definitions import defs
    from dagster_project.lib.dagster.event_log_storage import instance_at

    graph = defs().resolve_asset_graph()
    with instance_at(dagster_home) as instance:
        assets = {
            key.to_user_string(): event.asset_materialization.metadata
            for key in graph.materializable_asset_keys
            if (event := instance.get_latest_materialization_event(key)) is not None
        }
        checks = {}
        for check_key in graph.asset_check_keys:
            history = instance.event_log_storage.get_asset_check_execution_history(check_key, 1)
            if history and history[0].event:
                event = history[0].event.dagster_event
                # A check planned but never evaluated is one the UI shows as skipped.
                evaluated = event.event_type_value == "ASSET_CHECK_EVALUATION"
                checks[check_key.name] = event.event_specific_data.metadata if evaluated else None
        return assets, checks


def test_each_asset_records_its_row_count_column_schema_and_pictures(hand_book_published):
    # Read in place: the metadata name the files of the installation the run worked on.
    [run] = hand_book_published.runs
    assert run.success, run.failures
    pipeline_paths = hand_book_published.paths
    materialized, checks = daily_run_metadata(hand_book_published.dagster_home)
    for asset, rows in EXPECTED_ROW_COUNTS.items():
        assert materialized[asset]["dagster/row_count"].value == rows, asset

    tables = [
        asset
        for asset in materialized
        if asset.split("/")[0] in ("raw", "staging", "intermediate", "marts", "published")
        and asset != "published/charts"
    ]
    # raw 9 (raw.as_of_dates is written by the dbt step, not materialised), staging 9,
    # intermediate 33 (int_customer_groups, int_customer_order_stability, the 13 models of the
    # KAM signals and the 3 of their backtest's outcomes among them), and each mart as a dbt
    # model and as a published table.
    assert len(tables) == 9 + 9 + 33 + 2 * len(published_mart_names())
    for asset in tables:
        assert "dagster/column_schema" in materialized[asset], asset
        # dagster-dbt counts the rows of tables, not of views (staging), which it would re-run.
        if not asset.startswith("staging/"):
            assert "dagster/row_count" in materialized[asset], asset

    # The published tables' schemas are the published file's columns, each described.
    with duckdb.connect(str(pipeline_paths.published), read_only=True) as conn:
        for name in published_mart_names():
            columns = [row[0] for row in conn.execute(f"describe {name}").fetchall()]
            schema = materialized[f"published/{name}"]["dagster/column_schema"].schema
            assert [column.name for column in schema.columns] == columns, name
            undescribed = [column.name for column in schema.columns if not column.description]
            assert undescribed == [], name

    raw_schema = materialized["raw/sales_lines"]["dagster/column_schema"].schema
    assert [(c.name, c.type) for c in raw_schema.columns][:3] == [
        ("order_id", "VARCHAR"),
        ("line_number", "INTEGER"),
        ("order_date", "DATE"),
    ]

    metadata = materialized["published/charts"]
    assert metadata["as_of_date"].value == AS_OF.isoformat()
    assert metadata["pictures"].value.count("](data:image/png;base64,") == len(CHART_FILES)
    assert {name.removesuffix(".png") for name in CHART_FILES} <= set(metadata)

    # The datasets the hand book does not deliver had nothing to validate: their checks are
    # skipped; every other check was evaluated.
    skipped = sorted(name for name, metadata in checks.items() if metadata is None)
    assert skipped == sorted(
        f"{dataset}_files_{check}"
        for dataset in ("account_overrides", "products", "action_feedback")
        for check in ("meet_their_contract", "raise_no_warnings")
    )

    # Each Great Expectations check links the Data Docs page of its validation.
    page = checks["sales_lines_files_meet_their_contract"]["data_docs sales_lines"].value
    assert page.startswith(str(pipeline_paths.landing_dir.parent / "validation_docs"))
    assert "Status: Succeeded" in page_text(Path(page))


def test_a_failed_dbt_build_publishes_nothing_and_keeps_what_it_built(
    pipeline_paths, dbt_manifest, monkeypatch
):
    import dagster_project.defs.transform.assets as transform

    # An as-of date that does not exist: the staging views build, every model using it fails.
    def write_impossible_date(conn, days):
        conn.execute("create or replace table raw.as_of_dates as select '2026-02-30' as as_of_date")

    monkeypatch.setattr(transform, "write_as_of_dates", write_impossible_date)
    write_hand_book(pipeline_paths.landing_dir)
    with dg.DagsterInstance.ephemeral() as instance:
        run = run_job(instance, AS_OF)
        assert not run.success
        assert any("dbt" in failure for failure in run.failures), run.failures
        assert not pipeline_paths.published.exists()

        staging = instance.get_latest_materialization_event(
            dg.AssetKey(["staging", "stg_raw__sales_lines"])
        )
        schema = staging.asset_materialization.metadata["dagster/column_schema"].schema
        assert [column.name for column in schema.columns][:2] == ["order_id", "line_number"]
        marts = dg.AssetKey(["marts", "customer_scores"])
        assert instance.get_latest_materialization_event(marts) is None
