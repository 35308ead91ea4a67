"""The input datasets of the contract (DESIGN.md, "Inputs"): columns, raw types and how deliveries merge."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class MergeRule(Enum):
    # A later line with the same key replaces the earlier one.
    UPSERT_BY_KEY = "upsert_by_key"
    # Each delivery is a full snapshot: the latest replaces everything before it.
    REPLACE_ALL = "replace_all"
    # Rows are appended; a file delivered again under the same name replaces its earlier rows.
    REPLACE_BY_FILE_NAME = "replace_by_file_name"


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    required: bool = True


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    merge_rule: MergeRule
    key: tuple[str, ...] = ()
    required: bool = True

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


MONEY = "decimal(18, 6)"

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            name="sales_lines",
            columns=(
                Column("order_id", "varchar"),
                Column("line_number", "integer"),
                Column("order_date", "date"),
                Column("customer_id", "varchar"),
                Column("product_id", "varchar"),
                Column("quantity", MONEY),
                Column("unit_price", MONEY),
                Column("discount", MONEY, required=False),
                Column("currency", "varchar", required=False),
            ),
            merge_rule=MergeRule.UPSERT_BY_KEY,
            key=("order_id", "line_number"),
        ),
        Dataset(
            name="customers",
            columns=(
                Column("customer_id", "varchar"),
                Column("customer_name", "varchar"),
                Column("industry", "varchar", required=False),
                Column("country", "varchar", required=False),
                Column("account_manager", "varchar", required=False),
                Column("is_industry_leader", "boolean", required=False),
                Column("reputation_score", MONEY, required=False),
                Column("estimated_annual_potential", MONEY, required=False),
                # The parent under common control; chains resolve to the customer's group.
                Column("parent_customer_id", "varchar", required=False),
            ),
            merge_rule=MergeRule.REPLACE_ALL,
            key=("customer_id",),
        ),
        Dataset(
            name="service_costs",
            columns=(
                Column("customer_id", "varchar"),
                Column("cost_date", "date"),
                Column("cost_type", "varchar"),
                Column("amount", MONEY),
            ),
            merge_rule=MergeRule.REPLACE_BY_FILE_NAME,
            required=False,
        ),
        Dataset(
            name="fx_rates",
            columns=(
                Column("rate_date", "date"),
                Column("currency", "varchar"),
                Column("rate_to_reporting", "decimal(18, 8)"),
            ),
            merge_rule=MergeRule.UPSERT_BY_KEY,
            key=("rate_date", "currency"),
            required=False,
        ),
        Dataset(
            name="account_overrides",
            columns=(
                Column("customer_id", "varchar"),
                Column("tier", "varchar"),
                Column("reason", "varchar"),
                Column("owner", "varchar"),
                Column("review_date", "date"),
            ),
            # A full snapshot: the latest delivery replaces every override, a header-only one
            # removes them all.
            merge_rule=MergeRule.REPLACE_ALL,
            key=("customer_id",),
            required=False,
        ),
        Dataset(
            name="account_assessments",
            columns=(
                Column("customer_id", "varchar"),
                Column("factor", "varchar"),
                Column("rating", MONEY),
                Column("assessed_on", "date"),
                Column("assessor", "varchar"),
            ),
            # Rows add up; the same judgement delivered again replaces the earlier one.
            merge_rule=MergeRule.UPSERT_BY_KEY,
            key=("customer_id", "factor", "assessed_on"),
            required=False,
        ),
        Dataset(
            name="products",
            columns=(
                Column("product_id", "varchar"),
                Column("product_name", "varchar"),
                Column("category", "varchar", required=False),
            ),
            merge_rule=MergeRule.REPLACE_ALL,
            key=("product_id",),
            required=False,
        ),
        Dataset(
            name="action_feedback",
            columns=(
                Column("customer_id", "varchar"),
                Column("signal", "varchar"),
                Column("status", "varchar"),
                Column("recorded_on", "date"),
                # The day a snoozed signal comes back; the suite asks for it when snoozed.
                Column("until", "date", required=False),
                # `by` is an SQL keyword: the SQL that names the columns quotes them.
                Column("by", "varchar"),
                Column("note", "varchar", required=False),
            ),
            # Rows add up; the same feedback delivered again replaces the earlier one.
            merge_rule=MergeRule.UPSERT_BY_KEY,
            key=("customer_id", "signal", "recorded_on"),
            required=False,
        ),
    )
}

FILE_FORMATS = {".csv": "csv", ".parquet": "parquet"}

# Longest names first, so that a dataset whose name starts with another's is matched whole.
_DATASET_PATTERN = re.compile(
    r"^(?P<dataset>" + "|".join(sorted(DATASETS, key=len, reverse=True)) + r")(?:[_.\-].*)?$"
)


@dataclass(frozen=True)
class LandingFile:
    path: Path
    dataset: Dataset
    file_format: str


def classify_landing_file(path: Path) -> LandingFile | None:
    """The dataset and format of a landed file, from its name; None for files that are not inputs."""
    file_format = FILE_FORMATS.get(path.suffix.lower())
    match = _DATASET_PATTERN.match(path.stem)
    if file_format is None or match is None or path.name.startswith("."):
        return None
    return LandingFile(path=path, dataset=DATASETS[match["dataset"]], file_format=file_format)
