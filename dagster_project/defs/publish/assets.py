"""Marts → the published DuckDB file for BI (docs/published-tables.md)."""

import base64
from datetime import date, timedelta

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from dagster_project.defs.daily_run.partitions import run_as_of_date, run_as_of_dates
from dagster_project.defs.resources import WarehouseWriteLock
from dagster_project.defs.transform.assets import key_accounts_dbt_models
from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.configuration.settings import PipelinePaths, stale_after_hours
from dagster_project.lib.dagster.asset_metadata import (
    OWNERS_DATA_ENGINEERING,
    column_schema,
    dbt_column_descriptions,
)
from dagster_project.lib.dbt.project import dbt_manifest
from dagster_project.lib.publishing.published_file import (
    MONEY_TYPE,
    TableDescription,
    publish_tables,
)

PUBLISHED_TAG = "published"
MONEY_UNIT = "reporting_currency"


def published_model_nodes(manifest: dict) -> dict[str, dict]:
    """dbt models tagged `published`: model name → its manifest node."""
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and PUBLISHED_TAG in node["tags"]
    }


def money_columns(node: dict) -> list[str]:
    """The model's columns in the reporting currency: `config: {meta: {unit: reporting_currency}}`
    in its dbt properties."""
    return [
        name
        for name, column in node["columns"].items()
        if (column.get("config", {}).get("meta") or column.get("meta", {})).get("unit")
        == MONEY_UNIT
    ]


def published_models(manifest: dict) -> dict[str, str]:
    """dbt models tagged `published`: model name → schema-qualified relation in the warehouse."""
    return {
        name: f"{node['schema']}.{node['alias'] or name}"
        for name, node in published_model_nodes(manifest).items()
    }


_MANIFEST = dbt_manifest()
PUBLISHED_MODELS = published_models(_MANIFEST)
_PUBLISHED_NODES = published_model_nodes(_MANIFEST)
# Column descriptions of each published table: those of its dbt model (a dbt contract fixes
# the columns, so the model's documentation is the published table's).
PUBLISHED_COLUMN_DESCRIPTIONS = {
    name: dbt_column_descriptions(node) for name, node in _PUBLISHED_NODES.items()
}
# Written into the file as DuckDB comments, so a BI user reads them where the data is.
PUBLISHED_DESCRIPTIONS = {
    name: TableDescription(node.get("description", "").strip(), PUBLISHED_COLUMN_DESCRIPTIONS[name])
    for name, node in _PUBLISHED_NODES.items()
}


# Published rounded to cents (MONEY_TYPE), whatever type the model computes them in.
PUBLISHED_MONEY_COLUMNS = {name: money_columns(node) for name, node in _PUBLISHED_NODES.items()}


def _published_column_schema(name: str) -> dg.TableSchema:
    columns = _PUBLISHED_NODES[name]["columns"].items()
    money = PUBLISHED_MONEY_COLUMNS[name]
    return column_schema(
        (
            (column, MONEY_TYPE if column in money else spec.get("data_type") or "")
            for column, spec in columns
        ),
        PUBLISHED_COLUMN_DESCRIPTIONS[name],
    )


