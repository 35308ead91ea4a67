"""Baseline of the performance benchmark, and an independent oracle for the published figures.

One plain DuckDB process computes, for one as-of date, the figures the pipeline publishes
(customer_scores, customer_revenue_shares, customer_group_revenue_shares, revenue_concentration,
kaism_matrix, kam_portfolio, revenue_concentration_monthly) from the same input files, with
hand-written SQL: no orchestration, no validation, no publishing. It is deliberately independent
of the pipeline's code: it imports nothing from `dagster_project`, dbt or Dagster, and its SQL is
written from the product contract (DESIGN.md, second edition), the README's "How a score is
computed", the comments of config/key_accounts.yml and the column descriptions of the published
tables, so a disagreement with the published tables points at a bug on one side or the other.

    python benchmarks/baseline.py --input DIR [--input DIR ...] --as-of YYYY-MM-DD \
        [--previous-dates YYYY-MM-DD,YYYY-MM-DD,...] \
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

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import duckdb
import yaml

DATASETS = ("sales_lines", "customers", "service_costs", "fx_rates", "account_assessments")
INPUT_SUFFIXES = (".csv", ".parquet")
COLUMNS = {
    "sales_lines": (
        "order_id",
        "line_number",
        "order_date",
        "customer_id",
        "product_id",
        "quantity",
        "unit_price",
        "discount",
        "currency",
    ),
    "customers": (
        "customer_id",
        "customer_name",
        "industry",
        "country",
        "account_manager",
        "is_industry_leader",
        "reputation_score",
        "estimated_annual_potential",
        "parent_customer_id",
    ),
    "service_costs": ("customer_id", "cost_date", "cost_type", "amount"),
    "fx_rates": ("rate_date", "currency", "rate_to_reporting"),
    "account_assessments": ("customer_id", "factor", "rating", "assessed_on", "assessor"),
}
MONEY = "decimal(18, 6)"
# A line's net amount in the reporting currency, and the sums of them.
AMOUNT = "decimal(38, 6)"
# Columns whose empty text means "not given"; the others are used as delivered (CSV reads an
# empty field as null), which keeps the pass over tens of millions of sales lines lean.
OPTIONAL_TEXT = {"sales_lines": {"discount", "currency"}}

# criterion: (default weight, default direction, default method), in the order of the published
# columns.
DEFAULT_CRITERIA = {
    "current_revenue": (30, "higher", "log_range"),
    "potential_revenue": (20, "higher", "log_range"),
    "revenue_growth": (10, "higher", "percent_rank"),
    "order_stability": (10, "lower", "percent_rank"),
    "cost_to_serve": (10, "lower", "percent_rank"),
    "product_need": (10, "higher", "percent_rank"),
    "reputation": (10, "higher", "rating"),
}
METHODS = ("percent_rank", "log_range", "bands", "rating")
DIRECTIONS = ("higher", "lower")
# The judgements a KAM may record (config assessment_factors), when the configuration names none.
DEFAULT_ASSESSMENT_FACTORS = (
    "our_relative_position",
    "relationship_stage",
    "product_need",
    "reputation",
)
# The criteria a judgement of the same name may supply (over their data proxy); the others are
# facts of the data.
JUDGEABLE_CRITERIA = ("product_need", "reputation")
# KAISM's factor of the relative strength measured from the data: window revenue / potential.
SHARE_OF_WALLET = "share_of_wallet"
# The resource strategy of each KAISM quadrant (McDonald / Woodburn).
KAISM_STRATEGIES = {
    "strategic": "invest",
    "star": "build",
    "status": "maintain",
    "streamline": "serve_efficiently",
}


# --------------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    name: str
    min_score: float | None
    max_accounts: int | None


@dataclass(frozen=True)
class Criterion:
    weight: float
    direction: str
    method: str
    # Ascending band thresholds (bands only).
    thresholds: tuple[float, ...]


@dataclass(frozen=True)
class Config:
    scale: int
    reporting_currency: str
    window_months: int
    min_stability_periods: int
    criteria: dict[str, Criterion]
    tiers: list[Tier]
    # Absolute score points an incumbent of the first tier competes with on top of its score.
    incumbent_margin: float
    # The score_completeness below which a customer cannot enter the first tier by score, nor be
    # a key prospect.
    min_completeness_for_key: float
    prospect_criteria: list[str]
    key_prospect_min_score: float
    max_key_prospects: int | None
    mono_client_share: float
    major_customer_share: float
    abc_a_cutoff: float
    abc_b_cutoff: float
    attractiveness: dict[str, float]
    relative_strength: dict[str, float]
    kaism_split: float
    # The factors a KAM rates 1–10 in account_assessments, and how long a rating stays in force.
    assessment_factors: tuple[str, ...]
    assessment_max_age_months: int

    @property
    def weights(self) -> dict[str, float]:
        return {name: criterion.weight for name, criterion in self.criteria.items()}

    @property
    def judged_criteria(self) -> list[str]:
        """The criteria a judgement in force replaces the data proxy of, in criteria order."""
        return [name for name in self.criteria if name in self.assessment_factors]

    @property
    def rated_factors(self) -> list[str]:
        """The assessment factors that are not criteria: KAISM factors scored by their rating."""
        return [factor for factor in self.assessment_factors if factor not in self.criteria]


# The concentration figures of a period, with 0 (not null) totals when no customer paid.
FIGURE_COLUMNS = """coalesce(figures.total_net_revenue, 0) as total_net_revenue,
                coalesce(figures.customer_count, 0) as customer_count,
                figures.hhi,
                figures.effective_customers,
                figures.top1_share,
                figures.top5_share,
                figures.top10_share,
                figures.top20pct_share,
                figures.gini,
                figures.mono_client_id,
                coalesce(figures.major_customer_count, 0) as major_customer_count"""


def load_criterion(name: str, given: dict) -> Criterion:
    weight, direction, method = DEFAULT_CRITERIA[name]
    criterion = Criterion(
        weight=float(given.get("weight", weight)),
        direction=str(given.get("direction", direction)),
        method=str(given.get("method", method)),
        thresholds=tuple(float(t) for t in given.get("thresholds") or ()),
    )
    if criterion.weight < 0:
        raise ValueError(f"criteria.{name}.weight must be >= 0")
    if criterion.direction not in DIRECTIONS:
        raise ValueError(f"criteria.{name}.direction must be one of {', '.join(DIRECTIONS)}")
    if criterion.method not in METHODS:
        raise ValueError(f"criteria.{name}.method must be one of {', '.join(METHODS)}")
    if criterion.method == "bands" and (
        not criterion.thresholds or any(a >= b for a, b in pairwise(criterion.thresholds))
    ):
        raise ValueError(f"criteria.{name}.thresholds must be a non-empty ascending list")
    return criterion


def criteria_config(criteria: dict) -> dict[str, Criterion]:
    return {name: load_criterion(name, criteria.get(name) or {}) for name in DEFAULT_CRITERIA}


def load_config(path: Path) -> Config:
    """The scoring configuration, with the defaults documented in DESIGN.md and the YAML."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scale = int(raw.get("scale", 10))
    criteria = raw.get("criteria") or {}
    tiers = [
        Tier(str(t["name"]), t.get("min_score"), t.get("max_accounts"))
        for t in raw.get("tiers")
        or [
            {"name": "key", "min_score": 0.75 * scale, "max_accounts": 30},
            {"name": "development", "min_score": 0.5 * scale},
            {"name": "ordinary"},
        ]
    ]
    if not any(criterion.weight > 0 for criterion in criteria_config(criteria).values()):
        raise ValueError("at least one criterion needs a weight > 0")
    tier_rules = raw.get("tier_rules") or {}
    prospects = raw.get("prospects") or {}
    concentration = raw.get("concentration") or {}
    kaism = raw.get("kaism") or {}
    key_prospect_min_score = prospects.get("key_prospect_min_score")
    incumbent_margin = tier_rules.get("incumbent_margin")
    max_key_prospects = prospects.get("max_key_prospects", 30)
    split = kaism.get("split")
    # A mapping of factor → description and anchors; a list of names is taken too.
    factors = raw.get("assessment_factors")
    assessment_factors = tuple(DEFAULT_ASSESSMENT_FACTORS if factors is None else factors)
    for factor in assessment_factors:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(factor)):
            raise ValueError(f"assessment_factors: {factor!r} is not a lower-case identifier")
    judged = {name for name in DEFAULT_CRITERIA if name in assessment_factors}
    if judged - set(JUDGEABLE_CRITERIA):
        raise ValueError(
            f"assessment_factors: {', '.join(sorted(judged - set(JUDGEABLE_CRITERIA)))} is "
            "measured from the data, only product_need and reputation can be judged"
        )
    config = Config(
        scale=scale,
        reporting_currency=str(raw.get("reporting_currency", "EUR")).upper(),
        window_months=int(raw.get("window_months", 12)),
        min_stability_periods=int(raw.get("min_stability_periods", 3)),
        criteria=criteria_config(criteria),
        tiers=tiers,
        incumbent_margin=float(0.025 * scale if incumbent_margin is None else incumbent_margin),
        min_completeness_for_key=float(tier_rules.get("min_completeness_for_key", 0.6)),
        prospect_criteria=list(prospects.get("criteria") or ["potential_revenue", "reputation"]),
        key_prospect_min_score=float(
            tiers[0].min_score if key_prospect_min_score is None else key_prospect_min_score
        ),
        max_key_prospects=None if max_key_prospects is None else int(max_key_prospects),
        mono_client_share=float(concentration.get("mono_client_share", 0.50)),
        major_customer_share=float(concentration.get("major_customer_share", 0.10)),
        abc_a_cutoff=float(concentration.get("abc_a_cutoff", 0.80)),
        abc_b_cutoff=float(concentration.get("abc_b_cutoff", 0.95)),
        attractiveness={
            factor: float(weight)
            for factor, weight in (
                kaism.get("attractiveness")
                or {
                    "potential_revenue": 1,
                    "revenue_growth": 1,
                    "reputation": 1,
                    "cost_to_serve": 1,
                }
            ).items()
        },
        relative_strength={
            factor: float(weight)
            for factor, weight in (
                kaism.get("relative_strength")
                or {"our_relative_position": 1, "relationship_stage": 1, "share_of_wallet": 1}
            ).items()
        },
        kaism_split=float((1 + scale) / 2 if split is None else split),
        assessment_factors=assessment_factors,
        assessment_max_age_months=int(raw.get("assessment_max_age_months", 12)),
    )
    known = {*DEFAULT_CRITERIA, SHARE_OF_WALLET, *assessment_factors}
    for axis, weights in (
        ("attractiveness", config.attractiveness),
        ("relative_strength", config.relative_strength),
    ):
        unknown = sorted(set(weights) - known)
        if unknown:
            raise ValueError(
                f"kaism.{axis}: {', '.join(unknown)} is neither a criterion, {SHARE_OF_WALLET} "
                "nor an assessment factor"
            )
    return config


