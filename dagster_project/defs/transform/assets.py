"""dbt models: staging → intermediate → marts, with their dbt tests as asset checks."""

import json

import dagster as dg
from dagster_dbt import DagsterDbtCliRuntimeError, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from dagster_project.defs.daily_run.partitions import as_of_date_partitions, run_as_of_dates
from dagster_project.defs.resources import WarehouseWriteLock
from dagster_project.lib.configuration.scoring import dbt_vars, load_scoring_config
from dagster_project.lib.configuration.settings import PipelinePaths
from dagster_project.lib.dagster.asset_metadata import (
    OWNERS_DATA_ENGINEERING,
    column_schema,
    dbt_column_descriptions,
    describe_tables,
)
from dagster_project.lib.dbt.project import (
    dbt_manifest,
    dbt_project,
    dbt_runs_dir,
    keep_parsed_project,
    prune_dbt_runs,
    write_as_of_dates,
)
from dagster_project.lib.dbt.translator import KeyAccountsDbtTranslator


def dbt_build_args(vars_: dict) -> list[str]:
    """`dbt build` for the run's as-of dates (raw.as_of_dates): models and their data tests together, so a failing test
    stops everything downstream of it, the publish included. The unit tests check our SQL on
    hand-written rows, not the day's data: they run in `make test`, not in every daily run."""
    return [
        "build",
        "--vars",
        json.dumps(vars_, sort_keys=True),
        "--exclude-resource-type",
        "unit_test",
    ]


def model_node(unique_id: str) -> dict | None:
    """A model's manifest node: its relation in the warehouse, whether it is a table (counted)
    and its column docs."""
    node = dbt_manifest()["nodes"].get(unique_id)
    return node if node and node["resource_type"] == "model" else None


def _relation(node: dict) -> tuple[str, str]:
    return node["schema"], node["alias"] or node["name"]


def _built_model(event) -> dict | None:
    """The manifest node of the model a dbt event materialised; None for other events."""
    if isinstance(event, dg.Output) and "unique_id" in event.metadata:
        return model_node(event.metadata["unique_id"].value)
    return None


def with_table_metadata(events: list, conn) -> list:
    """The models' materialisations with the columns and types as built and the row count of
    each table, read from the warehouse in one pass once dbt has finished. (dagster-dbt's own
    fetch_column_metadata and fetch_row_counts open a dbt adapter in this process and cost
    seconds a run; these are two queries.)"""
    built = [node for event in events if (node := _built_model(event)) is not None]
    tables = describe_tables(
        conn,
        [_relation(node) for node in built],
        count_rows={_relation(node) for node in built if node["config"]["materialized"] != "view"},
    )
    enriched = []
    for event in events:
        node = _built_model(event)
        if node is not None and _relation(node) in tables:
            columns, rows = tables[_relation(node)]
            extra = {"dagster/column_schema": column_schema(columns, dbt_column_descriptions(node))}
            if rows is not None:
                extra["dagster/row_count"] = rows
            event = event.with_metadata({**event.metadata, **extra})
        enriched.append(event)
    return enriched


def _prune_dbt_runs(context: dg.AssetExecutionContext) -> None:
    """Keep the newest run folders only (README, Development); a folder that cannot be removed
    is worth a warning, not the run."""
    try:
        prune_dbt_runs(dbt_runs_dir())
    except OSError as error:
        context.log.warning(f"Old dbt run folders in {dbt_runs_dir()} not removed: {error}")


# The dbt source raw.as_of_dates: what the dbt step asks dbt to score, written by that step
# itself just before the build (so no asset materialises it).
as_of_dates_table = dg.AssetSpec(
    key=dg.AssetKey(["raw", "as_of_dates"]),
    description="The as-of dates a run scores (one, or a backfill's range), written into the "
    "warehouse by the dbt step before `dbt build`; every per-date model computes them all.",
    group_name="raw",
    kinds={"duckdb"},
    owners=OWNERS_DATA_ENGINEERING,
    metadata={
        "dagster/column_schema": column_schema(
            [("as_of_date", "date")],
            {"as_of_date": "An as-of date the run scores."},
        )
    },
)


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    dagster_dbt_translator=KeyAccountsDbtTranslator(),
    partitions_def=as_of_date_partitions,
    # A backfill of many dates is one run whose models compute every date in one pass.
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def key_accounts_dbt_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    paths: dg.ResourceParam[PipelinePaths],
    warehouse_lock: WarehouseWriteLock,
    warehouse: DuckDBResource,
):
    days = run_as_of_dates(context)
    config = load_scoring_config(paths.config_file)
    with warehouse.get_connection() as conn:
        write_as_of_dates(conn, days)
    dates = f"{days[0]} to {days[-1]} ({len(days)} dates)" if len(days) > 1 else f"{days[0]}"
    context.log.info(f"dbt build for as-of {dates} with configuration {config.version}")
    # dbt holds the warehouse until it exits: its events are collected, then the models' columns
    # and row counts are read and the events passed on (those of a failed build too).
    events, failure = [], None
    # One folder per run, named after it, so a failed run's artefacts are easy to find.
    target_path = dbt_runs_dir() / f"{days[-1]}-{context.run.run_id}"
    try:
        invocation = dbt.cli(
            dbt_build_args(dbt_vars(config)), context=context, target_path=target_path
        )
        for event in invocation.stream():
            events.append(event)
        keep_parsed_project(target_path)
    except DagsterDbtCliRuntimeError as error:
        failure = error
    finally:
        _prune_dbt_runs(context)
    with warehouse.get_connection() as conn:
        yield from with_table_metadata(events, conn)
    if failure is not None:
        raise failure
