"""Landing files → validated → raw tables in the warehouse (docs/method.md, "Inputs";
docs/operations.md, "Bad input")."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.defs.daily_run.partitions import run_as_of_dates
from dagster_project.defs.ingestion.checks import (
    MANIFEST_KEY,
    check_results,
    check_specs,
    landing_check_result,
    raw_key,
)
from dagster_project.defs.resources import WarehouseWriteLock
from dagster_project.lib.configuration.as_of_dates import today as schedule_today
from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.configuration.settings import (
    PipelinePaths,
    SettingsError,
    landing_settle_seconds,
)
from dagster_project.lib.contracts.datasets import DATASETS
from dagster_project.lib.contracts.validation import FileValidation
from dagster_project.lib.dagster.asset_metadata import (
    OWNERS_DATA_ENGINEERING,
    column_schema,
    dbt_column_descriptions,
    describe_tables,
)
from dagster_project.lib.dbt.project import dbt_manifest
from dagster_project.lib.ingestion.archive import FileMoveFailed
from dagster_project.lib.ingestion.landing import LeftFile, describe_left_files
from dagster_project.lib.ingestion.raw_tables import RAW_SCHEMA, missing_required_datasets
from dagster_project.lib.ingestion.rules import IngestionRules
from dagster_project.lib.ingestion.write_audit_publish import (
    DeliveryChanged,
    IngestionRun,
    ValidationFailed,
    ingest_landing_folder,
)

LANDING_GROUP = "landing"
RAW_GROUP = "raw"
# The raw tables are the dbt project's sources: their columns are documented there.
RAW_COLUMN_DESCRIPTIONS = {
    node["name"]: dbt_column_descriptions(node)
    for node in dbt_manifest()["sources"].values()
    if node["source_name"] == RAW_SCHEMA
}
# Columns every raw input table adds to its contract's: which delivery a row came from.
LINEAGE_COLUMNS = (("source_file_name", "varchar"), ("ingestion_id", "bigint"))


def raw_column_schema(dataset: str) -> dg.TableSchema:
    contract = [(column.name, column.sql_type) for column in DATASETS[dataset].columns]
    return column_schema([*contract, *LINEAGE_COLUMNS], RAW_COLUMN_DESCRIPTIONS[dataset])


landing_files = [
    dg.AssetSpec(
        key=dg.AssetKey(["landing", dataset.name]),
        description=(
            f"`{dataset.name}*` CSV or Parquet files delivered to the landing folder "
            "(KEY_ACCOUNTS_LANDING_DIR)."
        ),
        group_name=LANDING_GROUP,
        kinds={"file"},
        owners=OWNERS_DATA_ENGINEERING,
    )
    for dataset in DATASETS.values()
]


@dg.multi_asset(
    specs=[
        *(
            dg.AssetSpec(
                key=raw_key(dataset.name),
                deps=[dg.AssetKey(["landing", dataset.name])],
                description=f"Every valid `{dataset.name}` file merged by its contract's rule "
                f"({dataset.merge_rule.value.replace('_', ' ')}).",
                group_name=RAW_GROUP,
                kinds={"duckdb", "gx"},
                owners=OWNERS_DATA_ENGINEERING,
                metadata={"dagster/column_schema": raw_column_schema(dataset.name)},
            )
            for dataset in DATASETS.values()
        ),
        dg.AssetSpec(
            key=MANIFEST_KEY,
            description="Manifest of ingested files: name, dataset, SHA-256, rows, load time, archive path.",
            group_name=RAW_GROUP,
            kinds={"duckdb"},
            owners=OWNERS_DATA_ENGINEERING,
        ),
    ],
    check_specs=check_specs,
    # Subsettable only so that a check can go unreported (skipped, above); a subset selected in
    # the UI still takes every landing file (a delivery is merged whole) and reports the rest.
    can_subset=True,
)
def raw_tables(
    context: dg.AssetExecutionContext,
    paths: dg.ResourceParam[PipelinePaths],
    warehouse: DuckDBResource,
    warehouse_lock: WarehouseWriteLock,
):
    """Stage every new landing file, validate it with Great Expectations, then merge it once and
    archive it; a file that fails is quarantined with a report and the run stops."""
    assets, checks = set(context.selected_asset_keys), set(context.selected_asset_check_keys)
    for result in _ingest(context, paths, warehouse):
        if isinstance(result, dg.AssetCheckResult):
            if dg.AssetCheckKey(result.asset_key, result.check_name) in checks:
                yield result
        elif result.asset_key in assets:
            yield result


def _ingest(context: dg.AssetExecutionContext, paths: PipelinePaths, warehouse: DuckDBResource):
    """The asset's results: the checks of every validation, then the tables' materialisations;
    a delivery that fails, or a required dataset never delivered, fails the step."""
    try:
        paths.check()
        settle_seconds = landing_settle_seconds()
    except SettingsError as error:
        raise dg.Failure(description=str(error)) from None
    today = schedule_today()
    as_of_dates = run_as_of_dates(context) or [today]
    config = load_scoring_config(paths.config_file)
    rules = IngestionRules.from_config(config, today, as_of_dates, settle_seconds)
    try:
        run = ingest_landing_folder(warehouse.get_connection, paths, rules, context.log.info)
    except ValidationFailed as failure:
        by_dataset: dict[str, list[FileValidation]] = {}
        for validation in failure.validations:
            by_dataset.setdefault(validation.dataset, []).append(validation)
        yield from check_results(by_dataset, failure.data_docs)
        raise dg.Failure(description=str(failure)) from None
    except (DeliveryChanged, FileMoveFailed) as failure:
        raise dg.Failure(description=str(failure)) from None

    for left in run.left:
        context.log.warning(f"Left in the landing folder: {left.name} {left.reason}.")
    for name, columns in run.ignored_columns.items():
        context.log.warning(f"{name}: columns beyond the contract ignored: {', '.join(columns)}.")
    yield landing_check_result(run.left)
    yield from check_results(run.validations, run.data_docs)
    with warehouse.get_connection() as conn:
        _fail_without_required_datasets(conn, paths.landing_dir, run.left)
        relations = {(RAW_SCHEMA, table) for table in [*DATASETS, MANIFEST_KEY.path[-1]]}
        described = describe_tables(conn, relations, count_rows=relations)
    # table → (its column schema, its row count)
    tables = {
        table: (column_schema(columns, RAW_COLUMN_DESCRIPTIONS[table]), rows)
        for (_, table), (columns, rows) in described.items()
    }
    new_files = sum(not result.already_ingested for result in run.files)
    context.log.info(f"Ingested {new_files} new file(s); {len(run.files) - new_files} seen before.")
    yield from _materializations(run, tables)


def _fail_without_required_datasets(conn, landing_dir: Path, left: list[LeftFile]) -> None:
    """The scores need every required dataset: a run before its first delivery says which file
    to deliver, and what the landing folder holds that was not taken."""
    missing = missing_required_datasets(conn)
    if missing:
        raise dg.Failure(
            description=(
                f"No {' or '.join(missing)} file has ever been delivered. Put at least one "
                f"{' and one '.join(f'{name}*.csv' for name in missing)} file in "
                f"{landing_dir} (or set KEY_ACCOUNTS_LANDING_DIR) and run again."
                + (f" Left in the landing folder: {describe_left_files(left)}." if left else "")
            )
        )


def _materializations(
    run: IngestionRun, tables: dict[str, tuple[dg.TableSchema, int]]
) -> Iterator[dg.MaterializeResult]:
    """A result for each raw table and the manifest: the table's schema and rows, what this run
    added to it, and (on the manifest) how long each phase took."""
    new_files = [result for result in run.files if not result.already_ingested]
    for dataset in DATASETS.values():
        delivered = [result for result in new_files if result.dataset == dataset.name]
        yield dg.MaterializeResult(
            asset_key=raw_key(dataset.name),
            metadata={
                "dagster/column_schema": tables[dataset.name][0],
                "dagster/row_count": tables[dataset.name][1],
                "new_files": len(delivered),
                "new_file_rows": sum(result.row_count for result in delivered),
            },
        )
    yield dg.MaterializeResult(
        asset_key=MANIFEST_KEY,
        metadata={
            "dagster/column_schema": tables[MANIFEST_KEY.path[-1]][0],
            "dagster/row_count": tables[MANIFEST_KEY.path[-1]][1],
            **{f"{phase}_seconds": round(value, 3) for phase, value in run.seconds.items()},
        },
    )
