import dagster as dg

# One partition per as-of date. end_offset=1 makes today's date available, so the daily run
# can score up to and including today, as `key-accounts run` does by default.
as_of_date_partitions = dg.DailyPartitionsDefinition(start_date="2020-01-01", end_offset=1)
