"""Aggregates of doubles add their rows in a fixed order (dbt/macros/aggregate_in_order.sql), so a
rerun on the same input publishes the same figures to the last bit: the crash-safety tests
compare a repaired run with an uninterrupted one exactly, and so does an analyst diffing reruns.
"""

import statistics

import duckdb
import pytest

from dagster_project.lib.configuration.scoring import ScoringConfig, dbt_vars
from tests.conftest import dbt_compile_inline


@pytest.fixture(scope="module")
def ordered_aggregates_sql(tmp_path_factory) -> str:
    return dbt_compile_inline(
        tmp_path_factory.mktemp("compile"),
        """
        select
            group_id,
            {{ aggregate_in_order('sum', 'x', 'row_index') }} as sum_by_index,
            {{ aggregate_in_order('sum', 'x', 'other_order') }} as sum_by_other_order,
            {{ aggregate_in_order('stddev_pop', 'x', 'row_index') }} as deviation
        from rows_to_add
        group by group_id
        order by group_id
        """,
        dbt_vars(ScoringConfig()),
    )


def test_the_rows_are_added_in_the_given_order(ordered_aggregates_sql):
    # In doubles 1 + 1e16 rounds to 1e16. Added in row_index order, 1, 1e16, -1e16 give
    # (1 + 1e16) - 1e16 = 0; in other_order (1e16, -1e16, then 1) they give 1.
    conn = duckdb.connect()
    conn.execute("""
        create table rows_to_add as
        select * from (values
            (1, 1, 3, 1.0::double),
            (1, 2, 1, 1e16::double),
            (1, 3, 2, -1e16::double)
        ) as hand(group_id, row_index, other_order, x)
    """)
    [(group_id, sum_by_index, sum_by_other_order, deviation)] = conn.execute(
        ordered_aggregates_sql
    ).fetchall()
    assert (group_id, sum_by_index, sum_by_other_order) == (1, 0.0, 1.0)
    assert deviation == pytest.approx(statistics.pstdev([1.0, 1e16, -1e16]), rel=1e-12)


def test_a_large_aggregate_gives_the_same_last_bit_every_time(ordered_aggregates_sql):
    # 3 million rows in 7 groups on 8 threads: each thread aggregates a part of them, and a
    # plain sum of these doubles differs in the last bits in nearly every run of ten.
    conn = duckdb.connect(config={"threads": 8})
    conn.execute("select setseed(0.42)")
    conn.execute("""
        create table rows_to_add as
        select range % 7 as group_id, range as row_index, -range as other_order, random() * 1e6 as x
        from range(3000000)
    """)
    results = {repr(conn.execute(ordered_aggregates_sql).fetchall()) for _ in range(10)}
    assert len(results) == 1
