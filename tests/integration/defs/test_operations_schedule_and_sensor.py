"""Running unattended: the daily schedule and the landing sensor, stopped unless automation is on."""

import os
import subprocess
import sys

import dagster as dg
import pytest

from dagster_project.defs.daily_run.schedules import (
    ENV_SCHEDULE_CRON,
    ENV_SCHEDULE_TIMEZONE,
    daily_schedule,
)
from dagster_project.defs.ingestion.sensors import landing_files_sensor
from dagster_project.lib.configuration.as_of_dates import today as schedule_today
from dagster_project.lib.configuration.settings import (
    ENV_AUTOMATION,
    ENV_LANDING_DIR,
    ENV_SETTLE_SECONDS,
    PipelinePaths,
    SettingsError,
)
from tests.conftest import write_csv


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


def landing_sensor_ticks(instance: dg.DagsterInstance):
    """A tick of the landing sensor as the daemon evaluates it, with the definitions' resources
    (from this test's KEY_ACCOUNTS_* variables): cursor in, (run requests, cursor) out."""
    repository = loaded_definitions().get_repository_def()

    def tick(cursor):
        context = dg.build_sensor_context(
            instance=instance,
            instance_ref=instance.get_ref(),
            cursor=cursor,
            repository_def=repository,
            resources={"paths": PipelinePaths.from_env()},
        )
        result = landing_files_sensor().evaluate_tick(context)
        return result.run_requests, result.cursor

    return tick


def test_the_sensor_starts_one_run_per_new_or_changed_delivery(tmp_path, monkeypatch, dbt_manifest):
    landing = tmp_path / "landing"
    monkeypatch.setenv(ENV_LANDING_DIR, str(landing))
    with dg.instance_for_test() as instance:
        tick = landing_sensor_ticks(instance)
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
    with dg.instance_for_test() as instance:
        tick = landing_sensor_ticks(instance)
        write_csv(landing / "sales_lines_2026-11-26.csv", "order_id\nA")
        requests, cursor = tick(None)
        assert requests == []  # changed a moment ago: still being written, perhaps
        (landing / "sales_lines_2026-11-26.csv.done").touch()  # the sender says it is complete
        [request], cursor = tick(cursor)
        assert request.tags["key_accounts/new_files"] == "sales_lines_2026-11-26.csv"
