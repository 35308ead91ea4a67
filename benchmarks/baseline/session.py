"""One baseline computation: its DuckDB connection, configuration and chain of scored dates."""

from __future__ import annotations

import time
from datetime import date

import duckdb

from benchmarks.baseline.config import Config
from benchmarks.baseline.sql import date_sql


class Session:
    """What every step reads: the connection the temporary tables live in, the configuration,
    the chain of dates (oldest first; the last is the as-of date published) and the date being
    scored now, as an SQL literal (a date's tiers depend on the dates before it)."""

    def __init__(
        self,
        conn: duckdb.DuckDBPyConnection,
        config: Config,
        as_of: date,
        previous_dates: tuple[date, ...] = (),
    ) -> None:
        if any(day >= as_of for day in previous_dates):
            raise ValueError("every previous date must be before the as-of date")
        self.conn = conn
        self.config = config
        self.dates = [*sorted(set(previous_dates)), as_of]
        self.as_of = date_sql(as_of)
        self.started = time.perf_counter()

    def step(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.2f}s] {message}", flush=True)

    def execute(self, sql: str) -> None:
        self.conn.execute(sql)

    def one(self, sql: str) -> tuple:
        return self.conn.execute(sql).fetchone()
