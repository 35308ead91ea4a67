"""Running unattended: the schedule, the landing sensor, one writer at a time, backfills."""

import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.defs.daily_run.schedules import (
    ENV_SCHEDULE_CRON,
    ENV_SCHEDULE_TIMEZONE,
    daily_schedule,
)
from dagster_project.defs.ingestion.sensors import landing_files_sensor
from dagster_project.lib.configuration.as_of_dates import today as schedule_today
from dagster_project.lib.configuration.settings import (
    DEFAULT_CONFIG_FILE,
    ENV_AUTOMATION,
    ENV_CONFIG,
    ENV_LANDING_DIR,
    ENV_SETTLE_SECONDS,
    PipelinePaths,
    SettingsError,
)
from dagster_project.lib.sample_data import SampleSize, generate_sample
from dagster_project.lib.warehouse.lock import WarehouseBusy, warehouse_lock
from tests.conftest import published_marts, run_job, use_installation, write_csv


def loaded_definitions():
    from dagster_project.definitions import defs

    return defs()


SCHEDULE_PROBE = """
from datetime import UTC, datetime
import dagster as dg
from dagster_project.definitions import defs
definitions = defs()
schedule = definitions.resolve_schedule_def("daily_key_accounts_schedule")
print(schedule.cron_schedule, schedule.execution_timezone)
with dg.instance_for_test() as instance:
    for moment in (datetime(2026, 11, 20, 10, 30, tzinfo=UTC), datetime(2026, 11, 20, 12, 0, tzinfo=UTC)):
        context = dg.build_schedule_context(instance=instance, scheduled_execution_time=moment, repository_def=definitions.get_repository_def())
        [request] = schedule.evaluate_tick(context).run_requests
        # The day became an as-of date partition before the run that scores it.
        print(request.partition_key, instance.get_dynamic_partitions("as_of_date"))
"""


def test_the_schedule_scores_the_day_it_runs_on_in_its_time_zone(dbt_manifest):
    """Time zone and partitions are read when the definitions load: a process of its own."""
    env = {
        **os.environ,
        ENV_SCHEDULE_CRON: "30 22 * * *",
        ENV_SCHEDULE_TIMEZONE: "Pacific/Auckland",
    }
    probe = subprocess.run(
        [sys.executable, "-c", SCHEDULE_PROBE], env=env, capture_output=True, text=True
    )
    assert probe.returncode == 0, probe.stderr
    # 10:30 UTC on the 20th is 23:30 on the 20th in Auckland (UTC+13 in November); 12:00 UTC
    # is already the 21st there, and the 21st is a partition: partitions follow the same zone.
    assert probe.stdout.splitlines() == [
        "30 22 * * * Pacific/Auckland",
        "2026-11-20 ['2026-11-20']",
        "2026-11-21 ['2026-11-20', '2026-11-21']",
    ]


def test_the_default_schedule_is_daily_at_six_utc_and_stopped(monkeypatch):
    monkeypatch.delenv(ENV_SCHEDULE_CRON, raising=False)
    monkeypatch.delenv(ENV_SCHEDULE_TIMEZONE, raising=False)
    monkeypatch.delenv(ENV_AUTOMATION, raising=False)
    schedule = daily_schedule()
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 6 * * *", "UTC")
    # Browsing the UI starts no run: the schedule and the sensor wait to be switched on.
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert landing_files_sensor().default_status == dg.DefaultSensorStatus.STOPPED


def test_automation_on_runs_the_schedule_and_the_sensor_by_default(monkeypatch):
    monkeypatch.setenv(ENV_AUTOMATION, "on")
    assert daily_schedule().default_status == dg.DefaultScheduleStatus.RUNNING
    assert landing_files_sensor().default_status == dg.DefaultSensorStatus.RUNNING
    monkeypatch.setenv(ENV_AUTOMATION, "yes")
    with pytest.raises(SettingsError, match="KEY_ACCOUNTS_AUTOMATION='yes' must be on"):
        daily_schedule()


