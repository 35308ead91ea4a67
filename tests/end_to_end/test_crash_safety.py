"""A kill at any moment leaves the warehouse and the published file usable, and the next run
repairs what is missing without duplicating anything; readers never see half a file; two runs
started together do not collide."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import installation_env, published_marts, run_job, use_installation
from tests.hand_book import AS_OF
from tests.installations import DAY_BEFORE, copy_installation

pytestmark = pytest.mark.e2e

CLI = str(Path(sys.executable).parent / "key-accounts")
DAY_1, DAY_2 = DAY_BEFORE, AS_OF


def environment(root: Path) -> dict[str, str]:
    return {**os.environ, **installation_env(root)}


def published_marts_of(root: Path) -> dict[str, list]:
    return published_marts(root / "data" / "published" / "key_accounts.duckdb")


def raw_counts(root: Path) -> tuple:
    with duckdb.connect(str(root / "data" / "warehouse.duckdb"), read_only=True) as conn:
        return conn.execute(
            "select (select count(*) from raw.sales_lines), (select count(*) from raw.ingested_files)"
        ).fetchone()


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CLI, *args], env=environment(root), capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def prepared(tmp_path, hand_book_day_before) -> Path:
    """Day 1 run and published; the last day's file delivered and waiting."""
    root = tmp_path / "site"
    copy_installation(hand_book_day_before.root, root)
    return root


@pytest.fixture(scope="module")
def reference(hand_book_two_days) -> dict[str, list]:
    """The marts after day 1 and day 2 run without interruption."""
    return published_marts_of(hand_book_two_days.root)


def kill_run_when(root: Path, marker: str, delay_s: float = 0.0) -> str:
    """Start the day-2 run and kill -9 it (with its dbt child) once its log shows `marker`."""
    process = subprocess.Popen(
        # -v: the step log on the terminal as it happens, to kill the run at a moment of it.
        [CLI, "run", "--as-of", DAY_2.isoformat(), "-v", "--log-level", "DEBUG"],
        env=environment(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    seen = []
    for line in process.stderr:
        seen.append(line)
        if marker in line:
            time.sleep(delay_s)
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert any(marker in line for line in seen), "".join(seen[-20:])
    return "".join(seen)


@pytest.mark.parametrize(
    ("moment", "marker", "delay_s"),
    [
        ("during validation", "Validating 1 file(s)", 0.0),
        ("during dbt", "Running dbt command", 2.0),
    ],
)
def test_a_run_killed_then_run_again_equals_an_uninterrupted_run(
    prepared, reference, moment, marker, delay_s
):
    root = prepared
    before = published_marts_of(root)
    kill_run_when(root, marker, delay_s)

    # Right after the kill: the published file is the previous complete version.
    assert published_marts_of(root) == before
    # Nothing was half-ingested: the waiting file is either still waiting or wholly merged.
    sales, files = raw_counts(root)
    assert (sales, files) in {(8, 12), (9, 13)}

    again = cli(root, "run", "--as-of", DAY_2.isoformat(), "--log-level", "WARNING")
    assert again.returncode == 0, again.stderr
    assert published_marts_of(root) == reference
    assert raw_counts(root) == (9, 13)


def test_two_runs_started_together_take_turns(prepared, reference):
    root = prepared
    runs = [
        subprocess.Popen(
            [CLI, "run", "--as-of", DAY_2.isoformat(), "--log-level", "WARNING"],
            env=environment(root),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    # The run that waits says so on the terminal, between its stage lines.
    stdout = "".join(out for out, _ in outputs)
    assert "is in use by process" in stdout and "waiting for it to finish" in stdout
    # No DuckDB lock error anywhere: on the terminal or in the step logs.
    logs = "".join(err for _, err in outputs) + "".join(
        log.read_text() for log in (root / "data" / "logs").glob("run_*.log")
    )
    assert "Could not set lock" not in logs and "IO Error" not in logs
    assert published_marts_of(root) == reference
    assert raw_counts(root) == (9, 13)


READER = """
import sys, time, duckdb
from pathlib import Path
published, stop = Path(sys.argv[1]), Path(sys.argv[2])
reads = errors = 0
while not stop.exists():
    try:
        with duckdb.connect(str(published), read_only=True) as conn:
            scores = {r[0] for r in conn.execute("select distinct as_of_date from customer_scores").fetchall()}
            concentration = {r[0] for r in conn.execute("select as_of_date from revenue_concentration").fetchall()}
            time.sleep(0.05)  # hold the file open a little, as a BI query would
            if scores != concentration:
                raise AssertionError(f"mixed versions: {scores} vs {concentration}")
        reads += 1
    except Exception as exc:
        errors += 1
        print("error:", exc, flush=True)
print(f"reads={reads} errors={errors}", flush=True)
"""


def test_readers_always_see_one_complete_version_while_three_runs_publish(
    tmp_path, monkeypatch, hand_book_published
):
    root = tmp_path / "site"
    copy_installation(hand_book_published.root, root)
    published = use_installation(root, monkeypatch).published
    stop = root / "stop-reading"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), str(stop)], stdout=subprocess.PIPE, text=True
    )
    with dg.DagsterInstance.ephemeral() as instance:
        # Each publish swaps in a new file while the reader holds the previous one open.
        for day in (date(2026, 7, 1), date(2026, 7, 2), date(2026, 7, 3)):
            run = run_job(instance, day)
            assert run.success, run.failures
    stop.touch()
    output, _ = reader.communicate(timeout=60)
    assert output.strip().endswith("errors=0"), output
    reads = int(output.split("reads=")[1].split()[0])
    assert reads > 10, output
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute(
            "select count(distinct as_of_date) from customer_scores"
        ).fetchone() == (4,)


def test_rebuild_recreates_the_same_published_tables_from_the_archive(
    tmp_path, reference, hand_book_two_days
):
    root = tmp_path / "site"
    copy_installation(hand_book_two_days.root, root)
    raw_before = raw_counts(root)

    rebuilt = cli(root, "rebuild")

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Raw tables rebuilt from the archive" in rebuilt.stdout
    assert (root / "data" / "warehouse.duckdb.before-rebuild").exists()
    assert raw_counts(root) == raw_before
    assert published_marts_of(root) == reference
