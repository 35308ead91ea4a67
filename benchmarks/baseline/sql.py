"""Literals spelled into the baseline's SQL, exact so that a threshold compares as configured."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

MONEY = "decimal(18, 6)"
# A line's net amount in the reporting currency, and the sums of them (docs/method.md, "Inputs").
AMOUNT = "decimal(38, 6)"


def num(value: float) -> str:
    """A number as an exact SQL literal (a decimal, so 0.8 is 8/10 and not the double nearest)."""
    return format(Decimal(repr(float(value))), "f")


def text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join(text(str(path)) for path in paths) + "]"


def date_sql(day: date) -> str:
    return f"date '{day.isoformat()}'"
