from datetime import date

import dagster as dg
import duckdb

from dagster_project.lib.as_of_dates import FIRST_AS_OF_DATE, schedule_timezone

PARTITION_TAG = "dagster/partition"

# One partition per as-of date, in the time zone of the daily schedule, so that the day a
# scheduled run starts on is always a partition. end_offset=1 makes today's date available, so
# the daily run can score up to and including today, as `key-accounts run` does by default.
as_of_date_partitions = dg.DailyPartitionsDefinition(
    start_date=FIRST_AS_OF_DATE.isoformat(),
    end_offset=1,
    timezone=schedule_timezone(),
)


def run_as_of_date(context, published: duckdb.DuckDBPyConnection) -> date:
    """The as-of date a run scored (its partition); the latest published one when the run has
    no partition (an asset or check materialised on its own from the UI)."""
    partition = context.run.tags.get(PARTITION_TAG)
    if partition:
        return date.fromisoformat(partition)
    return published.execute("select max(as_of_date) from revenue_concentration").fetchone()[0]
