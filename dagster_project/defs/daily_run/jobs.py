import dagster as dg

from dagster_project.defs.daily_run.partitions import as_of_date_partitions

# Steps run one after another in one process: the warehouse has one writer at a time.
daily_key_accounts_job = dg.define_asset_job(
    name="daily_key_accounts",
    description="Ingest new landing files, rebuild the marts for the as-of date, publish for BI.",
    selection=dg.AssetSelection.groups("raw", "staging", "intermediate", "marts", "published"),
    partitions_def=as_of_date_partitions,
    executor_def=dg.in_process_executor,
)
