"""The whole daily job on a tiny book of business whose figures were computed by hand.

As of 2026-06-30 with a 12-month window, (2025-06-30, 2026-06-30]:
  001: 10 × 50 (no discount, no currency given) + 5 × 25 × (1 − 0.2) on the as-of day = 600;
       its line on 2025-06-30 (outside the window) and on 2026-07-01 (after as-of) do not count
  002: 4 × 50 on 2025-07-01, the window's first day                                  = 200
  003: 2 × 62.5 USD on 2026-03-10 at 0.8, the rate of 2026-03-09 (not 0.9 of 03-11)   = 100
  004: 3 × 50 then a return of −1 × 50                                                = 100
  005: only a return, −1 × 50                                                          = −50
  006: a prospect: no sales, potential 5,000                                           =   0
  007: in the master with neither sales nor potential: not in scope
Positive revenue 1,000: shares 0.6, 0.2, 0.1, 0.1. Ties at 100 go by customer_id (003 first).
ABC by the share before: 001 0 → A, 002 0.6 → A, 003 0.8 → B (not below 0.80), 004 0.9 → B.
HHI = 10,000 × (0.36 + 0.04 + 0.01 + 0.01) = 4,200; Gini = 2 × (400 + 500 + 500 + 100 + 100 + 0)
/ (2 × 4² × 250) = 0.4; the top 20% of 4 customers is ⌈0.8⌉ = 1 customer.
"""

import shutil
from datetime import date

import duckdb
import pytest

from tests.conftest import write_csv

pytestmark = pytest.mark.e2e

AS_OF = date(2026, 6, 30)
HEADER = (
    "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency"
)
DAILY_LINES = {
    "2025-06-30": "OLD1,1,2025-06-30,001,P1,1000,1,0,EUR",
    "2025-07-01": "B1,1,2025-07-01,002,P1,4,50,0,EUR",
    "2026-01-15": "A1,1,2026-01-15,001,P1,10,50,,",
    "2026-02-01": "D1,1,2026-02-01,004,P2,3,50,0,EUR",
    "2026-02-05": "D2,1,2026-02-05,004,P2,-1,50,0,EUR",
    "2026-03-10": "C1,1,2026-03-10,003,P3,2,62.5,0,usd",
    "2026-04-01": "E1,1,2026-04-01,005,P1,-1,50,0,EUR",
    "2026-06-30": "A2,1,2026-06-30,001,P2,5,25,0.2,EUR",
    "2026-07-01": "F1,1,2026-07-01,001,P1,1,999,0,EUR",
}


@pytest.fixture
def hand_book(pipeline_paths):
    landing = pipeline_paths.landing_dir
    write_csv(
        landing / "customers.csv",
        """
        customer_id,customer_name,industry,country,account_manager,is_industry_leader,reputation_score,estimated_annual_potential
        001,Uno SpA,Retail,IT,Anna,true,9,2000
        002,Due Srl,Retail,IT,Anna,false,6,
        003,Three Inc,Machinery,US,Tom,,5,
        004,Vier GmbH,Machinery,DE,,,4,
        005,Cinq SA,Textiles,FR,,,,
        006,Sei Prospect SpA,Retail,IT,Anna,,8,5000
        007,Sette Dormant Srl,Retail,IT,,,,
    """,
    )
    write_csv(
        landing / "fx_rates.csv",
        """
        rate_date,currency,rate_to_reporting
        2026-03-09,USD,0.8
        2026-03-11,USD,0.9
        2026-03-10,GBP,1.2
    """,
    )
    for day, line in DAILY_LINES.items():
        write_csv(landing / f"sales_lines_{day}.csv", f"{HEADER}\n{line}")
    return pipeline_paths


def published_rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_published_figures_match_the_hand_computation(hand_book, run_daily_job):
    run = run_daily_job(AS_OF)
    assert run.success, run.failures

    shares = published_rows(
        hand_book.published,
        """
        select customer_id, net_revenue::double, revenue_share, cumulative_share, revenue_rank,
               abc_class, is_mono_client, is_major_customer
        from customer_revenue_shares where as_of_date = '2026-06-30' order by revenue_rank
    """,
    )
    assert shares == [
        ("001", 600.0, pytest.approx(0.6), pytest.approx(0.6), 1, "A", True, True),
        ("002", 200.0, pytest.approx(0.2), pytest.approx(0.8), 2, "A", False, True),
        ("003", 100.0, pytest.approx(0.1), pytest.approx(0.9), 3, "B", False, True),
        ("004", 100.0, pytest.approx(0.1), pytest.approx(1.0), 4, "B", False, True),
        ("006", 0.0, 0.0, pytest.approx(1.0), 5, "C", False, False),
        ("005", -50.0, 0.0, pytest.approx(1.0), 6, "C", False, False),
    ]

    [concentration] = published_rows(
        hand_book.published,
        """
        select total_net_revenue::double, customer_count, hhi, effective_customers, top1_share,
               top5_share, top10_share, top20pct_share, gini, mono_client_id, major_customer_count
        from revenue_concentration where as_of_date = '2026-06-30'
    """,
    )
    assert concentration == (
        1000.0,
        4,
        pytest.approx(4200),
        pytest.approx(1 / 0.42),
        pytest.approx(0.6),
        pytest.approx(1.0),
        pytest.approx(1.0),
        pytest.approx(0.6),
        pytest.approx(0.4),
        "001",
        4,
    )


def test_redelivering_an_ingested_file_changes_nothing(hand_book, run_daily_job):
    assert run_daily_job(AS_OF).success
    query = "select * exclude (config_version) from customer_revenue_shares order by customer_id"
    before = published_rows(hand_book.published, query)

    archived = hand_book.archive_dir / "sales_lines" / "sales_lines_2026-01-15.csv"
    shutil.copy(archived, hand_book.landing_dir / archived.name)
    run = run_daily_job(AS_OF)

    assert run.success, run.failures
    assert published_rows(hand_book.published, query) == before
    with duckdb.connect(str(hand_book.warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from raw.sales_lines").fetchone() == (
            len(DAILY_LINES),
        )
        assert conn.execute("select count(*) from raw.ingested_files").fetchone() == (
            len(DAILY_LINES) + 2,
        )
