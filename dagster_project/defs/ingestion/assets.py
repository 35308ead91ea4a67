"""Landing files → raw tables in the warehouse (DESIGN.md, "Inputs")."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.defs.resources import PipelineSettings
from dagster_project.lib.datasets import DATASETS
from dagster_project.lib.ingestion import (
    MANIFEST_TABLE,
    IngestedFile,
    ingest_landing_folder,
    missing_required_datasets,
    raw_row_counts,
)

LANDING_GROUP = "landing"
RAW_GROUP = "raw"
MANIFEST_KEY = dg.AssetKey(["raw", "ingested_files"])

landing_files = [
    dg.AssetSpec(
        key=dg.AssetKey(["landing", dataset.name]),
        description=(
            f"`{dataset.name}*` CSV or Parquet files delivered to the landing folder "
            "(KEY_ACCOUNTS_LANDING_DIR)."
        ),
        group_name=LANDING_GROUP,
        kinds={"file"},
    )
    for dataset in DATASETS.values()
]


@dg.multi_asset(
    specs=[
        *(
            dg.AssetSpec(
                key=dg.AssetKey(["raw", dataset.name]),
                deps=[dg.AssetKey(["landing", dataset.name])],
                description=f"Every delivered `{dataset.name}` file merged by its contract's rule "
                f"({dataset.merge_rule.value.replace('_', ' ')}).",
                group_name=RAW_GROUP,
                kinds={"duckdb"},
            )
            for dataset in DATASETS.values()
        ),
        dg.AssetSpec(
            key=MANIFEST_KEY,
            description="Manifest of ingested files: name, dataset, SHA-256, rows, load time, archive path.",
            group_name=RAW_GROUP,
            kinds={"duckdb"},
        ),
    ],
    can_subset=False,
)
def raw_tables(
    context: dg.AssetExecutionContext, settings: PipelineSettings, warehouse: DuckDBResource
):
    """Load every new landing file into its raw table, once, then move it to the archive."""
    paths = settings.paths
    paths.create_folders()

    def report(position: int, total: int, result: IngestedFile) -> None:
        what = (
            "already ingested, archived"
            if result.already_ingested
            else f"{result.row_count:,} rows"
        )
        context.log.info(f"[{position}/{total}] {result.file_name}: {what}")

    with warehouse.get_connection() as conn:
        results = ingest_landing_folder(conn, paths.landing_dir, paths.archive_dir, on_file=report)
        missing = missing_required_datasets(conn)
        if missing:
            raise dg.Failure(
                description=(
                    f"No {' or '.join(missing)} file has ever been delivered. Put at least one "
                    f"{' and one '.join(f'{name}*.csv' for name in missing)} file in "
                    f"{paths.landing_dir} (or set KEY_ACCOUNTS_LANDING_DIR) and run again."
                )
            )
        row_counts = raw_row_counts(conn)
        manifest_rows = conn.execute(f"select count(*) from {MANIFEST_TABLE}").fetchone()[0]

    new_files = [result for result in results if not result.already_ingested]
    context.log.info(
        f"Ingested {len(new_files)} new file(s); {len(results) - len(new_files)} seen before."
    )
    for dataset in DATASETS.values():
        delivered = [result for result in new_files if result.dataset == dataset.name]
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(["raw", dataset.name]),
            metadata={
                "dagster/row_count": row_counts[dataset.name],
                "new_files": len(delivered),
                "new_file_rows": sum(result.row_count for result in delivered),
            },
        )
    yield dg.MaterializeResult(
        asset_key=MANIFEST_KEY, metadata={"dagster/row_count": manifest_rows}
    )
