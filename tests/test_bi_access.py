"""BI tools read the published file: through SQLAlchemy and duckdb-engine, read-only, as
Superset does, and with the oldest DuckDB 1.x release, which the drivers inside BI tools embed."""

import json
import subprocess
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import create_engine, inspect, text

from dagster_project.lib.settings import REPO_ROOT
from tests.conftest import published_mart_names

OLDEST_DUCKDB = "1.0.0"
# Run under DuckDB 1.0.0: what a BI driver of that release reads from the file.
OLDEST_DUCKDB_SCRIPT = """
import duckdb, json, sys
conn = duckdb.connect(sys.argv[1], read_only=True)
tables = [row[0] for row in conn.execute("show tables").fetchall()]
uncommented = conn.execute(
    "select schema_name, table_name, column_name from duckdb_columns() "
    "where database_name = current_database() and schema_name in ('main', 'latest') "
    "and not internal and comment is null"
).fetchall() + conn.execute(
    "select schema_name, table_name from duckdb_tables() where not internal and comment is null "
    "union all select schema_name, view_name from duckdb_views() "
    "where not internal and comment is null"
).fetchall()
print(json.dumps({
    "version": duckdb.__version__,
    "counts": {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables},
    "top": conn.execute(
        "select customer_id, weighted_score::varchar, tier from customer_scores "
        "order by score_rank limit 1"
    ).fetchone(),
    "latest": conn.execute(
        "select min(as_of_date)::varchar, max(as_of_date)::varchar, count(*) "
        "from latest.customer_scores"
    ).fetchone(),
    "uncommented": uncommented,
    "info": dict(conn.execute("select key, value from publication_info").fetchall()),
}))
"""


@pytest.fixture
def published(hand_book_two_days, copy_of) -> Path:
    # Two scored dates, so that every table has rows (score_changes compares the two).
    return copy_of(hand_book_two_days).published


def _row_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as conn:
        tables = [row[0] for row in conn.execute("show tables").fetchall()]
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def test_sqlalchemy_reads_every_published_table_read_only(published):
    expected = _row_counts(published)
    assert set(expected) == {*published_mart_names(), "publication_info"}
    # The URL the README gives for Superset and other SQLAlchemy tools.
    engine = create_engine(f"duckdb:///{published}?access_mode=read_only")
    with engine.connect() as conn:
        assert sorted(inspect(conn).get_table_names()) == sorted(expected)
        for table, count in expected.items():
            assert conn.execute(text(f"select count(*) from {table}")).scalar() == count > 0
        with pytest.raises(Exception, match="read-only"):
            conn.execute(text("create table scratch (x integer)"))
    engine.dispose()


def test_the_oldest_duckdb_1_release_opens_the_published_file(published):
    """Runs DuckDB 1.0.0 in an environment of its own (uv fetches it from PyPI)."""
    uv = REPO_ROOT / ".uv" / "bin" / "uv"
    assert uv.exists(), "make installs uv into .uv/; run the tests through make test"
    result = subprocess.run(
        [
            str(uv),
            "run",
            "--no-project",
            "--quiet",
            "--with",
            f"duckdb=={OLDEST_DUCKDB}",
            "python",
            "-c",
            OLDEST_DUCKDB_SCRIPT,
            str(published),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout.splitlines()[-1])
    assert read["version"] == OLDEST_DUCKDB
    assert read["counts"] == _row_counts(published)
    with duckdb.connect(str(published), read_only=True) as conn:
        top = conn.execute(
            "select customer_id, weighted_score::varchar, tier from customer_scores "
            "order by score_rank limit 1"
        ).fetchone()
        latest = conn.execute(
            "select max(as_of_date)::varchar, count(*) from customer_scores "
            "where as_of_date = (select max(as_of_date) from customer_scores)"
        ).fetchone()
    assert read["top"] == list(top)
    # `latest` holds the newest date's rows only; every table, view and column has a comment.
    assert read["latest"] == [latest[0], latest[0], latest[1]]
    assert read["uncommented"] == []
    assert read["info"]["latest_as_of_date"] == latest[0]
    assert read["info"]["reporting_currency"] == "EUR" and read["info"]["window_months"] == "12"
