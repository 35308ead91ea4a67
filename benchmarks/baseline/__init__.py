"""Baseline of the performance benchmark, and an independent oracle for the published figures.

One plain DuckDB process computes, for one as-of date, the figures the pipeline publishes
(customer_scores, customer_revenue_shares, customer_group_revenue_shares, revenue_concentration,
kaism_matrix, kam_portfolio, revenue_concentration_monthly) from the same input files, with
hand-written SQL: no orchestration, no validation, no publishing. It is deliberately independent
of the pipeline's code: it imports nothing from `dagster_project`, dbt or Dagster, shares no SQL
with the models, and is written from the method (docs/method.md), the published tables'
descriptions (docs/published-tables.md) and the comments of config/key_accounts.yml, so a
disagreement with the published tables points at a bug on one side or the other. One module a
published table, beside the modules of the inputs, the metrics, the criteria, the weighting
and the tiers they read.

    python -m benchmarks.baseline --input DIR [--input DIR ...] --as-of YYYY-MM-DD \\
        [--previous-dates YYYY-MM-DD,YYYY-MM-DD,...] \\
        --config config/key_accounts.yml --output OUT.duckdb

The first tier depends on the previous scored date: an incumbent (in the first tier on the
latest scored date before this one) competes with its score plus `incumbent_margin`. So a date's
tiers depend on the whole chain of dates scored before it. `--previous-dates` lists the as-of
dates the pipeline scored before the as-of date (each before it; none: the as-of date is the
first scored date, nobody is an incumbent). The baseline scores them first, oldest first, each
with the first tier of the one before it, keeping only their first tiers; the published tables
hold the as-of date alone.

Inputs are the files named `<dataset>_*.csv` or `<dataset>_*.parquet` (`customers.csv` too) in
the given folders and their subfolders (so the pipeline's archive folder works as is), applied
in file-name order: a sales line delivered again with the same (order_id, line_number) replaces
the earlier one, the latest customer snapshot is the master (for every date of the chain), the
latest delivery of an FX rate wins per (rate_date, currency), and every service cost row counts.
A KAM's judgements (`account_assessments_*`) add up, the latest file winning per (customer_id,
factor, assessed_on); on each scored date the rating in force of a configured assessment factor
is the latest with assessed_on in [as_of − assessment_max_age_months months, as_of]. The inputs
are assumed valid. There are no overrides: the baseline reads none. Nor does it compute the KAM
signals (kam_actions), so it reads no products master, nor the sensitivity draws.

Customer groups (customers.parent_customer_id, the latest master's): a chain of parents resolves
to its top customer, the group_id of every customer below it; a customer without a parent is its
own group. Entities under common control are one customer (IFRS 8.34 / ASC 280-10-50-42): a
group's revenue is its members' positive window revenue, and its share, rank, mono-client and
major flags and the group figures of revenue_concentration follow the customers' rules over
groups. The largest member of a major group is in the first tier as a major customer is.

Money is exact: a line's net amount in the reporting currency is rounded to 6 decimals (half
away from zero) and held as decimal(38, 6), so window revenues are exact sums and the revenue
thresholds (ABC cut-offs, mono-client and major-customer lines) are compared exactly; ratios,
metrics and scores are doubles.

The last line of stdout is one JSON object: the wall seconds of the computation, the peak RSS
in MB and the number of sales lines after de-duplication.
"""

from benchmarks.baseline.cli import main
from benchmarks.baseline.config import DEFAULT_CRITERIA, load_config

__all__ = ["DEFAULT_CRITERIA", "load_config", "main"]
