"""What tests/end_to_end/test_daily_job_by_hand_*.py share: the published tables' rows as the
tests read them."""

import duckdb


def published_rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()
