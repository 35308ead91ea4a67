"""The hand-made books of the bench's baseline tests (benchmarks/baseline/): the columns of
their files, a writer for them, the customers and sales lines they hold, the configurations
they run with, and one baseline run read back table by table. Shared by the test_baseline_*
modules of this folder and their conftest.py."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import yaml

from benchmarks import baseline
from benchmarks.baseline.inputs import COLUMNS

# A customer's columns but its parent, which only the group book writes.
CUSTOMER_COLUMNS = tuple(
    column for column in COLUMNS["customers"] if column != "parent_customer_id"
)
# Every column of a sales line, as the baseline reads them.
LINE_COLUMNS = COLUMNS["sales_lines"]


# The baseline's tables a test reads, with the column that identifies a row on the as-of date.
PUBLISHED_KEYS = {
    "customer_scores": "customer_id",
    "kaism_matrix": "customer_id",
    "customer_revenue_shares": "customer_id",
    "customer_group_revenue_shares": "group_id",
    "revenue_concentration": "as_of_date",
}


def write_csv(path: Path, columns: tuple[str, ...], rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def customer(customer_id: str, reputation="", leader="false", potential="") -> tuple:
    return (
        customer_id,
        f"Customer {customer_id}",
        "tools",
        "IT",
        "Anna",
        leader,
        reputation,
        potential,
    )


def lines(*sales: tuple[str, str, str, float] | tuple[str, str, str, float, int]) -> list[tuple]:
    """(customer, day, product, unit_price[, quantity]) → sales lines, one order each."""
    return [
        (f"O{i}", 1, day, who, product, sale[4] if len(sale) > 4 else 1, price, "", "")
        for i, sale in enumerate(sales)
        for who, day, product, price in [sale[:4]]
    ]


def run_baseline(
    folder: Path, config: dict, as_of: date, previous: tuple[date, ...] = ()
) -> dict[str, dict]:
    """The tables of PUBLISHED_KEYS of a baseline run, each by its key."""
    (folder / "key_accounts.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    output = folder / f"baseline_{as_of}_{len(previous)}.duckdb"
    argv = ["--input", str(folder / "input"), "--as-of", as_of.isoformat()]
    if previous:
        argv += ["--previous-dates", ",".join(day.isoformat() for day in previous)]
    baseline.main([*argv, "--config", str(folder / "key_accounts.yml"), "--output", str(output)])
    with duckdb.connect(str(output), read_only=True) as conn:
        tables = {}
        for table, key in PUBLISHED_KEYS.items():
            result = conn.execute(f"select * from {table}")
            names = [column[0] for column in result.description]
            rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
            tables[table] = {row[key]: row for row in rows}
    return tables


AS_OF = date(2026, 6, 30)
DAY_BEFORE, DAY = date(2026, 6, 29), date(2026, 6, 30)

ASSESSMENT_COLUMNS = ("customer_id", "factor", "rating", "assessed_on", "assessor")
# Only the two criteria a KAM may judge weigh; attractiveness rests on them, relative strength on
# its defaults (our_relative_position, relationship_stage, share_of_wallet).
JUDGED_CONFIG = {
    "scale": 10,
    "criteria": {
        **{name: {"weight": 0} for name in baseline.DEFAULT_CRITERIA},
        "product_need": {"weight": 10},
        "reputation": {"weight": 10},
    },
    "kaism": {"attractiveness": {"product_need": 1, "reputation": 1}},
}


# -- book 1: every method -------------------------------------------------------------------


def book_customers() -> list[tuple]:
    """Book 1's customers. All potentials equal: potential_revenue carries no information."""
    return [
        customer("A", reputation=8, potential=1000),
        customer("B", potential=1000),
        customer("C", leader="true", potential=1000),
        customer("D", reputation=5, potential=1000),
        customer("E"),
        customer("P1", reputation=6, potential=1000),
        customer("P2", reputation=9, potential=1000),
        customer("P3", reputation=9.5, potential=1000),
    ]


def book_sales_lines() -> list[tuple]:
    """Book 1's sales lines: A buys every month, B, C and D now and then, E once."""
    monthly = [
        ("A", f"{2025 + (m > 12)}-{(m - 1) % 12 + 1:02d}-15", "p1", 100) for m in range(7, 19)
    ]
    return lines(
        ("A", "2024-07-15", "p1", 1200),  # the previous window
        *monthly,  # 2025-07-15 … 2026-06-15, one a period
        ("A", "2026-06-15", "p2", 50),
        ("B", "2024-08-10", "p1", 500),
        ("B", "2025-08-10", "p1", 300),  # period 10
        ("B", "2025-12-10", "p1", 300),  # period 6
        ("B", "2026-03-10", "p1", 400),  # period 3
        ("C", "2026-04-15", "p1", 200),  # period 2: its first order, 3 periods
        ("C", "2026-05-15", "p2", 200),
        ("C", "2026-06-15", "p3", 600),
        ("D", "2026-05-10", "p1", 300),  # period 1: 2 periods, no stability
        ("D", "2026-06-10", "p1", 300),
        ("E", "2026-06-20", "p1", 800),
    )


# The columns of a service-cost file.
SERVICE_COST_COLUMNS = ("customer_id", "cost_date", "cost_type", "amount")


def book_service_costs() -> list[tuple]:
    """Book 1's service costs."""
    return [
        ("A", "2025-06-30", "delivery", 500),  # just before the window
        ("B", "2026-01-05", "delivery", 60),
        ("C", "2026-05-01", "support", 150),
        ("D", "2026-06-01", "delivery", 30),
    ]


def book_config() -> dict:
    """Book 1's configuration: cost to serve in bands, one key prospect, the KAISM axes."""
    return {
        "scale": 10,
        "criteria": {
            "cost_to_serve": {
                "weight": 10,
                "direction": "lower",
                "method": "bands",
                "thresholds": [0.05, 0.10],
            }
        },
        "prospects": {"key_prospect_min_score": 7.5, "max_key_prospects": 1},
        "kaism": {
            "attractiveness": {
                "potential_revenue": 1,
                "revenue_growth": 1,
                "reputation": 1,
                "cost_to_serve": 1,
            },
            # An assessment factor: nobody has a rating in force, so no score.
            "relative_strength": {"share_of_wallet": 1, "our_relative_position": 1},
        },
    }