# The published tables are stale when no publish has succeeded for KEY_ACCOUNTS_STALE_AFTER_HOURS:
# Dagster's freshness daemon evaluates the policy and shows it in the UI, and
# defs/alerts/sensors.py tells the operator.
PUBLISHED_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=stale_after_hours())
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=dg.AssetKey(["published", name]),
            deps=[get_asset_key_for_model([key_accounts_dbt_models], name)],
            description=f"`{name}` in the published DuckDB file (KEY_ACCOUNTS_PUBLISHED), "
            f"read-only for BI: {node.get('description', '').strip()}",
            group_name="published",
            kinds={"duckdb"},
            owners=OWNERS_DATA_ENGINEERING,
            metadata={"dagster/column_schema": _published_column_schema(name)},
            freshness_policy=PUBLISHED_FRESHNESS,
        )
        for name, node in _PUBLISHED_NODES.items()
    ],
    can_subset=False,
)
def published_tables(
    context: dg.AssetExecutionContext,
    paths: dg.ResourceParam[PipelinePaths],
    warehouse_lock: WarehouseWriteLock,
):
    """Write every published mart, all as-of dates, to a new file and swap it in atomically.

    Each table records one materialisation per as-of date the run scored, oldest first, with
    that date and its rows on that date, so the UI says what each run published."""
    config = load_scoring_config(paths.config_file)
    written = publish_tables(
        warehouse=paths.warehouse,
        published=paths.published,
        tables=PUBLISHED_MODELS,
        publication_info={
            "run_id": context.run_id,
            **configuration_facts(config),
        },
        descriptions=PUBLISHED_DESCRIPTIONS,
        money_columns=PUBLISHED_MONEY_COLUMNS,
    )
    context.log.info(f"Published {len(written)} tables to {paths.published}")
    days = run_as_of_dates(context) or [_latest_published_date(written)]
    for table in written:
        key = dg.AssetKey(["published", table.name])
        metadata = {
            "dagster/column_schema": column_schema(
                table.columns, PUBLISHED_COLUMN_DESCRIPTIONS[table.name]
            ),
            "rows_all_as_of_dates": table.row_count,
            "path": dg.MetadataValue.path(str(paths.published)),
        }
        for day in days[:-1]:
            context.log_event(
                dg.AssetMaterialization(asset_key=key, metadata=_of_date(table, day, metadata))
            )
        yield dg.MaterializeResult(asset_key=key, metadata=_of_date(table, days[-1], metadata))


def configuration_facts(config) -> dict[str, str]:
    """What publication_info states of the scoring configuration the run used: its version, the
    reporting currency, the scale, the window, each criterion's weight, the first tier's bounds,
    the tier rules' margin and floor (what a what-if of the weights starts from) and the KAISM
    matrix's split."""
    first_tier = config.tiers[0]
    return {
        "config_version": config.version,
        "reporting_currency": config.reporting_currency,
        "scale": str(config.scale),
        "window_months": str(config.window_months),
        **{f"weight_{name}": str(criterion.weight) for name, criterion in config.criteria.items()},
        "first_tier": first_tier.name,
        "first_tier_min_score": str(first_tier.min_score or ""),
        "first_tier_max_accounts": str(first_tier.max_accounts or ""),
        "incumbent_margin": str(config.tier_rules.incumbent_margin),
        "min_completeness_for_key": str(config.tier_rules.min_completeness_for_key),
        "kaism_split": str(config.kaism.split),
    }


def _of_date(table, day, metadata: dict) -> dict:
    """A materialisation's metadata for one as-of date: the date and the table's rows on it."""
    return {"as_of_date": day.isoformat(), "dagster/row_count": table.rows_of(day), **metadata}


def _latest_published_date(tables) -> date:
    """The newest as-of date in the file (for a publish run without a date of its own, as when
    the asset is materialised alone from the UI)."""
    return max(day for table in tables for day in table.rows_by_as_of_date)


CHARTS_KEY = dg.AssetKey(["published", "charts"])


@dg.asset(
    key=CHARTS_KEY,
    deps=[
        dg.AssetKey(["published", name])
        for name in ("customer_revenue_shares", "customer_scores", "kaism_matrix")
        + ("revenue_concentration_monthly",)
    ],
    description=(
        "Pictures of the as-of date, in charts/<as-of date>/ beside the published file: the "
        "Pareto / Lorenz curve of revenue, the KAISM matrix and the concentration trend."
    ),
    group_name="published",
    kinds={"python"},
    owners=OWNERS_DATA_ENGINEERING,
)
def published_charts(context: dg.AssetExecutionContext, paths: dg.ResourceParam[PipelinePaths]):
    import duckdb

    from dagster_project.lib.reporting.charts import write_charts

    published = paths.published
    with duckdb.connect(str(published), read_only=True) as conn:
        as_of = run_as_of_date(context, conn)
    out_dir = published.parent / "charts" / as_of.isoformat()
    charts = write_charts(published, as_of, load_scoring_config(paths.config_file), out_dir)
    pictures = "\n\n".join(
        f"![{path.stem}](data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()})"
        for path in charts
    )
    context.log.info(f"Charts of {as_of} written to {out_dir}")
    return dg.MaterializeResult(
        metadata={
            "as_of_date": as_of.isoformat(),
            **{path.stem: dg.MetadataValue.path(str(path)) for path in charts},
            "pictures": dg.MetadataValue.md(pictures),
        }
    )
