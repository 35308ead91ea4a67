"""What the Dagster UI shows of each table: its owners, its `dagster/column_schema` (declared on
the asset from its contract, and read back from the table on each materialisation) and its
`dagster/row_count`, for the raw tables, the dbt models and the published file alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dagster as dg
    import duckdb

OWNERS_DATA_ENGINEERING = ["team:data-engineering"]
"""Owners of the pipeline's own assets (landing files, raw tables, the published file); the dbt
models' owners are set in dbt/dbt_project.yml (`meta.dagster.owners`)."""


def column_schema(
    columns: Iterable[tuple[str, str]], descriptions: Mapping[str, str] | None = None
) -> dg.TableSchema:
    """(name, type) pairs, with each column's description where one is given."""
    import dagster as dg

    descriptions = descriptions or {}
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name=name, type=sql_type, description=descriptions.get(name))
            for name, sql_type in columns
        ]
    )


def dbt_column_descriptions(manifest_node: Mapping) -> dict[str, str]:
    """Column name → description from a dbt manifest node (whitespace trimmed)."""
    return {
        name: column["description"].strip()
        for name, column in manifest_node["columns"].items()
        if column.get("description")
    }


def describe_tables(
    conn: duckdb.DuckDBPyConnection, relations: Iterable[tuple[str, str]], count_rows: set
) -> dict[tuple[str, str], tuple[list[tuple[str, str]], int | None]]:
    """(schema, name) → its columns (name, type, in order) and its row count (None for relations
    not in count_rows, such as views, which would be re-run), for the given relations that exist
    in the connection's own database (not in databases attached to it)."""
    wanted = set(relations)
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, sql_type in conn.execute(
        """
        select table_schema, table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = current_database()
        order by table_schema, table_name, ordinal_position
        """
    ).fetchall():
        if (schema, table) in wanted:
            columns.setdefault((schema, table), []).append((column, sql_type))
    counted = sorted(set(columns) & count_rows)
    counts = {}
    if counted:
        union = " union all ".join(
            f"select {position}, count(*) from {schema}.{table}"
            for position, (schema, table) in enumerate(counted)
        )
        counts = {counted[position]: rows for position, rows in conn.execute(union).fetchall()}
    return {relation: (cols, counts.get(relation)) for relation, cols in columns.items()}
