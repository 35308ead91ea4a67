"""A Great Expectations SQL datasource for DuckDB whose metrics are real.

GX's SqlAlchemyExecutionEngine.execute_query runs a query inside `with get_connection()` and
returns the live cursor result after the `with` has closed the connection. Through
duckdb-engine the rows are then gone: fetching raises IndexError in resolve_metric_bundle, GX
records an exception for the metric, and every expectation reports failure without a count.
Buffering the rows with SQLAlchemy's Result.freeze() while the connection is open fixes it.

duckdb-engine quotes only DuckDB's `reserved` keywords, but its `type_function` ones cannot be
column names either: a metric that lists a table's columns fails with a syntax error on
action_feedback's `by`. The engine's preparer quotes both.

The datasource below is GX's own SQL datasource with that engine; importing this module
registers it, so a context gets `data_sources.add_duckdb_buffered(...)`.

Import this module lazily: it imports great_expectations (several seconds).
"""

from typing import Literal, Type  # noqa: UP035  (`type` is a field of the class below)

import duckdb
from great_expectations.datasource.fluent.sql_datasource import SQLDatasource
from great_expectations.execution_engine import SqlAlchemyExecutionEngine


class BufferedSqlAlchemyExecutionEngine(SqlAlchemyExecutionEngine):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        preparer = self.engine.dialect.identifier_preparer
        keywords = duckdb.sql(
            "select keyword_name from duckdb_keywords() where keyword_category = 'type_function'"
        ).fetchall()
        # A set of this preparer's own: duckdb-engine's is shared with every PostgreSQL dialect.
        preparer.reserved_words = preparer.reserved_words | {name for (name,) in keywords}

    def execute_query(self, query):
        with self.get_connection() as connection:
            # freeze() reads every row now; calling the frozen result replays them later.
            return self._execute_query_with_recovery(connection, query).freeze()()


class DuckDBBufferedDatasource(SQLDatasource):
    type: Literal["duckdb_buffered"] = "duckdb_buffered"

    @property
    def execution_engine_type(self) -> Type[SqlAlchemyExecutionEngine]:  # noqa: UP006
        return BufferedSqlAlchemyExecutionEngine
