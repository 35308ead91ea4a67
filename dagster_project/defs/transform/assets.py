"""dbt models: staging → intermediate → marts, with their dbt tests as asset checks."""

import json
import os
from datetime import date

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from dagster_project.defs.partitions import as_of_date_partitions
from dagster_project.defs.resources import PipelineSettings, WarehouseWriteLock
from dagster_project.lib.dbt_project import dbt_project
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
):
    as_of = date.fromisoformat(context.partition_key)
    config = settings.scoring_config()
    # dbt runs in its own process and finds the warehouse through this variable (profiles.yml).
    os.environ[ENV_WAREHOUSE] = settings.warehouse
    context.log.info(f"dbt build for as-of {as_of} with configuration {config.version}")
    yield from dbt.cli(dbt_build_args(dbt_vars(config, as_of)), context=context).stream()