def num(value: float) -> str:
    """A number as an exact SQL literal (a decimal, so 0.8 is 8/10 and not the double nearest)."""
    return format(Decimal(repr(float(value))), "f")


def text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join(text(str(path)) for path in paths) + "]"


# --------------------------------------------------------------------------------------------
# Input files
# --------------------------------------------------------------------------------------------


def find_input_files(folders: list[Path]) -> dict[str, list[Path]]:
    """The input files of each dataset, in the order they are applied: by file name."""
    found: dict[str, list[Path]] = {dataset: [] for dataset in DATASETS}
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix.lower() not in INPUT_SUFFIXES:
                continue
            stem = path.name[: -len(path.suffix)]
            for dataset in DATASETS:
                if stem == dataset or stem.startswith(dataset + "_"):
                    found[dataset].append(path)
    return {
        dataset: sorted(set(paths), key=lambda path: (path.name, str(path)))
        for dataset, paths in found.items()
    }


def csv_header(path: Path) -> tuple[str, ...]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return tuple(next(csv.reader(handle), ()))


def delivered_rows(conn: duckdb.DuckDBPyConnection, dataset: str, files: list[Path]) -> str:
    """A relation over the files' rows, every column as text (ids keep their leading zeros),
    an absent optional column as null, plus `source_file`, the path the row was read from.

    CSV files are read in groups of identical header (one read_csv each, much faster than
    union_by_name, which sniffs every file); Parquet files with union_by_name."""
    columns = COLUMNS[dataset]
    readers: list[tuple[str, list[str]]] = []
    csv_groups: dict[tuple[str, ...], list[Path]] = {}
    for path in files:
        if path.suffix.lower() == ".csv":
            csv_groups.setdefault(csv_header(path), []).append(path)
    for header, group in csv_groups.items():
        paths = sql_list(group)
        readers.append(
            (
                f"read_csv({paths}, header = true, delim = ',', quote = '\"', "
                "all_varchar = true, filename = true)",
                list(header),
            )
        )
    parquet_files = [path for path in files if path.suffix.lower() == ".parquet"]
    if parquet_files:
        reader = f"read_parquet({sql_list(parquet_files)}, union_by_name = true, filename = true)"
        readers.append((reader, [name for name in conn.sql(f"select * from {reader}").columns]))
    selects = []
    for reader, names in readers:
        delivered = {name.strip().lower(): name for name in names if name != "filename"}
        selected = []
        for column in columns:
            value = f'cast("{delivered[column]}" as varchar)' if column in delivered else "null"
            if dataset not in OPTIONAL_TEXT or column in OPTIONAL_TEXT[dataset]:
                value = f"nullif(trim({value}), '')"
            selected.append(f"cast({value} as varchar) as {column}")
        selects.append(f"select {', '.join(selected)}, filename as source_file from {reader}")
    if not selects:
        nothing = ", ".join(f"cast(null as varchar) as {column}" for column in columns)
        selects.append(f"select {nothing}, cast(null as varchar) as source_file where false")
    return "(" + " union all ".join(selects) + ")"


# --------------------------------------------------------------------------------------------
# The computation
# --------------------------------------------------------------------------------------------


def revenue_shares_sql(
    customer_revenue: str,
    period: str,
    config: Config,
    key: str = "customer_id",
    mono_flag: str = "is_mono_client",
    major_flag: str = "is_major_customer",
) -> str:
    """Rows (period, customer_id, net_revenue) → each customer's share of the period's positive
    revenue, its rank (revenue descending, ties by customer_id), the cumulative share, the ABC
    class by the share *before* the customer, and the concentration flags. The thresholds are
    compared in exact decimals. Over groups of customers under common control (one customer
    each): rows keyed by `key` (group_id), the flags named `mono_flag` and `major_flag`."""
    return f"""
        with

        ranked_customers as (
            select
                {period},
                {key},
                net_revenue,
                greatest(net_revenue, 0) as paying_revenue,
                sum(greatest(net_revenue, 0)) over (partition by {period}) as total_revenue,
                row_number() over (
                    partition by {period} order by net_revenue desc, {key}
                ) as revenue_rank
            from {customer_revenue}
        ),

        running_totals as (
            select
                *,
                sum(paying_revenue) over (
                    partition by {period}
                    order by revenue_rank
                    rows between unbounded preceding and current row
                ) as revenue_so_far
            from ranked_customers
        )

        select
            {period},
            {key},
            net_revenue,
            case
                when total_revenue > 0
                    then cast(paying_revenue as double) / cast(total_revenue as double)
                else 0
            end as revenue_share,
            case
                when total_revenue > 0
                    then cast(revenue_so_far as double) / cast(total_revenue as double)
                else 0
            end as cumulative_share,
            revenue_rank,
            case
                when net_revenue <= 0 then 'C'
                when revenue_so_far - paying_revenue < {num(config.abc_a_cutoff)} * total_revenue
                    then 'A'
                when revenue_so_far - paying_revenue < {num(config.abc_b_cutoff)} * total_revenue
                    then 'B'
                else 'C'
            end as abc_class,
            net_revenue > 0
            and net_revenue > {num(config.mono_client_share)} * total_revenue as {mono_flag},
            net_revenue > 0
            and net_revenue >= {num(config.major_customer_share)} * total_revenue
            as {major_flag}
        from running_totals
    """


