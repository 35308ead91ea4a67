"""The as-of dates the job scores: one dynamic partition per scored date.

Any date of real history can be scored (a company with sales since 1995 can score 1998), and
the UI lists the dates that were scored rather than every day since some start. A run scores
one date (a partition key) or several (a range of keys, as a backfill launches them: one run,
set-based in dbt). Keys are added in the order dates are first scored, so a range of keys is
a run of consecutive additions; `runs_for` splits a set of dates into such ranges.
"""

from collections.abc import Iterable, Mapping
from datetime import date

import dagster as dg
import duckdb

PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

as_of_date_partitions = dg.DynamicPartitionsDefinition(name="as_of_date")


def add_as_of_dates(instance: dg.DagsterInstance, days: Iterable[date]) -> None:
    """Make each date a partition, the new ones in date order."""
    known = set(instance.get_dynamic_partitions(as_of_date_partitions.name))
    new = sorted({day.isoformat() for day in days} - known)
    if new:
        instance.add_dynamic_partitions(as_of_date_partitions.name, new)


def runs_for(instance: dg.DagsterInstance, days: Iterable[date]) -> list[list[str]]:
    """The partition keys of `days` (partitions already) grouped into as few runs as possible:
    each run a range of consecutive keys in the partitions' order, holding no other date."""
    wanted = {day.isoformat() for day in days}
    runs: list[list[str]] = []
    previous_wanted = False
    for key in instance.get_dynamic_partitions(as_of_date_partitions.name):
        if key in wanted:
            if previous_wanted:
                runs[-1].append(key)
            else:
                runs.append([key])
        previous_wanted = key in wanted
    return runs


def run_tags(keys: list[str]) -> dict[str, str]:
    """The tags that make a run score these consecutive partition keys."""
    if len(keys) == 1:
        return {PARTITION_TAG: keys[0]}
    return {RANGE_START_TAG: keys[0], RANGE_END_TAG: keys[-1]}


def run_as_of_dates(context) -> list[date]:
    """The as-of dates a run scores, in date order, from its tags (any step of the run can ask,
    partitioned or not); [] for a run without a partition (an asset materialised on its own)."""
    return as_of_dates_of(context.run.tags, context.instance)


def as_of_dates_of(tags: Mapping[str, str], instance: dg.DagsterInstance) -> list[date]:
    """The as-of dates of the run with these tags (run_as_of_dates), for code that has the run
    rather than a step's context: a run-failure sensor."""
    if PARTITION_TAG in tags:
        keys = [tags[PARTITION_TAG]]
    elif RANGE_START_TAG in tags:
        with dg.partition_loading_context(dynamic_partitions_store=instance):
            keys = as_of_date_partitions.get_partition_keys_in_range(
                dg.PartitionKeyRange(tags[RANGE_START_TAG], tags[RANGE_END_TAG])
            )
    else:
        keys = []
    return sorted(date.fromisoformat(key) for key in keys)


def run_as_of_date(context, published: duckdb.DuckDBPyConnection) -> date:
    """The as-of date a run's checks and pictures describe: its latest, or the latest published
    one when the run has no partition (an asset or check materialised on its own from the UI)."""
    days = run_as_of_dates(context)
    if days:
        return days[-1]
    return published.execute("select max(as_of_date) from revenue_concentration").fetchone()[0]
