"""Running unattended: backfills, scoring a range of as-of dates as the days one by one would."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.lib.configuration.settings import (
    DEFAULT_CONFIG_FILE,
    ENV_CONFIG,
    PipelinePaths,
)
from dagster_project.lib.sample_data import SampleSize, generate_sample
from tests.conftest import published_marts, run_job, use_installation

# Three dates a week apart at the end of a small generated book.
DAYS = [date(2026, 6, 16), date(2026, 6, 23), date(2026, 6, 30)]
SAMPLE = SampleSize(customers=90, days=450, lines_per_day=12, products=40)


def backfill(root: Path, runs: list[list[date]], monkeypatch) -> dict[str, list]:
    """The installation at root scored by these runs in turn, each run scoring its dates in one
    pass, with a configuration whose first tier is small and whose incumbents' margin is wide,
    so that the margin decides some places."""
    use_installation(root, monkeypatch)
    config = root / "key_accounts.yml"
    config.write_text(
        DEFAULT_CONFIG_FILE.read_text()
        .replace("max_accounts: 30", "max_accounts: 8")
        .replace("incumbent_margin: 0.25", "incumbent_margin: 1.0")
    )
    monkeypatch.setenv(ENV_CONFIG, str(config))
    with dg.DagsterInstance.ephemeral() as instance:
        for days in runs:
            run = run_job(instance, *days)
            assert run.success, run.failures
    return published_marts(PipelinePaths.from_env().published)


@pytest.mark.e2e
def test_a_backfill_in_one_run_gives_the_rows_of_scoring_its_dates_one_by_one_in_order(
    tmp_path, monkeypatch, dbt_manifest
):
    """An incumbent's margin makes a date depend on the tiers of the date before it: the one run
    tiers its dates oldest first, each from the one before, as separate runs in order do."""
    for name in ("set", "forward"):
        generate_sample(
            tmp_path / name / "data" / "landing",
            SAMPLE,
            seed=18,
            end_date=DAYS[-1],
            progress=lambda _: None,
        )
    one_run = backfill(tmp_path / "set", [DAYS], monkeypatch)
    with duckdb.connect(str(PipelinePaths.from_env().published), read_only=True) as conn:
        kept_by_margin = conn.execute(
            "select distinct as_of_date from customer_scores where tier_source = 'incumbent_margin'"
        ).fetchall()
    oldest_first = backfill(tmp_path / "forward", [[day] for day in DAYS], monkeypatch)
    assert one_run == oldest_first
    assert {row[0] for row in one_run["customer_scores"]} == set(DAYS)  # every date is kept
    # The margin decided places, on later dates only (the first has no previous date).
    assert kept_by_margin and {day for (day,) in kept_by_margin} <= set(DAYS[1:])


def test_backfill_rejects_a_range_that_ends_before_it_starts():
    ran = subprocess.run(
        [
            str(Path(sys.executable).parent / "key-accounts"),
            "backfill",
            "--from",
            "2026-06-30",
            "--to",
            "2026-06-01",
        ],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 1
    assert "error: --to 2026-06-01 is before --from 2026-06-30" in ran.stderr


def test_a_backfill_runs_every_nth_day_and_always_the_last():
    from dagster_project.cli.running import backfill_days

    june = [date(2026, 6, day) for day in (1, 2, 3)]
    assert backfill_days(june[0], june[2]) == june
    # Every 28 days from 1 May to 30 June: 1 May, 29 May, 26 June, and the last day itself.
    assert backfill_days(date(2026, 5, 1), date(2026, 6, 30), every=28) == [
        date(2026, 5, 1),
        date(2026, 5, 29),
        date(2026, 6, 26),
        date(2026, 6, 30),
    ]
    assert backfill_days(date(2026, 6, 2), date(2026, 6, 30), every=28) == [
        date(2026, 6, 2),
        date(2026, 6, 30),
    ]


def test_a_backfill_says_how_long_is_left():
    from dagster_project.cli.running import _time_left

    assert _time_left(0.0, 1, 5) == ""
    # Two runs took 60 s: three are left, about 30 s each.
    assert _time_left(60.0, 3, 5) == ", 60.0 s so far, about 1.5 min left"
    assert _time_left(600.0, 5, 5) == ", 10.0 min so far, about 2.5 min left"