def concentration_sql(
    revenue_shares: str,
    period: str,
    key: str = "customer_id",
    mono_flag: str = "is_mono_client",
    major_flag: str = "is_major_customer",
) -> str:
    """Rows of revenue_shares_sql → one row per period with paying customers: HHI, effective
    customers, top shares, Gini = ΣᵢΣⱼ|xᵢ − xⱼ| / (2n²·mean) = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)
    with x₍ᵢ₎ the i-th smallest revenue. Sums are exact decimals, divided as doubles. Over
    groups (rows keyed by `key`, flags `mono_flag` and `major_flag`) the figures keep the
    customers' names (customer_count, mono_client_id, major_customer_count)."""
    return f"""
        with

        paying_customers as (
            select
                *,
                count(*) over (partition by {period}) as paying_count,
                -- 1 for the smallest paying customer
                count(*) over (partition by {period}) + 1 - revenue_rank as ascending_rank
            from {revenue_shares}
            where net_revenue > 0
        ),

        sums as (
            select
                {period},
                sum(net_revenue) as total_net_revenue,
                count(*) as customer_count,
                sum(net_revenue * net_revenue) as sum_of_squares,
                sum(net_revenue) filter (where revenue_rank <= 1) as top1_revenue,
                sum(net_revenue) filter (where revenue_rank <= 5) as top5_revenue,
                sum(net_revenue) filter (where revenue_rank <= 10) as top10_revenue,
                -- the top ⌈0.2·n⌉ customers, in integer arithmetic
                sum(net_revenue) filter (where revenue_rank <= (paying_count + 4) // 5)
                as top20pct_revenue,
                sum((2 * ascending_rank - paying_count - 1) * net_revenue) as gini_numerator,
                -- the largest, should a low mono_client_share let several customers pass it
                arg_min({key}, revenue_rank) filter (where {mono_flag}) as mono_client_id,
                count(*) filter (where {major_flag}) as major_customer_count
            from paying_customers
            group by {period}
        )

        select
            {period},
            total_net_revenue,
            customer_count,
            10000 * cast(sum_of_squares as double) / pow(cast(total_net_revenue as double), 2)
            as hhi,
            pow(cast(total_net_revenue as double), 2) / cast(sum_of_squares as double)
            as effective_customers,
            cast(top1_revenue as double) / cast(total_net_revenue as double) as top1_share,
            cast(top5_revenue as double) / cast(total_net_revenue as double) as top5_share,
            cast(top10_revenue as double) / cast(total_net_revenue as double) as top10_share,
            cast(top20pct_revenue as double) / cast(total_net_revenue as double)
            as top20pct_share,
            cast(gini_numerator as double)
            / (customer_count * cast(total_net_revenue as double)) as gini,
            mono_client_id,
            major_customer_count
        from sums
    """


def date_sql(day: date) -> str:
    return f"date '{day.isoformat()}'"


def percent_rank_score_sql(metric: str, direction: str, scale: int) -> str:
    """1 + (scale − 1) × percent_rank among the rows with the metric, the best value ranking
    highest, the metric rounded to 6 decimals first (ties share the lowest rank); alone: the
    scale; missing: null."""
    order = "asc" if direction == "higher" else "desc"
    return f"""case
                when {metric} is null then null
                when count({metric}) over () = 1 then {scale}
                else 1 + ({scale} - 1) * percent_rank() over (
                    partition by {metric} is null order by round({metric}, 6) {order}
                )
            end"""


def log_range_score_sql(x: str, direction: str, scale: int) -> str:
    """x = max(metric, 0) (null without the metric) placed on a log scale between the smallest
    and the largest x of the rows with the metric; all equal: the scale."""
    lo, hi = f"min({x}) over ()", f"max({x}) over ()"
    if direction == "higher":
        position = f"(ln(1 + {x}) - ln(1 + {lo})) / (ln(1 + {hi}) - ln(1 + {lo}))"
    else:
        position = f"(ln(1 + {hi}) - ln(1 + {x})) / (ln(1 + {hi}) - ln(1 + {lo}))"
    return f"""case
                when {x} is null then null
                when {hi} = {lo} then {scale}
                else 1 + ({scale} - 1) * {position}
            end"""


def bands_score_sql(metric: str, direction: str, thresholds: tuple[float, ...], scale: int) -> str:
    """The share of the thresholds the metric reaches (higher: tᵢ ≤ metric; lower: tᵢ ≥ metric)."""
    compare = "<=" if direction == "higher" else ">="
    reached = " + ".join(
        f"case when cast({threshold!r} as double) {compare} {metric} then 1 else 0 end"
        for threshold in thresholds
    )
    return f"1 + ({scale} - 1) * cast({reached} as double) / {len(thresholds)}"


def rating_score_sql(metric: str, direction: str, scale: int) -> str:
    """A 1–10 rating on the score scale (lower is better: 10 − rating)."""
    position = f"({metric} - 1)" if direction == "higher" else f"(10 - {metric})"
    return f"1 + ({scale} - 1) * {position} / 9"


