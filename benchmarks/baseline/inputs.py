"""The input files as the baseline finds and reads them (docs/method.md, "Inputs"): every
`<dataset>_*.csv` or `.parquet` below the given folders, applied in file-name order."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from benchmarks.baseline.sql import sql_list

DATASETS = ("sales_lines", "customers", "service_costs", "fx_rates", "account_assessments")
INPUT_SUFFIXES = (".csv", ".parquet")
COLUMNS = {
    "sales_lines": (
        "order_id",
        "line_number",
        "order_date",
        "customer_id",
        "product_id",
        "quantity",
        "unit_price",
        "discount",
        "currency",
    ),
    "customers": (
        "customer_id",
        "customer_name",
        "industry",
        "country",
        "account_manager",
        "is_industry_leader",
        "reputation_score",
        "estimated_annual_potential",
        "parent_customer_id",
    ),
    "service_costs": ("customer_id", "cost_date", "cost_type", "amount"),
    "fx_rates": ("rate_date", "currency", "rate_to_reporting"),
    "account_assessments": ("customer_id", "factor", "rating", "assessed_on", "assessor"),
}
# Columns whose empty text means "not given"; the others are used as delivered (CSV reads an
# empty field as null), which keeps the pass over tens of millions of sales lines lean.
OPTIONAL_TEXT = {"sales_lines": {"discount", "currency"}}


def find_input_files(folders: list[Path]) -> dict[str, list[Path]]:
    """The input files of each dataset, in the order they are applied: by file name."""
    found: dict[str, list[Path]] = {dataset: [] for dataset in DATASETS}
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix.lower() not in INPUT_SUFFIXES:
                continue
            stem = path.name[: -len(path.suffix)]
            for dataset in DATASETS:
                if stem == dataset or stem.startswith(dataset + "_"):
                    found[dataset].append(path)
    return {
        dataset: sorted(set(paths), key=lambda path: (path.name, str(path)))
        for dataset, paths in found.items()
    }


def csv_header(path: Path) -> tuple[str, ...]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return tuple(next(csv.reader(handle), ()))


def _readers(conn: duckdb.DuckDBPyConnection, files: list[Path]) -> list[tuple[str, list[str]]]:
    """A reader per group of CSV files of identical header (one read_csv each, much faster than
    union_by_name, which sniffs every file), one for the Parquet files, each with its columns."""
    readers: list[tuple[str, list[str]]] = []
    csv_groups: dict[tuple[str, ...], list[Path]] = {}
    for path in files:
        if path.suffix.lower() == ".csv":
            csv_groups.setdefault(csv_header(path), []).append(path)
    for header, group in csv_groups.items():
        paths = sql_list(group)
        readers.append(
            (
                f"read_csv({paths}, header = true, delim = ',', quote = '\"', "
                "all_varchar = true, filename = true)",
                list(header),
            )
        )
    parquet_files = [path for path in files if path.suffix.lower() == ".parquet"]
    if parquet_files:
        reader = f"read_parquet({sql_list(parquet_files)}, union_by_name = true, filename = true)"
        readers.append((reader, [name for name in conn.sql(f"select * from {reader}").columns]))
    return readers


def delivered_rows(conn: duckdb.DuckDBPyConnection, dataset: str, files: list[Path]) -> str:
    """A relation over the files' rows, every column as text (ids keep their leading zeros),
    an absent optional column as null, plus `source_file`, the path the row was read from."""
    columns = COLUMNS[dataset]
    selects = []
    for reader, names in _readers(conn, files):
        delivered = {name.strip().lower(): name for name in names if name != "filename"}
        selected = []
        for column in columns:
            value = f'cast("{delivered[column]}" as varchar)' if column in delivered else "null"
            if dataset not in OPTIONAL_TEXT or column in OPTIONAL_TEXT[dataset]:
                value = f"nullif(trim({value}), '')"
            selected.append(f"cast({value} as varchar) as {column}")
        selects.append(f"select {', '.join(selected)}, filename as source_file from {reader}")
    if not selects:
        nothing = ", ".join(f"cast(null as varchar) as {column}" for column in columns)
        selects.append(f"select {nothing}, cast(null as varchar) as source_file where false")
    return "(" + " union all ".join(selects) + ")"
