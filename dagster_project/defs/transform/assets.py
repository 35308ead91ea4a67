"""dbt models: staging → intermediate → marts, with their dbt tests as asset checks."""

import json
import os
from datetime import date

import dagster as dg
from dagster_dbt import DagsterDbtCliRuntimeError, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from dagster_project.defs.partitions import as_of_date_partitions
from dagster_project.defs.resources import PipelineSettings, WarehouseWriteLock
from dagster_project.lib.asset_metadata import (
    column_schema,
    dbt_column_descriptions,
    describe_tables,
)
from dagster_project.lib.dbt_project import (
    dbt_manifest,
    dbt_project,
    dbt_runs_dir,
    prune_dbt_runs,
)
from dagster_project.lib.dbt_translator import KeyAccountsDbtTranslator
from dagster_project.lib.scoring_config import dbt_vars
from dagster_project.lib.settings import ENV_WAREHOUSE

dbt_project().prepare_if_dev()


def dbt_build_args(vars_: dict) -> list[str]:
    """`dbt build` for one as-of date: models and their data tests together, so a failing test
    stops everything downstream of it, the publish included. The unit tests check our SQL on
    hand-written rows, not the day's data: they run in `make test`, not in every daily run."""
    return [
        "build",
        "--vars",
        json.dumps(vars_, sort_keys=True),
        "--exclude-resource-type",
        "unit_test",
    ]


# Each model's relation in the warehouse, whether it is a table (counted) and its column docs.
MODEL_NODES = {
    unique_id: node
    for unique_id, node in dbt_manifest()["nodes"].items()
    if node["resource_type"] == "model"
}


def _relation(node: dict) -> tuple[str, str]:
    return node["schema"], node["alias"] or node["name"]


def _built_model(event) -> dict | None:
    """The manifest node of the model a dbt event materialised; None for other events."""
    if isinstance(event, dg.Output) and "unique_id" in event.metadata:
        return MODEL_NODES.get(event.metadata["unique_id"].value)
    return None


def with_table_metadata(events: list, conn) -> list:
    """The models' materialisations with the columns and types as built and the row count of
    each table, read from the warehouse in one pass once dbt has finished. (dagster-dbt's own
    fetch_column_metadata and fetch_row_counts open a dbt adapter in this process and cost
    7-10 s a run here; these are two queries.)"""
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


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    dagster_dbt_translator=KeyAccountsDbtTranslator(),
    partitions_def=as_of_date_partitions,
)
def key_accounts_dbt_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    settings: PipelineSettings,
    warehouse_lock: WarehouseWriteLock,
    warehouse: DuckDBResource,
):
    as_of = date.fromisoformat(context.partition_key)
    config = settings.scoring_config()
    # dbt runs in its own process and finds the warehouse through this variable (profiles.yml).
    os.environ[ENV_WAREHOUSE] = settings.warehouse
    context.log.info(f"dbt build for as-of {as_of} with configuration {config.version}")
    # dbt holds the warehouse until it exits: its events are collected, then the models' columns
    # and row counts are read and the events passed on (those of a failed build too).
    events, failure = [], None
    # One folder per run, named after it, so a failed run's artefacts are easy to find.
    target_path = dbt_runs_dir() / f"{as_of}-{context.run.run_id}"
    try:
        invocation = dbt.cli(
            dbt_build_args(dbt_vars(config, as_of)), context=context, target_path=target_path
        )
        for event in invocation.stream():
            events.append(event)
    except DagsterDbtCliRuntimeError as error:
        failure = error
    finally:
        _prune_dbt_runs(context)
    with warehouse.get_connection() as conn:
        yield from with_table_metadata(events, conn)
    if failure is not None:
        raise failure
