"""One derivation of the as-of date: a moment's day in the schedule's time zone."""

from datetime import UTC, date, datetime, timedelta, timezone

from dagster_project.lib.configuration import as_of_dates
from dagster_project.lib.configuration.as_of_dates import ENV_SCHEDULE_TIMEZONE, as_of_date_at


def test_a_moment_near_midnight_is_the_day_of_the_schedules_time_zone(monkeypatch):
    late_evening_utc = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    # Auckland is UTC+13 in December: 23:30 UTC is 12:30 on the 2nd there.
    assert as_of_date_at(late_evening_utc, "Pacific/Auckland") == date(2026, 12, 2)
    # New York is UTC-5: 18:30 on the 1st.
    assert as_of_date_at(late_evening_utc, "America/New_York") == date(2026, 12, 1)
    # Without a zone given, the configured one; the same moment written in another offset
    # is the same day.
    monkeypatch.setenv(ENV_SCHEDULE_TIMEZONE, "Pacific/Auckland")
    same_moment_in_berlin = late_evening_utc.astimezone(timezone(timedelta(hours=1)))
    assert as_of_date_at(same_moment_in_berlin) == date(2026, 12, 2)


def test_today_is_todays_date_in_the_schedules_time_zone(monkeypatch):
    monkeypatch.setenv(ENV_SCHEDULE_TIMEZONE, "Pacific/Kiritimati")  # UTC+14
    now_utc = datetime.now(UTC)
    expected = (now_utc + timedelta(hours=14)).date()
    assert as_of_dates.today() in {expected, (datetime.now(UTC) + timedelta(hours=14)).date()}
    assert as_of_dates.as_of_date_problem(expected + timedelta(days=1)).startswith("is after today")
