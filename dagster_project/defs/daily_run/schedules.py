"""The daily run: at a time and in a time zone the data engineer chooses."""

import os

import dagster as dg

from dagster_project.defs.daily_run.jobs import daily_key_accounts_job
from dagster_project.defs.daily_run.partitions import add_as_of_dates
from dagster_project.lib.configuration.as_of_dates import (
    ENV_SCHEDULE_TIMEZONE,
    as_of_date_at,
    schedule_timezone,
)
from dagster_project.lib.configuration.settings import ENV_AUTOMATION, automation_on

ENV_SCHEDULE_CRON = "KEY_ACCOUNTS_SCHEDULE_CRON"
DEFAULT_CRON = "0 6 * * *"  # 06:00 every day


def daily_schedule() -> dg.ScheduleDefinition:
    cron = os.environ.get(ENV_SCHEDULE_CRON, DEFAULT_CRON)
    timezone = schedule_timezone()

    @dg.schedule(
        name="daily_key_accounts_schedule",
        job=daily_key_accounts_job,
        cron_schedule=cron,
        execution_timezone=timezone,
        default_status=dg.DefaultScheduleStatus.RUNNING
        if automation_on()
        else dg.DefaultScheduleStatus.STOPPED,
        description=f"Scores the day the run starts on ({cron}, {timezone}; set "
        f"{ENV_SCHEDULE_CRON} and {ENV_SCHEDULE_TIMEZONE} to change it). Runs by default when "
        f"{ENV_AUTOMATION}=on.",
    )
    def _schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        as_of = as_of_date_at(context.scheduled_execution_time, timezone)
        # The day becomes an as-of date partition first (a schedule's run request cannot add
        # one, as a sensor's can).
        add_as_of_dates(context.instance, [as_of])
        return dg.RunRequest(run_key=f"scheduled-{as_of}", partition_key=as_of.isoformat())

    return _schedule


@dg.definitions
def schedules() -> dg.Definitions:
    return dg.Definitions(schedules=[daily_schedule()])