class Baseline:
    def __init__(
        self,
        conn: duckdb.DuckDBPyConnection,
        config: Config,
        as_of: date,
        previous_dates: tuple[date, ...] = (),
    ) -> None:
        if any(day >= as_of for day in previous_dates):
            raise ValueError("every previous date must be before the as-of date")
        self.conn = conn
        self.config = config
        # The chain of scored dates, oldest first; the last is the as-of date published.
        self.dates = [*sorted(set(previous_dates)), as_of]
        self.as_of = date_sql(as_of)
        self.started = time.perf_counter()

    def step(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.2f}s] {message}", flush=True)

    def run(self, sql: str) -> None:
        self.conn.execute(sql)

    def one(self, sql: str) -> tuple:
        return self.conn.execute(sql).fetchone()

    # -- inputs --------------------------------------------------------------------------------

    def load_inputs(self, files: dict[str, list[Path]]) -> int:
        conn, config = self.conn, self.config
        w = config.window_months
        first, last = date_sql(self.dates[0]), date_sql(self.dates[-1])
        dates = "[" + ", ".join(date_sql(day) for day in self.dates) + "]"
        all_files = [str(path) for dataset in DATASETS for path in files[dataset]]
        # Position of each file in file-name order: a later file wins.
        conn.execute(
            "create temp table input_files as "
            "select unnest($files) as source_file, unnest(range(1, $count + 1)) as file_order",
            {"files": all_files, "count": len(all_files)},
        )

        self.step("customer master, FX rates and service costs")
        # The latest snapshot is the master.
        self.run(f"""
            create temp table customer_master as
            select
                customer_id,
                customer_name,
                industry,
                account_manager,
                try_cast(is_industry_leader as boolean) as is_industry_leader,
                cast(reputation_score as {MONEY}) as reputation_score,
                cast(estimated_annual_potential as {MONEY}) as estimated_annual_potential,
                parent_customer_id
            from {delivered_rows(conn, "customers", files["customers"][-1:])}
        """)
        self.resolve_groups()

        # Rates: the latest delivery of a (rate_date, currency) wins; each rate applies from its
        # date until the next one, as one row per day, and the last one from its date on.
        self.run(f"""
            create temp table fx_rate_spans as
            with

            delivered_rates as (
                select
                    cast(rates.rate_date as date) as rate_date,
                    upper(rates.currency) as currency,
                    cast(rates.rate_to_reporting as decimal(18, 8)) as rate_to_reporting,
                    input_files.file_order
                from {delivered_rows(conn, "fx_rates", files["fx_rates"])} as rates
                inner join input_files on rates.source_file = input_files.source_file
            ),

            latest_rates as (
                select *
                from delivered_rates
                qualify row_number() over (
                    partition by rate_date, currency order by file_order desc
                ) = 1
            )

            select
                currency,
                rate_date,
                lead(rate_date) over (partition by currency order by rate_date) as next_rate_date,
                rate_to_reporting
            from latest_rates
        """)
        self.run("""
            create temp table fx_daily_rates as
            select
                currency,
                cast(unnest(range(rate_date, next_rate_date, interval 1 day)) as date) as rate_day,
                rate_to_reporting
            from fx_rate_spans
            where next_rate_date is not null
        """)
        self.run("""
            create temp table fx_last_rates as
            select currency, rate_date, rate_to_reporting
            from fx_rate_spans
            where next_rate_date is null
        """)

        # The service costs of the windows of the dates scored, per customer and day.
        self.run(f"""
            create temp table service_cost_days as
            with costs as (
                select customer_id, cast(cost_date as date) as cost_date, cast(amount as {MONEY}) as amount
                from {delivered_rows(conn, "service_costs", files["service_costs"])}
            )
            select customer_id, cost_date, sum(amount) as service_cost
            from costs
            where cost_date > {first} - to_months({w}) and cost_date <= {last}
            group by customer_id, cost_date
        """)

        # A KAM's judgements add up; the same (customer_id, factor, assessed_on) delivered again
        # replaces the earlier rating (the latest file wins). Only the configured factors count.
        factors = config.assessment_factors
        self.run(f"""
            create temp table assessments as
            with delivered as (
                select
                    assessments.customer_id,
                    assessments.factor,
                    cast(assessments.rating as double) as rating,
                    cast(assessments.assessed_on as date) as assessed_on,
                    input_files.file_order
                from {delivered_rows(conn, "account_assessments", files["account_assessments"])}
                    as assessments
                inner join input_files on assessments.source_file = input_files.source_file
            )
            select customer_id, factor, rating, assessed_on
            from delivered
            where {f"factor in ({', '.join(text(f) for f in factors)})" if factors else "false"}
            qualify row_number() over (
                partition by customer_id, factor, assessed_on order by file_order desc
            ) = 1
        """)

        # Each date scored splits the time before it into 2 × window_months one-month periods
        # (the window and the window before it): period k covers (as_of − (k + 1) months,
        # as_of − k months]. The bounds of every date's periods cut the days into buckets,
        # (previous bound, bound], that lie in one period of every date: the sales lines are
        # summed per bucket, once for the whole chain. With one date, the buckets are its
        # periods. Likewise the bounds of the windows alone cut the days into the buckets of the
        # products bought.
        self.run(f"""
            create temp table period_bounds as
            select
                cast(as_of_date - to_months(period_index) as date) as bound,
                bool_or(period_index in (0, {w})) as is_window_bound
            from
                (select unnest({dates}) as as_of_date) as scored_dates,
                range(0, {2 * w + 1}) as periods(period_index)
            group by bound
        """)
        self.run("""
            create temp table day_buckets as
            with

            days as (
                select
                    cast(
                        unnest(range(min(bound) + 1, max(bound) + 1, interval 1 day)) as date
                    ) as order_date
                from period_bounds
            ),

            first_window_bound as (
                select min(bound) as bound from period_bounds where is_window_bound
            )

            select
                days.order_date,
                (
                    select min(period_bounds.bound)
                    from period_bounds
                    where period_bounds.bound >= days.order_date
                ) as bucket_end,
                case
                    when days.order_date > (select bound from first_window_bound)
                        then (
                            select min(period_bounds.bound)
                            from period_bounds
                            where period_bounds.is_window_bound
                            and period_bounds.bound >= days.order_date
                        )
                end as product_bucket_end
            from days
        """)

        self.step(f"sales lines: {len(files['sales_lines'])} files")
        # The one pass over the sales lines: de-duplicated (the latest file wins), converted to
        # the reporting currency, and summed per customer, calendar month and bucket, and per
        # customer, product bought and product bucket.
        self.run(f"""
            create temp table sales_summary as
            with

            delivered_lines as (
                select
                    lines.order_id,
                    cast(lines.line_number as integer) as line_number,
                    cast(lines.order_date as date) as order_date,
                    lines.customer_id,
                    lines.product_id,
                    cast(lines.quantity as {MONEY}) as quantity,
                    cast(lines.unit_price as {MONEY}) as unit_price,
                    coalesce(cast(lines.discount as {MONEY}), 0) as discount,
                    coalesce(upper(lines.currency), {text(config.reporting_currency)}) as currency,
                    input_files.file_order
                from {delivered_rows(conn, "sales_lines", files["sales_lines"])} as lines
                inner join input_files on lines.source_file = input_files.source_file
            ),

            priced_lines as (
                select
                    delivered_lines.*,
                    case
                        when delivered_lines.currency = {text(config.reporting_currency)} then 1
                        else coalesce(
                            fx_daily_rates.rate_to_reporting, fx_last_rates.rate_to_reporting
                        )
                    end as fx_rate
                from delivered_lines
                left join fx_daily_rates
                    on delivered_lines.currency = fx_daily_rates.currency
                    and delivered_lines.order_date = fx_daily_rates.rate_day
                left join fx_last_rates
                    on delivered_lines.currency = fx_last_rates.currency
                    and delivered_lines.order_date >= fx_last_rates.rate_date
            ),

            approximated_lines as (
                select
                    *,
                    cast(quantity as double)
                    * cast(unit_price as double)
                    * cast(1 - discount as double)
                    * cast(fx_rate as double) as approximate_amount
                from priced_lines
            ),

            -- A line's net amount, quantity × unit_price × (1 − discount) × rate, is money: the
            -- exact product rounded to 6 decimals (half away from zero). Rounding a 38-digit
            -- decimal is slow, so the double product is used wherever it provably rounds the
            -- same: its relative error is below 1e-15, i.e. under 1e-4 micro-units below
            -- 100,000, so a double more than 0.001 micro-units away from a half micro-unit is
            -- on the right side. The rest (about 1% of the lines) is rounded exactly.
            converted_lines as (
                select
                    order_id,
                    line_number,
                    file_order,
                    customer_id,
                    order_date,
                    case when quantity > 0 then product_id end as product_bought,
                    case
                        when
                            abs(approximate_amount) < 100000
                            and abs(
                                approximate_amount * 1000000
                                - floor(approximate_amount * 1000000)
                                - 0.5
                            ) > 0.001
                            then cast(approximate_amount as {AMOUNT})
                        else cast(quantity * unit_price * (1 - discount) * fx_rate as {AMOUNT})
                    end as net_amount
                from approximated_lines
            ),

            -- A line delivered again replaces the earlier one: the latest file wins.
            current_lines as (
                select customer_id, order_date, product_bought, net_amount
                from converted_lines
                qualify row_number() over (
                    partition by order_id, line_number order by file_order desc
                ) = 1
            ),

            dated_lines as (
                select
                    current_lines.customer_id,
                    current_lines.order_date,
                    cast(date_trunc('month', current_lines.order_date) as date) as order_month,
                    day_buckets.bucket_end,
                    day_buckets.product_bucket_end,
                    case
                        when day_buckets.product_bucket_end is not null
                            then current_lines.product_bought
                    end as product_bought,
                    current_lines.net_amount
                from current_lines
                left join day_buckets on current_lines.order_date = day_buckets.order_date
            )

            select
                customer_id,
                order_month,
                bucket_end,
                product_bucket_end,
                product_bought,
                grouping(product_bought) = 0 as is_product_row,
                sum(net_amount) as net_revenue,
                count(*) as line_count,
                min(order_date) as first_order_date,
                max(order_date) as last_order_date
            from dated_lines
            group by grouping sets (
                (customer_id, order_month, bucket_end),
                (customer_id, product_bucket_end, product_bought)
            )
        """)
        # Per customer, calendar month and bucket (null: before the first date's periods or
        # after the as-of date).
        self.run("""
            create temp table customer_month_revenue as
            select
                customer_id,
                order_month,
                bucket_end,
                net_revenue,
                line_count,
                first_order_date,
                last_order_date
            from sales_summary
            where not is_product_row
        """)
        self.run("""
            create temp table product_buckets as
            select customer_id, product_bucket_end, product_bought
            from sales_summary
            where is_product_row and product_bought is not null
        """)
        self.run("drop table sales_summary")
        return conn.execute(
            "select coalesce(sum(line_count), 0) from customer_month_revenue"
        ).fetchone()[0]

    def resolve_groups(self) -> None:
        """Each customer of the master with its group under common control: the top of its
        chain of parents (parent_customer_id), a customer without a parent its own group, named
        after the top customer. Walked in Python, each chain once: the master is small."""
        master = self.conn.execute(
            "select customer_id, parent_customer_id, customer_name from customer_master"
        ).fetchall()
        parents = {customer_id: parent for customer_id, parent, _ in master}
        names = {customer_id: name for customer_id, _, name in master}
        tops: dict[str, str] = {}
        for customer_id in parents:
            chain, current = [], customer_id
            # Up to a customer whose top is known, or without a parent in the master (the input
            # is valid: a parent is in the same snapshot and there is no cycle).
            while current not in tops:
                if current in chain:
                    raise ValueError(f"customers: a cycle of parents through {current}")
                chain.append(current)
                parent = parents.get(current)
                if parent is None or parent not in parents:
                    tops[current] = current
                    break
                current = parent
            for member in chain:
                tops[member] = tops[current]
        ids = list(tops)
        if not ids:
            self.run(
                "create temp table customer_groups as select '' as customer_id, "
                "'' as group_id, '' as group_name where false"
            )
            return
        self.conn.execute(
            "create temp table customer_groups as select "
            "unnest($ids) as customer_id, unnest($groups) as group_id, "
            "unnest($names) as group_name",
            {
                "ids": ids,
                "groups": [tops[c] for c in ids],
                "names": [names[tops[c]] for c in ids],
            },
        )

    # -- scores ------------------------------------------------------------------------------

    def score_dates(self) -> None:
        """Every date of the chain, oldest first, each with the first tier of the one before;
        the tables of the last one (the as-of date) are kept for publishing."""
        first_tier = text(self.config.tiers[0].name)
        self.run(
            "create or replace temp table previous_first_tier as select '' as customer_id where false"
        )
        for day in self.dates:
            self.as_of = date_sql(day)
            published = day == self.dates[-1]
            if not published:
                self.step(f"previous date {day}: scores and tiers")
            # A previous date needs its first tier only: no points nor explanations.
            self.score_customers(explain=published)
            self.share_revenue()
            self.assign_tiers()
            self.run(f"""
                create or replace temp table previous_first_tier as
                select customer_id from customer_tiers where not is_prospect and tier = {first_tier}
            """)
        self.publish_scores()

    def score_customers(self, explain: bool = True) -> None:
        config, as_of = self.config, self.as_of
        w, scale = config.window_months, config.scale
        self.step(f"metrics and scores as of {as_of}")
        # The as-of date's 2 × window_months periods, as one row per day: periods 0 … w − 1 are
        # the window, w … 2w − 1 the window before.
        self.run(f"""
            create or replace temp table period_days as
            with periods as (
                select
                    period_index,
                    cast({as_of} - to_months(period_index + 1) as date) as period_start_exclusive,
                    cast({as_of} - to_months(period_index) as date) as period_end
                from range(0, {2 * w}) as periods(period_index)
            )
            select
                cast(
                    unnest(range(period_start_exclusive + 1, period_end + 1, interval 1 day))
                    as date
                ) as order_date,
                period_index
            from periods
        """)
        # A bucket lies in one period of the date: the period of its last day.
        self.run("""
            create or replace temp table period_revenue as
            select
                customer_month_revenue.customer_id,
                period_days.period_index,
                sum(customer_month_revenue.net_revenue) as net_revenue,
                sum(customer_month_revenue.line_count) as line_count
            from customer_month_revenue
            inner join period_days on customer_month_revenue.bucket_end = period_days.order_date
            group by customer_month_revenue.customer_id, period_days.period_index
        """)
        # In scope: customers with sales lines in the window (in the master or not), and
        # prospects of the master with a potential.
        self.run(f"""
            create or replace temp table customers_in_scope as
            with

            window_sales as (
                select
                    customer_id,
                    sum(net_revenue) filter (where period_index < {w}) as net_revenue,
                    sum(line_count) filter (where period_index < {w}) as window_lines,
                    sum(net_revenue) filter (where period_index >= {w}) as previous_net_revenue
                from period_revenue
                group by customer_id
            ),

            in_scope as (
                select customer_id from window_sales where window_lines > 0
                union
                select customer_id from customer_master where estimated_annual_potential > 0
            )

            select
                in_scope.customer_id,
                coalesce(window_sales.window_lines, 0) > 0 as has_sales_in_window,
                coalesce(window_sales.net_revenue, 0) as net_revenue,
                window_sales.previous_net_revenue,
                customer_master.customer_id is not null as is_in_master
            from in_scope
            left join window_sales on in_scope.customer_id = window_sales.customer_id
            left join customer_master on in_scope.customer_id = customer_master.customer_id
        """)

        # The rating in force of each configured factor: the latest at most
        # assessment_max_age_months old (month arithmetic, as the window's bounds).
        self.run(f"""
            create or replace temp table ratings_in_force as
            select customer_id, factor, arg_max(rating, assessed_on) as rating
            from assessments
            where
                assessed_on <= {as_of}
                and assessed_on >= {as_of} - to_months({config.assessment_max_age_months})
            group by customer_id, factor
        """)
        factors = config.assessment_factors
        rating_columns = "".join(
            f'max(rating) filter (where factor = {text(factor)}) as "{factor}_rating", '
            for factor in factors
        )
        # A criterion a KAM may judge: the rating in force wins over the data proxy, and the basis
        # says which was used (null: neither).
        data_proxies = {
            "product_need": "cast(coalesce(window_products.distinct_products, 0) as double)",
            "reputation": """case
                    when customer_master.is_industry_leader then 10
                    else cast(customer_master.reputation_score as double)
                end""",
        }
        judgeable = []
        for name, proxy in data_proxies.items():
            rating = f'factor_ratings."{name}_rating"' if name in factors else "null"
            judgeable.append(f"""coalesce({rating}, {proxy}) as {name}_metric,
                case
                    when {rating} is not null then 'assessment'
                    when {proxy} is not null then 'data'
                end as {name}_basis""")

        # Scored: the customers in scope that are in the master.
        self.run(f"""
            create or replace temp table customer_metrics as
            with

            -- sqrt(n·Σp² − (Σp)²) / Σp is the population standard deviation / mean of n period
            -- revenues; the sums exact.
            period_spread as (
                select
                    customer_id,
                    sum(net_revenue) as window_revenue,
                    sum(net_revenue * net_revenue) as sum_of_squares
                from period_revenue
                where period_index < {w}
                group by customer_id
            ),

            first_orders as (
                select customer_id, min(first_order_date) as first_order_date
                from customer_month_revenue
                where first_order_date <= {as_of}
                group by customer_id
            ),

            -- The periods from the one of the customer's first order ever (or the window's
            -- first, if earlier) to the last: there are no sales in the periods before it.
            stability_periods as (
                select
                    first_orders.customer_id,
                    case
                        when period_days.period_index is null or period_days.period_index >= {w}
                            then {w}
                        else period_days.period_index + 1
                    end as periods
                from first_orders
                left join period_days on first_orders.first_order_date = period_days.order_date
            ),

            window_service_costs as (
                select customer_id, sum(service_cost) as service_cost
                from service_cost_days
                where cost_date > {as_of} - to_months({w}) and cost_date <= {as_of}
                group by customer_id
            ),

            window_products as (
                select customer_id, count(distinct product_bought) as distinct_products
                from product_buckets
                where
                    product_bucket_end > {as_of} - to_months({w})
                    and product_bucket_end <= {as_of}
                group by customer_id
            ),

            factor_ratings as (
                select {rating_columns} customer_id
                from ratings_in_force
                group by customer_id
            )

            select
                customers_in_scope.customer_id,
                customer_master.customer_name,
                customer_master.industry,
                customer_master.account_manager,
                not customers_in_scope.has_sales_in_window as is_prospect,
                customers_in_scope.net_revenue,
                cast(customers_in_scope.net_revenue as double) as current_revenue_metric,
                cast(customer_master.estimated_annual_potential as double)
                as potential_revenue_metric,
                case
                    when customers_in_scope.previous_net_revenue > 0
                        then cast(customers_in_scope.net_revenue as double)
                        / cast(customers_in_scope.previous_net_revenue as double) - 1
                end as revenue_growth_metric,
                case
                    when
                        customers_in_scope.net_revenue > 0
                        and stability_periods.periods >= {config.min_stability_periods}
                        then sqrt(cast(
                            stability_periods.periods * period_spread.sum_of_squares
                            - period_spread.window_revenue * period_spread.window_revenue
                            as double
                        )) / cast(customers_in_scope.net_revenue as double)
                end as order_stability_metric,
                case
                    when customers_in_scope.net_revenue > 0
                        then cast(coalesce(window_service_costs.service_cost, 0) as double)
                        / cast(customers_in_scope.net_revenue as double)
                end as cost_to_serve_metric,
                {", ".join(judgeable)},
                {"".join(f'factor_ratings."{factor}_rating", ' for factor in factors)}
                -- KAISM: the window's revenue brought to a year, over the annual potential.
                case
                    when customer_master.estimated_annual_potential > 0
                        then cast(customers_in_scope.net_revenue as double) * 12 / {w}
                        / cast(customer_master.estimated_annual_potential as double)
                end as share_of_wallet_metric
            from customers_in_scope
            inner join customer_master
                on customers_in_scope.customer_id = customer_master.customer_id
            left join period_spread
                on customers_in_scope.customer_id = period_spread.customer_id
            left join stability_periods
                on customers_in_scope.customer_id = stability_periods.customer_id
            left join window_service_costs
                on customers_in_scope.customer_id = window_service_costs.customer_id
            left join window_products
                on customers_in_scope.customer_id = window_products.customer_id
            left join factor_ratings
                on customers_in_scope.customer_id = factor_ratings.customer_id
        """)

        criteria = config.criteria

        def applies(name: str) -> str:
            """A criterion applies to every account, to a prospect if it is a prospect criterion."""
            return "true" if name in config.prospect_criteria else "not is_prospect"

        # Each criterion's metric among the customers it applies to (its population), and for
        # log_range max(metric, 0). A criterion a KAM may judge: the judgements where it applies
        # apart (scored as ratings), the population holds the data proxies alone, so a customer
        # scored on data is ranked among the customers scored on data. Narrow, for the window
        # functions of the scores.
        judged = config.judged_criteria
        populations = []
        for name, criterion in criteria.items():
            on_data = f" and {name}_basis is distinct from 'assessment'" if name in judged else ""
            population = f"case when {applies(name)}{on_data} then {name}_metric end"
            populations.append(f"{population} as {name}_population")
            if name in judged:
                populations.append(
                    f"case when {applies(name)} and {name}_basis = 'assessment' "
                    f"then {name}_metric end as {name}_judgement"
                )
            if criterion.method == "log_range":
                populations.append(
                    f"case when {population} is not null then greatest({population}, 0) end"
                    f" as {name}_x"
                )
        self.run(f"""
            create or replace temp table criterion_populations as
            select customer_id, {", ".join(populations)}
            from customer_metrics
        """)
        # A population carries no information when nobody in it has the metric, or at least two
        # have it and all their values (to 6 decimals) are equal. A criterion carries information
        # when its population does, or (one a KAM may judge) a judgement where it applies exists.
        counts = self.one(
            "select "
            + ", ".join(
                f"count({name}_population), count(distinct round({name}_population, 6)), "
                + (f"count({name}_judgement)" if name in judged else "0")
                for name in criteria
            )
            + " from criterion_populations"
        )
        population_informative = {
            name: counts[3 * i] == 1 or counts[3 * i + 1] >= 2 for i, name in enumerate(criteria)
        }
        informative = {
            name: population_informative[name] or counts[3 * i + 2] > 0
            for i, name in enumerate(criteria)
        }

        def score(name: str) -> str:
            criterion = criteria[name]
            population = f"{name}_population"
            if not informative[name]:
                return "cast(null as double)"
            if not population_informative[name]:
                # Only judgements carry information: the data proxies, all equal, score no one.
                on_data = "cast(null as double)"
            elif criterion.method == "percent_rank":
                on_data = percent_rank_score_sql(population, criterion.direction, scale)
            elif criterion.method == "log_range":
                on_data = log_range_score_sql(f"{name}_x", criterion.direction, scale)
            elif criterion.method == "bands":
                on_data = (
                    f"case when {population} is not null then "
                    f"{bands_score_sql(population, criterion.direction, criterion.thresholds, scale)}"
                    " end"
                )
            else:
                on_data = (
                    f"case when {population} is not null then "
                    f"{rating_score_sql(population, criterion.direction, scale)} end"
                )
            if name not in judged:
                return on_data
            # A judgement is a 1–10 rating whatever the criterion's method.
            judgement = f"{name}_judgement"
            return f"""case
                when {judgement} is not null
                    then {rating_score_sql(judgement, criterion.direction, scale)}
                else {on_data}
            end"""

        self.run(f"""
            create or replace temp table criterion_scores as
            select
                customer_id,
                {", ".join(f"cast({score(name)} as double) as {name}_score" for name in criteria)}
            from criterion_populations
        """)

        # The criteria that count: weight > 0. Present: those with a score.
        counted = [name for name, criterion in criteria.items() if criterion.weight > 0]
        weight = {name: num(criterion.weight) for name, criterion in criteria.items()}
        present_weight = " + ".join(
            f"case when {name}_score is not null then {weight[name]} else 0 end" for name in counted
        )
        weighted_sum = " + ".join(f"coalesce({weight[name]} * {name}_score, 0)" for name in counted)

        def points(name: str) -> str:
            if criteria[name].weight == 0:
                return f"case when {name}_score is not null then 0.0 end as {name}_points"
            return (
                f"case when {name}_score is not null "
                f"then {weight[name]} * {name}_score / present_weight end as {name}_points"
            )

        # score_completeness: the weight present over the weight of the counted criteria that
        # apply and carry information.
        account_weight = sum(criteria[name].weight for name in counted if informative[name])
        prospect_weight = sum(
            criteria[name].weight
            for name in counted
            if informative[name] and name in config.prospect_criteria
        )

        def completeness(possible: float) -> str:
            if possible == 0:
                return "1.0"
            return f"round(present_weight / {num(possible)}, 6)"

        # Counted criteria that apply and carry information but have no score (no metric, or a
        # data proxy when only judgements carry information), alphabetically.
        missing = ", ".join(
            f"case when {name}_score is null and {applies(name)} then '{name}' end"
            for name in sorted(counted)
            if informative[name]
        )
        uninformative = ", ".join(sorted(name for name in counted if not informative[name]))

        # The contribution of each present criterion against a neutral customer; the two that
        # raise the score most (the largest first) and the two that lower it most (the most
        # negative first), ties by name: sorted as (−contribution, name) and (contribution, name).
        neutral = num((1 + scale) / 2)

        def contribution(name: str) -> str:
            return (
                f"case when {name}_score is not null then "
                f"({name}_score - {neutral}) * {weight[name]} / present_weight end"
            )

        def top_two(sign: str) -> str:
            factors = ", ".join(
                f"{{'key': {sign}{name}_contribution, 'name': '{name}'}}" for name in counted
            )
            return (
                "nullif(array_to_string(list_transform(list_slice(list_sort(list_filter("
                f"[{factors}], factor -> coalesce(factor.key < 0, false))), 1, 2), "
                "factor -> factor.name), ', '), '')"
            )

        weighted_score = """case
                    when present_weight > 0 then round(weighted_sum / present_weight, 6)
                    else 1.0
                end"""
        score_completeness = f"""case
                    when is_prospect then {completeness(prospect_weight)}
                    else {completeness(account_weight)}
                end"""
        if not explain:
            self.run(f"""
                create or replace temp table weighted_scores as
                with present as (
                    select
                        criterion_scores.customer_id,
                        customer_metrics.is_prospect,
                        cast({present_weight} as double) as present_weight,
                        cast({weighted_sum} as double) as weighted_sum
                    from criterion_scores
                    inner join customer_metrics
                        on criterion_scores.customer_id = customer_metrics.customer_id
                )
                select
                    customer_id,
                    is_prospect,
                    {weighted_score} as weighted_score,
                    {score_completeness} as score_completeness
                from present
            """)
            return
        self.run(f"""
            create or replace temp table weighted_scores as
            with

            present as (
                select
                    customer_metrics.*,
                    {", ".join(f"criterion_scores.{name}_score" for name in criteria)},
                    cast({present_weight} as double) as present_weight,
                    cast({weighted_sum} as double) as weighted_sum
                from customer_metrics
                inner join criterion_scores
                    on customer_metrics.customer_id = criterion_scores.customer_id
            ),

            contributions as (
                select
                    *,
                    {", ".join(f"{contribution(name)} as {name}_contribution" for name in counted)}
                from present
            )

            select
                * exclude ({", ".join(f"{name}_contribution" for name in counted)}),
                {", ".join(points(name) for name in criteria)},
                {weighted_score} as weighted_score,
                {score_completeness} as score_completeness,
                {f"nullif(concat_ws(', ', {missing}), '')" if missing else "cast(null as varchar)"}
                as missing_criteria,
                {text(uninformative) if uninformative else "cast(null as varchar)"}
                as uninformative_criteria,
                {top_two("-")} as top_positive_factors,
                {top_two("")} as top_negative_factors
            from contributions
        """)

    def share_revenue(self) -> None:
        """The as-of date's revenue shares of the customers and of their groups under common
        control (IFRS 8.34 / ASC 280-10-50-42: one customer each): published, and the major
        customers of the tiers.

        A group's revenue is the sum of its members' positive window revenue (a member's net
        returns lower neither it nor the total), so both shares are of the same total;
        member_count counts those paying members. A customer outside the master (the input is
        assumed valid) is its own group. A group's largest member has the most window revenue
        of its members in scope, ties by customer_id; the tier rule's major customers
        (is_major_for_tiers) are the major customers and the largest members of major groups."""
        config, as_of = self.config, self.as_of
        self.run("""
            create or replace temp table date_customer_groups as
            select
                customers_in_scope.customer_id,
                customers_in_scope.net_revenue,
                coalesce(customer_groups.group_id, customers_in_scope.customer_id) as group_id,
                customer_groups.group_name
            from customers_in_scope
            left join customer_groups
                on customers_in_scope.customer_id = customer_groups.customer_id
        """)
        group_shares = revenue_shares_sql(
            "group_revenue",
            "as_of_date",
            config,
            key="group_id",
            mono_flag="is_mono_group",
            major_flag="is_major_group",
        )
        self.run(f"""
            create or replace temp table date_group_revenue_shares as
            with

            group_revenue as (
                select
                    {as_of} as as_of_date,
                    group_id,
                    any_value(group_name) as group_name,
                    count(*) filter (where net_revenue > 0) as member_count,
                    coalesce(sum(net_revenue) filter (where net_revenue > 0), 0) as net_revenue
                from date_customer_groups
                group by group_id
            ),

            shares as (
                {group_shares}
            )

            select
                shares.as_of_date,
                shares.group_id,
                group_revenue.group_name,
                group_revenue.member_count,
                shares.net_revenue,
                shares.revenue_share,
                shares.revenue_rank,
                shares.is_major_group,
                shares.is_mono_group
            from shares
            inner join group_revenue on shares.group_id = group_revenue.group_id
        """)
        self.run(f"""
            create or replace temp table date_revenue_shares as
            with

            customer_revenue as (
                select {as_of} as as_of_date, customer_id, net_revenue from customers_in_scope
            ),

            customer_shares as (
                {revenue_shares_sql("customer_revenue", "as_of_date", config)}
            ),

            largest_members as (
                select customer_id
                from date_customer_groups
                qualify row_number() over (
                    partition by group_id order by net_revenue desc, customer_id
                ) = 1
            )

            select
                customer_shares.*,
                date_customer_groups.group_id,
                date_group_revenue_shares.revenue_share as group_revenue_share,
                date_group_revenue_shares.is_mono_group,
                date_group_revenue_shares.is_major_group,
                largest_members.customer_id is not null as is_largest_in_group,
                customer_shares.is_major_customer or (
                    date_group_revenue_shares.is_major_group
                    and largest_members.customer_id is not null
                ) as is_major_for_tiers
            from customer_shares
            inner join date_customer_groups
                on customer_shares.customer_id = date_customer_groups.customer_id
            inner join date_group_revenue_shares
                on date_customer_groups.group_id = date_group_revenue_shares.group_id
            left join largest_members
                on customer_shares.customer_id = largest_members.customer_id
        """)

    def assign_tiers(self) -> None:
        """Tiers, highest first, for the accounts; key_prospect or prospect for the prospects.

        A major customer, or the largest member of a major group, is in the first tier
        (tier_source major_customer). The other accounts compete for the room the cap
        leaves them, an incumbent of the first tier (previous_first_tier) with its score plus
        incumbent_margin, for the minimum and the ranking alike; below min_completeness_for_key
        an account cannot enter it. Everyone else takes the next tiers as the first edition
        did: the accounts reaching a tier's minimum form a prefix of the ranking; a tier takes
        those not in a tier above, up to its max_accounts, the rest fall to the next tier, and
        the last takes everyone left. The rankings are computed on a narrow table."""
        config = self.config
        first, rest = config.tiers[0], config.tiers[1:] or config.tiers[:1]
        floor = num(config.min_completeness_for_key)
        self.run("""
            create or replace temp table tier_candidates as
            select
                weighted_scores.customer_id,
                weighted_scores.is_prospect,
                weighted_scores.weighted_score,
                weighted_scores.score_completeness,
                coalesce(date_revenue_shares.is_major_for_tiers, false)
                and not weighted_scores.is_prospect as is_major,
                previous_first_tier.customer_id is not null as is_incumbent
            from weighted_scores
            left join date_revenue_shares
                on weighted_scores.customer_id = date_revenue_shares.customer_id
            left join previous_first_tier
                on weighted_scores.customer_id = previous_first_tier.customer_id
        """)
        majors = self.one("select count(*) from tier_candidates where is_major")[0]
        room = None if first.max_accounts is None else max(0, int(first.max_accounts) - majors)

        def reaches(score: str) -> str:
            minimum = "true" if first.min_score is None else f"{score} >= {num(first.min_score)}"
            return (
                f"not is_prospect and not is_major and {minimum} and score_completeness >= {floor}"
            )

        def within_room(rank: str) -> str:
            return f"{rank} is not null" if room is None else f"coalesce({rank} <= {room}, false)"

        key_prospect = (
            f"is_prospect and weighted_score >= {num(config.key_prospect_min_score)}"
            f" and score_completeness >= {floor}"
        )
        self.run(f"""
            create or replace temp table tier_ranks as
            with

            adjusted as (
                select
                    *,
                    weighted_score
                    + case when is_incumbent then {config.incumbent_margin!r} else 0 end
                    as adjusted_score
                from tier_candidates
            ),

            ranked as (
                select
                    *,
                    row_number() over (order by weighted_score desc, customer_id) as score_rank,
                    case when {reaches("adjusted_score")} then row_number() over (
                        partition by {reaches("adjusted_score")}
                        order by adjusted_score desc, customer_id
                    ) end as margin_rank,
                    -- the same without the margin: did the margin decide it?
                    case when {reaches("weighted_score")} then row_number() over (
                        partition by {reaches("weighted_score")}
                        order by weighted_score desc, customer_id
                    ) end as plain_rank,
                    case when {key_prospect} then row_number() over (
                        partition by {key_prospect}
                        order by weighted_score desc, customer_id
                    ) end as key_prospect_rank
                from adjusted
            ),

            first_tier as (
                select
                    *,
                    not is_prospect and (is_major or {within_room("margin_rank")}) as is_first_tier
                from ranked
            )

            select
                *,
                case when not is_prospect and not is_first_tier then row_number() over (
                    partition by not is_prospect and not is_first_tier
                    order by weighted_score desc, customer_id
                ) end as rest_rank
            from first_tier
        """)
        qualifying = ", ".join(
            f"count(rest_rank) filter (where weighted_score >= {num(tier.min_score)})"
            if tier.min_score is not None and index < len(rest) - 1
            else "count(rest_rank)"
            for index, tier in enumerate(rest)
        )
        qualified = self.one(f"select {qualifying} from tier_ranks")
        last_ranks, placed = [], 0
        for index, (tier, count) in enumerate(zip(rest, qualified, strict=True)):
            taken = max(0, count - placed)
            if tier.max_accounts is not None and index < len(rest) - 1:
                taken = min(taken, int(tier.max_accounts))
            placed += taken
            last_ranks.append(placed)
        rest_cases = "\n".join(
            f"when rest_rank <= {last_rank} then {text(tier.name)}"
            for tier, last_rank in zip(rest, last_ranks, strict=True)
        )
        max_key_prospects = (
            "key_prospect_rank is not null"
            if config.max_key_prospects is None
            else f"coalesce(key_prospect_rank <= {config.max_key_prospects}, false)"
        )
        self.run(f"""
            create or replace temp table customer_tiers as
            select
                customer_id,
                is_prospect,
                score_rank,
                case
                    when is_prospect and {max_key_prospects} then 'key_prospect'
                    when is_prospect then 'prospect'
                    when is_first_tier then {text(first.name)}
                    {rest_cases}
                end as tier,
                case
                    when is_major then 'major_customer'
                    when is_first_tier and is_incumbent and not {within_room("plain_rank")}
                        then 'incumbent_margin'
                    else 'score'
                end as tier_source,
                cast(null as varchar) as override_reason
            from tier_ranks
        """)

    def publish_scores(self) -> None:
        """The as-of date's scores with their tiers, for the published tables."""
        self.run("""
            create or replace temp table tiered_scores as
            select
                weighted_scores.*,
                customer_tiers.score_rank,
                customer_tiers.tier,
                customer_tiers.tier_source,
                customer_tiers.override_reason
            from weighted_scores
            inner join customer_tiers on weighted_scores.customer_id = customer_tiers.customer_id
        """)

    def assess_kaism(self) -> None:
        """KAISM: attractiveness and relative strength, each the weighted mean of its factors
        present (weight > 0), on the score scale: a criterion's score (a judgement in force
        included), an assessment factor's rating in force brought to the scale, the share of
        wallet (annualised window revenue / potential, within [0, 1]) as 1 + (scale − 1) × share."""
        config, as_of, scale = self.config, self.as_of, self.config.scale

        def factor_score(factor: str) -> str:
            if factor in config.criteria:
                return f"{factor}_score"
            if factor == SHARE_OF_WALLET:
                return "share_of_wallet_score"
            return rating_score_sql(f'"{factor}_rating"', "higher", scale)

        def axis(weights: dict[str, float]) -> str:
            """The weighted mean of the factors with a score; null when none has one."""
            scored = [
                (num(weight), factor_score(factor))
                for factor, weight in weights.items()
                if weight > 0
            ]
            if not scored:
                return "cast(null as double)"
            total = " + ".join(f"coalesce({weight} * {score}, 0)" for weight, score in scored)
            present = " + ".join(
                f"case when {score} is not null then {weight} else 0 end"
                for weight, score in scored
            )
            return f"round(({total}) / nullif(cast({present} as double), 0), 6)"

        # The strength is assessed when a KAM's rating of one of its factors is in force.
        strength_ratings = [
            f'"{factor}_rating" is not null'
            for factor, weight in config.relative_strength.items()
            if weight > 0 and factor in config.assessment_factors
        ]
        is_assessed = " or ".join(strength_ratings) if strength_ratings else "false"
        split = num(config.kaism_split)
        strategies = "\n".join(
            f"when {text(quadrant)} then {text(strategy)}"
            for quadrant, strategy in KAISM_STRATEGIES.items()
        )
        self.run(f"""
            create table kaism_matrix as
            with

            shares_of_wallet as (
                select
                    *,
                    case
                        when share_of_wallet_metric > 1 then 1.0
                        when share_of_wallet_metric < 0 then 0.0
                        else share_of_wallet_metric
                    end as share_of_wallet
                from tiered_scores
            ),

            axes as (
                select
                    *,
                    {axis(config.attractiveness)} as attractiveness,
                    {axis(config.relative_strength)} as relative_strength,
                    coalesce({is_assessed}, false) as is_strength_assessed
                from (
                    select *, 1 + ({scale} - 1) * share_of_wallet as share_of_wallet_score
                    from shares_of_wallet
                ) as scored
            ),

            quadrants as (
                select
                    *,
                    case
                        when attractiveness is null or relative_strength is null then 'unassessed'
                        when attractiveness >= {split} and relative_strength >= {split}
                            then 'strategic'
                        when attractiveness >= {split} then 'star'
                        when relative_strength >= {split} then 'status'
                        else 'streamline'
                    end as kaism_quadrant
                from axes
            )

            select
                {as_of} as as_of_date,
                customer_id,
                customer_name,
                is_prospect,
                attractiveness,
                relative_strength,
                case
                    when relative_strength is null then null
                    when is_strength_assessed then 'assessed'
                    else 'data_only'
                end as strength_basis,
                kaism_quadrant,
                case kaism_quadrant {strategies} end as kaism_strategy,
                share_of_wallet_metric,
                share_of_wallet,
                share_of_wallet_score,
                coalesce(share_of_wallet_metric > 1, false) as is_potential_stale
            from quadrants
        """)

    # -- concentration -------------------------------------------------------------------------

    def concentrate(self) -> None:
        as_of = self.as_of
        self.step("revenue shares and concentration")
        self.run("create table customer_revenue_shares as select * from date_revenue_shares")
        # The groups with revenue; their figures are those of the customers, over groups.
        self.run("""
            create table customer_group_revenue_shares as
            select * from date_group_revenue_shares where net_revenue > 0
        """)
        group_figures = concentration_sql(
            "customer_group_revenue_shares",
            "as_of_date",
            key="group_id",
            mono_flag="is_mono_group",
            major_flag="is_major_group",
        )
        self.run(f"""
            create table revenue_concentration as
            with

            figures as (
                {concentration_sql("customer_revenue_shares", "as_of_date")}
            ),

            group_figures as (
                {group_figures}
            ),

            largest_group as (
                select group_id
                from customer_group_revenue_shares
                order by net_revenue desc, group_id
                limit 1
            )

            select
                {as_of} as as_of_date,
                {FIGURE_COLUMNS},
                coalesce(group_figures.customer_count, 0) as group_count,
                group_figures.hhi as group_hhi,
                group_figures.effective_customers as effective_groups,
                group_figures.top1_share as group_top1_share,
                largest_group.group_id as top1_group_id,
                group_figures.mono_client_id as mono_group_id,
                coalesce(group_figures.major_customer_count, 0) as major_group_count
            from (select 1) as one_row
            left join figures on true
            left join group_figures on true
            left join largest_group on true
        """)

    def monthly_concentration(self) -> None:
        config = self.config
        w = config.window_months
        self.step("monthly concentration")
        # Month ends from the first month of sales to the last month end on or before the
        # latest order date; each month's window is the w calendar months ending with it.
        self.run("""
            create temp table month_ends as
            with

            history as (
                select
                    min(order_month) as first_month,
                    max(last_order_date) as last_order_date
                from customer_month_revenue
            ),

            bounds as (
                select
                    first_month,
                    case
                        when last_day(last_order_date) = last_order_date
                            then cast(date_trunc('month', last_order_date) as date)
                        else cast(date_trunc('month', last_order_date) - interval 1 month as date)
                    end as last_month
                from history
            )

            select
                cast(unnest(range(first_month, last_month + interval 1 month, interval 1 month)) as date)
                as month_start,
                first_month
            from bounds
            where first_month <= last_month
        """)
        self.run(f"""
            create temp table monthly_customer_revenue as
            with

            calendar_months as (
                select customer_id, order_month, sum(net_revenue) as net_revenue
                from customer_month_revenue
                group by customer_id, order_month
            ),

            customer_spans as (
                select customer_id, min(order_month) as first_month, max(order_month) as last_month
                from calendar_months
                group by customer_id
            ),

            -- every month from a customer's first sale until its last one has left the window
            customer_month_grid as (
                select customer_spans.customer_id, month_ends.month_start
                from customer_spans
                inner join month_ends
                    on month_ends.month_start >= customer_spans.first_month
                    and month_ends.month_start < customer_spans.last_month + to_months({w})
            ),

            trailing_revenue as (
                select
                    last_day(customer_month_grid.month_start) as month_end_date,
                    customer_month_grid.customer_id,
                    sum(coalesce(calendar_months.net_revenue, 0)) over (
                        partition by customer_month_grid.customer_id
                        order by customer_month_grid.month_start
                        rows between {w - 1} preceding and current row
                    ) as net_revenue
                from customer_month_grid
                left join calendar_months
                    on customer_month_grid.customer_id = calendar_months.customer_id
                    and customer_month_grid.month_start = calendar_months.order_month
            )

            select * from trailing_revenue where net_revenue > 0
        """)
        self.run(f"""
            create table revenue_concentration_monthly as
            with

            monthly_shares as (
                {revenue_shares_sql("monthly_customer_revenue", "month_end_date", config)}
            ),

            figures as (
                {concentration_sql("monthly_shares", "month_end_date")}
            )

            select
                last_day(month_ends.month_start) as month_end_date,
                {FIGURE_COLUMNS},
                month_ends.month_start >= month_ends.first_month + to_months({w - 1})
                as is_window_complete
            from month_ends
            left join figures on last_day(month_ends.month_start) = figures.month_end_date
            order by month_end_date
        """)

    # -- published tables ----------------------------------------------------------------------

    def publish_tables(self) -> None:
        config, as_of = self.config, self.as_of
        self.step("customer scores and KAM portfolios")
        per_criterion = ",\n".join(
            f"tiered_scores.{name}_metric, tiered_scores.{name}_score, tiered_scores.{name}_points"
            for name in config.weights
        )
        self.run(f"""
            create table customer_scores as
            select
                {as_of} as as_of_date,
                tiered_scores.customer_id,
                tiered_scores.customer_name,
                customer_revenue_shares.group_id,
                tiered_scores.industry,
                tiered_scores.account_manager,
                tiered_scores.is_prospect,
                {per_criterion},
                tiered_scores.product_need_basis,
                tiered_scores.reputation_basis,
                tiered_scores.missing_criteria,
                tiered_scores.uninformative_criteria,
                tiered_scores.score_completeness,
                tiered_scores.top_positive_factors,
                tiered_scores.top_negative_factors,
                tiered_scores.weighted_score,
                tiered_scores.score_rank,
                tiered_scores.tier,
                tiered_scores.tier_source,
                tiered_scores.override_reason,
                coalesce(customer_revenue_shares.abc_class, 'C') as abc_class,
                kaism_matrix.kaism_quadrant,
                coalesce(customer_revenue_shares.is_mono_client, false) as is_mono_client,
                coalesce(customer_revenue_shares.is_major_customer, false) as is_major_customer
            from tiered_scores
            left join customer_revenue_shares
                on tiered_scores.customer_id = customer_revenue_shares.customer_id
            left join kaism_matrix on tiered_scores.customer_id = kaism_matrix.customer_id
            order by tiered_scores.score_rank
        """)
        key_tier = text(config.tiers[0].name)
        self.run(f"""
            create table kam_portfolio as
            with portfolios as (
                select
                    account_manager,
                    count(*) filter (where not is_prospect) as accounts,
                    count(*) filter (where tier = {key_tier}) as key_accounts,
                    count(*) filter (where is_prospect) as prospects,
                    count(*) filter (where tier = 'key_prospect') as key_prospects,
                    sum(net_revenue) as net_revenue
                from tiered_scores
                group by account_manager
            )
            select
                {as_of} as as_of_date,
                account_manager,
                account_manager is null as is_unassigned,
                accounts,
                key_accounts,
                prospects,
                key_prospects,
                cast(net_revenue as double) as net_revenue,
                case
                    when sum(net_revenue) over () > 0
                        then cast(net_revenue as double) / cast(sum(net_revenue) over () as double)
                end as revenue_share
            from portfolios
            order by account_manager nulls last
        """)


