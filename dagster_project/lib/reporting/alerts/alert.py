"""What every alert is made of, and how each reads the published file: an Alert whether it
fires or not, so that the asset check shows the figures either way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb


@dataclass(frozen=True)
class Alert:
    fired: bool
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


def query_rows(conn: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict[str, Any]]:
    """The rows of `sql`, each a dict by column name: alert texts name the columns they use."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def concentration_figures(conn: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, Any]:
    """The revenue_concentration row of `as_of`, or {} when that date has none."""
    rows = query_rows(conn, "select * from revenue_concentration where as_of_date = ?", [as_of])
    return rows[0] if rows else {}


def is_above(value: float, limit: float) -> bool:
    """value > limit, with figures rounded to 9 decimals: a value exactly at the limit (0.14 −
    0.09 against 0.05, which is 0.05000000000000002 in binary) does not fire."""
    return round(value, 9) > round(limit, 9)
