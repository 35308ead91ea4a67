"""Publishing swaps in a complete new file; readers keep what they opened."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from dagster_project.lib.publishing.published_file import TableDescription, publish_tables


def make_warehouse(path: Path, value: int) -> None:
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema if not exists marts")
        conn.execute(
            f"create or replace table marts.figures as select {value} as value from range(3)"
        )


def warehouse_of(tmp_path: Path, *statements: str) -> tuple[Path, Path]:
    """A warehouse with schema marts and the tables the statements create, and the path to
    publish it to."""
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create schema marts")
        for statement in statements:
            conn.execute(statement)
    return warehouse, tmp_path / "published.duckdb"


def test_publish_copies_the_tables_and_an_info_table(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "out" / "published.duckdb"
    make_warehouse(warehouse, 1)
    written = publish_tables(warehouse, published, {"figures": "marts.figures"}, {"run_id": "r1"})
    assert [(t.name, t.row_count) for t in written] == [("figures", 3)]
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute("select sum(value) from figures").fetchone() == (3,)
        info = dict(conn.execute("select key, value from publication_info").fetchall())
    assert info["run_id"] == "r1" and "published_at" in info
    assert sorted(p.name for p in published.parent.iterdir()) == ["published.duckdb"]


def test_a_published_file_named_like_the_warehouse_publishes(tmp_path):
    """DuckDB names a database after its file: two files called warehouse.duckdb once clashed
    and no publish could ever succeed."""
    warehouse = tmp_path / "pipeline" / "warehouse.duckdb"
    published = tmp_path / "bi" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    make_warehouse(warehouse, 2)
    [table] = publish_tables(warehouse, published, {"figures": "marts.figures"})
    assert table.row_count == 3
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute("select sum(value) from figures").fetchone() == (6,)


def test_a_reader_holding_the_old_file_keeps_reading_it(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "published.duckdb"
    make_warehouse(warehouse, 1)
    publish_tables(warehouse, published, {"figures": "marts.figures"})
    with duckdb.connect(str(published), read_only=True) as reader:
        make_warehouse(warehouse, 2)
        publish_tables(warehouse, published, {"figures": "marts.figures"})
        assert reader.execute("select sum(value) from figures").fetchone() == (3,)
    with duckdb.connect(str(published), read_only=True) as fresh_reader:
        assert fresh_reader.execute("select sum(value) from figures").fetchone() == (6,)


def test_a_failed_publish_leaves_the_published_file_as_it_was(tmp_path):
    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "published.duckdb"
    make_warehouse(warehouse, 1)
    publish_tables(warehouse, published, {"figures": "marts.figures"})
    before = published.read_bytes()
    with pytest.raises(duckdb.CatalogException):
        publish_tables(
            warehouse, published, {"figures": "marts.figures", "missing": "marts.missing"}
        )
    assert published.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published.duckdb", "warehouse.duckdb"]


PUBLISH_BIG = """
import sys
from pathlib import Path
from dagster_project.lib.publishing.published_file import publish_tables
publish_tables(Path(sys.argv[1]), Path(sys.argv[2]), {"figures": "marts.figures", "big": "marts.big"})
"""


def test_a_publish_killed_half_way_leaves_the_previous_file_whole(tmp_path):
    """kill -9 while the new version is being written: readers keep the previous version, and
    the next publish clears the orphaned temporary file."""
    import signal
    import subprocess
    import sys
    import time

    warehouse, published = tmp_path / "warehouse.duckdb", tmp_path / "published.duckdb"
    make_warehouse(warehouse, 1)
    publish_tables(warehouse, published, {"figures": "marts.figures"})
    before = published.read_bytes()
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute(
            "create table marts.big as select range as id, md5(range::varchar) as text from range(30000000)"
        )

    writer = subprocess.Popen([sys.executable, "-c", PUBLISH_BIG, str(warehouse), str(published)])
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".published.duckdb.*.tmp*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer.poll() is None, "the publish finished before it could be interrupted"
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait()

    assert published.read_bytes() == before
    with duckdb.connect(str(published), read_only=True) as reader:
        assert reader.execute("select sum(value) from figures").fetchone() == (3,)
    assert list(tmp_path.glob(".published.duckdb.*.tmp*"))  # the orphan the kill left

    publish_tables(warehouse, published, {"figures": "marts.figures"})
    assert not list(tmp_path.glob(".published.duckdb.*.tmp*"))


def test_the_file_describes_itself_and_serves_the_latest_date(tmp_path):
    """Comments on every described table, view and column; `latest.<table>` holds the newest
    as-of date of the whole file (2026-02-28 here), even for a table without rows on it, and
    publication_info names the first and latest dates."""
    warehouse, published = warehouse_of(
        tmp_path,
        "create table marts.scores as select * from (values "
        "(date '2026-01-31', 'c1', 7.0), (date '2026-02-28', 'c1', 8.0), "
        "(date '2026-02-28', 'c2', 5.0)) as t(as_of_date, customer_id, weighted_score)",
        "create table marts.actions as select date '2026-01-31' as as_of_date",
        "create table marts.history as select 'c1' as customer_id",
    )
    descriptions = {
        "scores": TableDescription(
            "Scores.",
            {"as_of_date": "The date.", "customer_id": "Who.", "weighted_score": "How much."},
        )
    }
    tables = {"scores": "marts.scores", "actions": "marts.actions", "history": "marts.history"}
    publish_tables(warehouse, published, tables, {"scale": "10"}, descriptions)
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute("select * from latest.scores order by customer_id").fetchall() == [
            (date(2026, 2, 28), "c1", 8.0),
            (date(2026, 2, 28), "c2", 5.0),
        ]
        assert conn.execute("select count(*) from latest.actions").fetchone() == (0,)
        views = conn.execute(
            "select view_name, comment from duckdb_views() where schema_name = 'latest'"
        ).fetchall()
        assert sorted(name for name, _ in views) == ["actions", "scores"]
        assert dict(views)["scores"].endswith("Scores.")
        comments = conn.execute(
            "select schema_name, table_name, column_name, comment from duckdb_columns() "
            "where table_name = 'scores' order by all"
        ).fetchall()
        info = dict(conn.execute("select key, value from publication_info").fetchall())
        info_comment = conn.execute(
            "select comment from duckdb_tables() where table_name = 'publication_info'"
        ).fetchone()[0]
    assert comments == [
        (schema, "scores", column, text)
        for schema in ("latest", "main")
        for column, text in sorted(descriptions["scores"].columns.items())
    ]
    assert info["first_as_of_date"] == "2026-01-31" and info["latest_as_of_date"] == "2026-02-28"
    assert info["scale"] == "10" and "reporting currency" in info_comment


def test_money_is_published_rounded_to_cents_as_an_exact_decimal(tmp_path):
    """The money columns named, and only those, become decimal(18, 2), rounded half away from
    zero, and their comment says so."""
    warehouse, published = warehouse_of(
        tmp_path,
        "create table marts.shares as select * from (values "
        "('c1', 10358571.743104::decimal(38, 6), 10358571.743104::double, 0.123456::double), "
        "('c2', -0.005::decimal(38, 6), 2.675::double, 0.5), "
        "('c3', null, 0.004999::double, 0.25)) "
        "as t(customer_id, net_revenue, revenue_at_stake, revenue_share)",
    )
    descriptions = {
        "shares": TableDescription(
            "Shares.",
            {"net_revenue": "Net revenue.", "revenue_share": "Its share."},
        )
    }
    money = {"shares": ["net_revenue", "revenue_at_stake"]}
    publish_tables(
        warehouse,
        published,
        {"shares": "marts.shares"},
        descriptions=descriptions,
        money_columns=money,
    )
    with duckdb.connect(str(published), read_only=True) as conn:
        types = dict(
            conn.execute(
                "select column_name, data_type from duckdb_columns() where table_name = 'shares'"
            ).fetchall()
        )
        rows = conn.execute(
            "select customer_id, net_revenue::varchar, revenue_at_stake::varchar, revenue_share "
            "from shares order by customer_id"
        ).fetchall()
        comments = dict(
            conn.execute(
                "select column_name, comment from duckdb_columns() where table_name = 'shares'"
            ).fetchall()
        )
    assert types == {
        "customer_id": "VARCHAR",
        "net_revenue": "DECIMAL(18,2)",
        "revenue_at_stake": "DECIMAL(18,2)",
        "revenue_share": "DOUBLE",
    }
    # Half a cent goes away from zero, even where the double of 2.675 is a hair below it.
    assert rows == [
        ("c1", "10358571.74", "10358571.74", 0.123456),
        ("c2", "-0.01", "2.68", 0.5),
        ("c3", None, "0.00", 0.25),
    ]
    assert comments["net_revenue"] == "Net revenue. Rounded to cents."
    assert comments["revenue_share"] == "Its share."