def parse_dates(value: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(day.strip()) for day in value.split(",") if day.strip())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--input", action="append", required=True, type=Path, help="folder of input files"
    )
    parser.add_argument("--as-of", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument(
        "--previous-dates",
        type=parse_dates,
        default=(),
        help="the as-of dates scored before it, comma-separated (YYYY-MM-DD,...): their first "
        "tiers make the incumbents",
    )
    parser.add_argument("--config", required=True, type=Path, help="scoring configuration YAML")
    parser.add_argument("--output", required=True, type=Path, help="DuckDB file to (over)write")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    config = load_config(args.config)
    files = find_input_files(args.input)
    for dataset in ("sales_lines", "customers"):
        if not files[dataset]:
            raise SystemExit(f"error: no {dataset} files in {', '.join(map(str, args.input))}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    for stale in (args.output, args.output.with_name(args.output.name + ".wal")):
        stale.unlink(missing_ok=True)

    conn = duckdb.connect(str(args.output))
    conn.execute("set preserve_insertion_order = false")
    baseline = Baseline(conn, config, args.as_of, args.previous_dates)
    sales_lines = baseline.load_inputs(files)
    baseline.score_dates()
    baseline.assess_kaism()
    baseline.concentrate()
    baseline.monthly_concentration()
    baseline.publish_tables()
    conn.execute("checkpoint")
    conn.close()
    seconds = time.perf_counter() - started
    baseline.step(f"done: {args.output}")

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "peak_rss_mb": round(peak_rss_mb, 1),
                "sales_lines": int(sales_lines),
            }
        )
    )


if __name__ == "__main__":
    main()
