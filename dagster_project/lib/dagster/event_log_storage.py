"""Dagster's SQLite event log, without a new connection and two disk syncs for every event.

Dagster's SqliteEventLogStorage opens a new engine and connection for every event it stores
(NullPool), commits it with a sync to disk, and closes it, which checkpoints the write-ahead
log: each event waits for the disk, and a daily run records some 500 events (each dbt model
and test is one or two), so more than half of a small run's time went to storing its
events. This storage keeps a few engines open (the index shard and the latest runs' shards) and
writes in WAL mode with `synchronous = NORMAL`: a commit no longer waits for the disk, and a
crash of the process loses nothing; a power cut may lose the last events of a run's history,
never the warehouse or the published file, which sync themselves (lib/publishing/published_file.py).
The repository's dagster_home/dagster.yaml selects it; a Dagster instance on PostgreSQL
(README, "Running it unattended") does not use it.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dagster as dg
import sqlalchemy as db
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy.pool import QueuePool

# The index shard and the shards of the runs under way; each open engine holds a file open.
KEPT_ENGINES = 4


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Configured with no base_dir, it keeps its files where Dagster's default does:
    $DAGSTER_HOME/history/runs."""

    @classmethod
    def config_type(cls) -> dict:
        return {"base_dir": dg.Field(dg.StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> PooledSqliteEventLogStorage:
        base_dir = config_value.get("base_dir")
        if not base_dir:
            # Dagster gives a storage configured in dagster.yaml no word of the folder the file
            # is in: DAGSTER_HOME names it.
            if not os.environ.get("DAGSTER_HOME"):
                raise dg.DagsterInvariantViolationError(
                    f"{cls.__name__} keeps its files in $DAGSTER_HOME/history/runs: set "
                    "DAGSTER_HOME to the folder of the dagster.yaml that selects it, or give "
                    "it a base_dir"
                )
            base_dir = os.path.join(os.environ["DAGSTER_HOME"], "history", "runs")
        return cls(base_dir=base_dir, inst_data=inst_data)

    def _engine(self, shard: str) -> db.Engine:
        engines: OrderedDict[str, db.Engine] = self.__dict__.setdefault("_engines", OrderedDict())
        if shard in engines:
            engines.move_to_end(shard)
            return engines[shard]
        engine = db.create_engine(
            self.conn_string_for_shard(shard),
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=4,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        db.event.listen(engine, "connect", _write_without_waiting_for_the_disk)
        engines[shard] = engine
        while len(engines) > KEPT_ENGINES:
            engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Any]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        for engine in self.__dict__.get("_engines", {}).values():
            engine.dispose()
        super().dispose()


def _write_without_waiting_for_the_disk(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def instance_at(dagster_home: str | os.PathLike) -> dg.DagsterInstance:
    """The Dagster instance of the dagster.yaml in dagster_home, opened as `key-accounts` opens
    it (with DAGSTER_HOME naming that folder while the storages are created)."""
    home = os.fspath(dagster_home)
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = home
    try:
        return dg.DagsterInstance.from_config(home)
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous
