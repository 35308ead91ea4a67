"""The contract of each input dataset (docs/method.md, "Inputs"): its columns, their raw types,
which must be given, its key and how its deliveries merge, in one place."""

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
    # A required column must be in every file; another may be left out of a file (its values
    # are then null) or left empty.
    required: bool = True
    # A required column is given on every row, unless it is nullable.
    nullable: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    merge_rule: MergeRule
    key: tuple[str, ...] = ()
    # A required dataset must have been delivered at least once before the models run.
    required: bool = True

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _dataset(table: str) -> Dataset:
    """A dataset written as a table, so that its contract reads as the one docs/method.md
    ("Inputs") describes: a first line `name  merge rule  [optional]` (optional: the models run
    before it is ever delivered), then a line a column, `name  raw type  [key | optional |
    nullable]` (key: one of the key's columns, in the key's order; optional: a file may leave it
    out or leave it empty; nullable: in every file, but a row may leave it empty). `#` starts a
    comment."""
    lines = [line.split("#", 1)[0].split() for line in table.splitlines()]
    (name, merge_rule, *dataset_flag), *column_lines = [words for words in lines if words]
    columns, key = [], []
    for column_name, *type_words in column_lines:
        flag = type_words.pop() if type_words[-1] in ("key", "optional", "nullable") else None
        sql_type = " ".join(type_words)
        columns.append(
            Column(column_name, sql_type, required=flag != "optional", nullable=flag == "nullable")
        )
        if flag == "key":
            key.append(column_name)
    return Dataset(
        name=name,
        columns=tuple(columns),
        merge_rule=MergeRule(merge_rule),
        key=tuple(key),
        required=dataset_flag != ["optional"],
    )


# The raw tables, the structural expectations and the dbt sources follow from these: the raw
# tables are created from them (lib/ingestion/raw_tables.py), the suites' structural rules built
# from them (lib/contracts/contract_rules.py), and tests/unit/contracts/test_datasets.py checks that
# dbt/models/staging/raw/_raw__sources.yml names the same columns.
_CONTRACT = (
    _dataset(
        """
        sales_lines  upsert_by_key
        order_id      varchar         key
        line_number   integer         key
        order_date    date
        customer_id   varchar
        product_id    varchar
        quantity      decimal(18, 6)
        unit_price    decimal(18, 6)
        discount      decimal(18, 6)  optional
        currency      varchar         optional
        """
    ),
    _dataset(
        """
        customers  replace_all
        customer_id                 varchar         key
        # In every snapshot, though a row may leave it empty.
        customer_name               varchar         nullable
        industry                    varchar         optional
        country                     varchar         optional
        account_manager             varchar         optional
        is_industry_leader          boolean         optional
        reputation_score            decimal(18, 6)  optional
        estimated_annual_potential  decimal(18, 6)  optional
        # The parent under common control; chains resolve to the customer's group.
        parent_customer_id          varchar         optional
        """
    ),
    _dataset(
        """
        service_costs  replace_by_file_name  optional
        customer_id  varchar
        cost_date    date
        cost_type    varchar
        amount       decimal(18, 6)
        """
    ),
    _dataset(
        """
        fx_rates  upsert_by_key  optional
        rate_date          date            key
        currency           varchar         key
        rate_to_reporting  decimal(18, 8)
        """
    ),
    _dataset(
        """
        # A full snapshot: the latest delivery replaces every override, a header-only one
        # removes them all.
        account_overrides  replace_all  optional
        customer_id  varchar  key
        tier         varchar
        reason       varchar
        owner        varchar
        review_date  date
        """
    ),
    _dataset(
        """
        # Rows add up; the same judgement delivered again replaces the earlier one.
        account_assessments  upsert_by_key  optional
        customer_id  varchar         key
        factor       varchar         key
        rating       decimal(18, 6)
        assessed_on  date            key
        assessor     varchar
        """
    ),
    _dataset(
        """
        products  replace_all  optional
        product_id    varchar  key
        product_name  varchar
        category      varchar  optional
        """
    ),
    _dataset(
        """
        # Rows add up; the same feedback delivered again replaces the earlier one.
        action_feedback  upsert_by_key  optional
        customer_id  varchar  key
        signal       varchar  key
        status       varchar
        recorded_on  date     key
        # The day a snoozed signal comes back; the suite asks for it when snoozed.
        until        date     optional
        # `by` is an SQL keyword: the SQL that names the columns quotes them.
        by           varchar
        note         varchar  optional
        """
    ),
)

DATASETS: dict[str, Dataset] = {dataset.name: dataset for dataset in _CONTRACT}

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
