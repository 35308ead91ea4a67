"""BI tools read the published file: through SQLAlchemy and duckdb-engine, read-only, as
Superset does, and with the oldest DuckDB 1.x release, which the drivers inside BI tools embed."""

import json
import re
import shlex
import subprocess
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import create_engine, inspect, text

from dagster_project.lib.configuration.settings import REPO_ROOT
from tests.conftest import bi_section, published_mart_names

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
    "money": conn.execute(
        "select net_revenue::varchar, typeof(net_revenue) from latest.customer_revenue_shares "
        "order by revenue_rank limit 1"
    ).fetchone(),
    "info": dict(conn.execute("select key, value from publication_info").fetchall()),
}))
"""


# The path the README's recipes give, relative or after /abs/path/.
README_PATH = "/abs/path/data/published/key_accounts.duckdb"
RELATIVE_PATH = "data/published/key_accounts.duckdb"
# The oldest DuckDB command line on PyPI (duckdb-cli is published from 1.4.4 on).
OLDEST_DUCKDB_CLI = "1.4.4"


def _recipes() -> list[tuple[str, str]]:
    """(language, text) of each fenced block of the README's section for BI tools."""
    return re.findall(r"```(\w*)\n(.*?)```", bi_section(), re.S)


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
    (url,) = [block for language, block in _recipes() if block.startswith("duckdb:///")]
    engine = create_engine(url.strip().replace(README_PATH, str(published)))
    with engine.connect() as conn:
        assert sorted(inspect(conn).get_table_names()) == sorted(expected)
        for table, count in expected.items():
            assert conn.execute(text(f"select count(*) from {table}")).scalar() == count > 0
        with pytest.raises(Exception, match="read-only"):
            conn.execute(text("create table scratch (x integer)"))
    engine.dispose()


def _run_with(package: str, *argv: str) -> str:
    """Run argv in an environment of its own with `package` (uv fetches it from PyPI); stdout."""
    uv = REPO_ROOT / ".uv" / "bin" / "uv"
    assert uv.exists(), "make installs uv into .uv/; run the tests through make test"
    result = subprocess.run(
        [str(uv), "run", "--no-project", "--quiet", "--with", package, *argv],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_oldest_duckdb_1_release_opens_the_published_file(published):
    stdout = _run_with(
        f"duckdb=={OLDEST_DUCKDB}", "python", "-c", OLDEST_DUCKDB_SCRIPT, str(published)
    )
    read = json.loads(stdout.splitlines()[-1])
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
    # Money in cents, as an exact decimal: the hand book's largest customer, 001, sold 600.
    assert read["money"] == ["600.00", "DECIMAL(18,2)"]
    assert read["info"]["latest_as_of_date"] == latest[0]
    assert read["info"]["reporting_currency"] == "EUR" and read["info"]["window_months"] == "12"
    # The weights and the first tier of the configuration the hand book runs with (the default).
    facts = ("weight_", "first_tier", "incumbent_margin", "min_completeness", "kaism_split")
    assert {k: v for k, v in read["info"].items() if k.startswith(facts)} == {
        "weight_current_revenue": "30.0",
        "weight_potential_revenue": "20.0",
        **{
            f"weight_{name}": "10.0"
            for name in ("revenue_growth", "order_stability", "cost_to_serve", "product_need")
            + ("reputation",)
        },
        "first_tier": "key",
        "first_tier_min_score": "7.5",
        "first_tier_max_accounts": "30",
        "incumbent_margin": "0.25",
        "min_completeness_for_key": "0.6",
        "kaism_split": "5.5",
    }


def test_the_readme_recipes_run_on_the_published_file(published):
    """The command line, the Python lines and every query the section quotes, as written there
    (the path swapped for this file's): the CLI of DuckDB 1.4.4, the rest under DuckDB 1.0.0."""
    recipes = _recipes()
    (command,) = [block for language, block in recipes if language == "sh"]
    argv = [str(published) if arg == RELATIVE_PATH else arg for arg in shlex.split(command)]
    cli_output = _run_with(f"duckdb-cli=={OLDEST_DUCKDB_CLI}", *argv)
    # As of 2026-06-30, the hand book's HHI, 10,000 × (0.6² + 0.2² + 0.1² + 0.1²), and its
    # positive revenue, 1,000, in cents.
    (row,) = [line for line in cli_output.splitlines() if "2026-06-30" in line]
    assert [cell.strip() for cell in row.split("│")][1:5] == [
        "2026-06-30",
        "1000.00",
        "4",
        "4200.0",
    ]

    (python,) = [block for language, block in recipes if language == "python"]
    queries = re.findall(r"`(select [^`]+)`", bi_section())
    assert len(queries) >= 2, queries
    script = python.replace(RELATIVE_PATH, str(published)) + "\n".join(
        f"print(len(conn.execute({query!r}).fetchall()))" for query in queries
    )
    counts = [
        int(line) for line in _run_with(f"duckdb=={OLDEST_DUCKDB}", "python", "-c", script).split()
    ]
    with duckdb.connect(str(published), read_only=True) as conn:
        expected = [len(conn.execute(query).fetchall()) for query in queries]
    assert counts == expected and all(counts), (queries, counts)
