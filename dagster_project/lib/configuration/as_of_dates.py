"""Which as-of dates can be scored, known without importing Dagster, so the CLI checks a date
before it loads anything heavy: any day of history up to today in the schedule's time zone."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

# The time zone of the daily schedule (defs/daily_run/schedules.py) and of "today" for every as-of date.
ENV_SCHEDULE_TIMEZONE = "KEY_ACCOUNTS_SCHEDULE_TIMEZONE"
DEFAULT_TIMEZONE = "UTC"


def schedule_timezone() -> str:
    return os.environ.get(ENV_SCHEDULE_TIMEZONE, DEFAULT_TIMEZONE)


def as_of_date_at(moment: datetime, timezone: str | None = None) -> date:
    """The as-of date of a moment: its day in the schedule's time zone. The schedule, the
    sensor and the command line all derive "today" here, so near midnight they agree."""
    return moment.astimezone(ZoneInfo(timezone or schedule_timezone())).date()


def today() -> date:
    """Today in the schedule's time zone: the newest as-of date there can be."""
    return as_of_date_at(datetime.now().astimezone())


def as_of_date_problem(day: date) -> str | None:
    """Why `day` cannot be scored (the end of a sentence that starts with the date), or None."""
    if day > (newest := today()):
        return f"is after today ({newest}): an as-of date cannot be in the future"
    return None
