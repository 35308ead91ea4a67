import os

import dagster as dg

# One partition per as-of date, in the time zone of the daily schedule, so that the day a
# scheduled run starts on is always a partition. end_offset=1 makes today's date available, so
# the daily run can score up to and including today, as `key-accounts run` does by default.
as_of_date_partitions = dg.DailyPartitionsDefinition(
    start_date="2020-01-01",
    end_offset=1,
    timezone=os.environ.get("KEY_ACCOUNTS_SCHEDULE_TIMEZONE", "UTC"),
)