def test_the_sensor_starts_one_run_per_new_or_changed_delivery(tmp_path, monkeypatch, dbt_manifest):
    landing = tmp_path / "landing"
    monkeypatch.setenv(ENV_LANDING_DIR, str(landing))
    repository = loaded_definitions().get_repository_def()
    with dg.instance_for_test() as instance:

        def tick(cursor):
            context = dg.build_sensor_context(
                instance=instance,
                instance_ref=instance.get_ref(),
                cursor=cursor,
                repository_def=repository,
            )
            result = landing_files_sensor().evaluate_tick(context)
            return result.run_requests, result.cursor

        requests, cursor = tick(None)
        assert requests == []  # no landing folder yet

        write_csv(landing / "sales_lines_2026-11-26.csv", "order_id\nA")
        write_csv(landing / "notes.txt", "not an input")
        requests, cursor = tick(cursor)
        [first] = requests
        assert first.partition_key == schedule_today().isoformat()
        assert first.tags["key_accounts/new_files"] == "sales_lines_2026-11-26.csv"

        requests, cursor = tick(cursor)
        assert requests == []  # the same files do not trigger again

        write_csv(landing / "sales_lines_2026-11-26.csv", "order_id\nA\nB")  # re-delivered, changed
        write_csv(landing / "customers.csv", "customer_id\n1")
        requests, cursor = tick(cursor)
        [second] = requests
        assert second.tags["key_accounts/new_files"] == "customers.csv, sales_lines_2026-11-26.csv"
        assert second.run_key != first.run_key


def test_the_sensor_waits_until_an_upload_is_complete(tmp_path, monkeypatch, dbt_manifest):
    """Files appear when uploads start: a run started then would read half a file."""
    landing = tmp_path / "landing"
    monkeypatch.setenv(ENV_LANDING_DIR, str(landing))
    monkeypatch.setenv(ENV_SETTLE_SECONDS, "60")
    repository = loaded_definitions().get_repository_def()
    with dg.instance_for_test() as instance:

        def tick(cursor):
            context = dg.build_sensor_context(
                instance=instance,
                instance_ref=instance.get_ref(),
                cursor=cursor,
                repository_def=repository,
            )
            result = landing_files_sensor().evaluate_tick(context)
            return result.run_requests, result.cursor

        write_csv(landing / "sales_lines_2026-11-26.csv", "order_id\nA")
        requests, cursor = tick(None)
        assert requests == []  # changed a moment ago: still being written, perhaps
        (landing / "sales_lines_2026-11-26.csv.done").touch()  # the sender says it is complete
        [request], cursor = tick(cursor)
        assert request.tags["key_accounts/new_files"] == "sales_lines_2026-11-26.csv"


def test_a_second_writer_waits_for_the_first(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    events, messages = [], []

    def second_run():
        with warehouse_lock(warehouse, timeout_s=10, poll_s=0.05, notify=messages.append):
            events.append("second acquired")

    with warehouse_lock(warehouse):
        events.append("first acquired")
        thread = threading.Thread(target=second_run)
        thread.start()
        time.sleep(0.5)
        events.append("first released")
    thread.join(timeout=10)
    assert events == ["first acquired", "first released", "second acquired"]
    assert (
        messages
        and "is in use by process" in messages[0]
        and "waiting for it to finish" in messages[0]
    )


def test_a_writer_that_waits_too_long_gives_up_with_a_clear_message(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with (
        warehouse_lock(warehouse),
        pytest.raises(WarehouseBusy, match="stayed in use by another run"),
        warehouse_lock(warehouse, timeout_s=0.2, poll_s=0.05, notify=lambda _: None),
    ):
        pass


def test_a_killed_holder_does_not_leave_the_lock_behind(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from dagster_project.lib.warehouse.lock import warehouse_lock\n"
            f"import time\nwith warehouse_lock(__import__('pathlib').Path({str(warehouse)!r})):\n"
            "    print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    holder.kill()  # SIGKILL: no clean-up runs
    holder.wait()
    with warehouse_lock(warehouse, timeout_s=2, notify=lambda _: None):
        pass


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
