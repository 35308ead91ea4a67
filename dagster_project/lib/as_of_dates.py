"""The as-of dates a run can score, known without importing Dagster: the CLI checks a date
before it loads anything heavy, and the daily partitions (defs/partitions.py) span the same."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

FIRST_AS_OF_DATE = date(2020, 1, 1)
# Also the time zone of the daily schedule (defs/schedules.py).
ENV_SCHEDULE_TIMEZONE = "KEY_ACCOUNTS_SCHEDULE_TIMEZONE"
DEFAULT_TIMEZONE = "UTC"


def schedule_timezone() -> str:
    return os.environ.get(ENV_SCHEDULE_TIMEZONE, DEFAULT_TIMEZONE)


def today() -> date:
    """Today in the schedule's time zone: the newest as-of date partition."""
    return datetime.now(ZoneInfo(schedule_timezone())).date()


def as_of_date_problem(day: date) -> str | None:
    """Why `day` cannot be scored (the end of a sentence that starts with the date), or None."""
    if day > (newest := today()):
        return f"is after today ({newest}): an as-of date cannot be in the future"
    if day < FIRST_AS_OF_DATE:
        return f"is before {FIRST_AS_OF_DATE}, the earliest as-of date allowed"
    return None
