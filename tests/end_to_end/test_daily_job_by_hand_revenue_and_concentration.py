"""The whole daily job on a tiny book of business (tests/hand_book.py): its revenue, shares,
ABC classes, concentration and groups match those computed by hand; redelivering a file changes
nothing.

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
Groups: 004's parent is 003, so Three Inc (003) and Vier GmbH (004) are one group, 003, of 200; the
others are groups of their own. Group shares 0.6 (001), 0.2 (002), 0.2 (003; 002 first by id):
group HHI = 10,000 × (0.36 + 0.04 + 0.04) = 4,400, effective groups 1 / 0.44; 001 is a mono-client
group too, and all three groups are major. 003 is its group's largest member (a tie at 100, by
customer_id); the tiers do not change, as 003 and 004 are major customers alone.
"""

import shutil

import duckdb
import pytest

from dagster_project.lib.configuration.scoring import ScoringConfig
from dagster_project.lib.reporting import alerts
from tests.end_to_end.daily_job_by_hand_helpers import published_rows
from tests.hand_book import (
    AS_OF,
    DAILY_LINES,
)

pytestmark = pytest.mark.e2e


def test_published_figures_match_the_hand_computation(published):
    hand_book, run = published
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
    member_of = published_rows(
        hand_book.published,
        """
        select customer_id, group_id, group_revenue_share, is_major_group, is_largest_in_group,
               is_major_for_tiers
        from customer_revenue_shares where as_of_date = '2026-06-30' order by revenue_rank
    """,
    )
    assert member_of == [
        ("001", "001", pytest.approx(0.6), True, True, True),
        ("002", "002", pytest.approx(0.2), True, True, True),
        ("003", "003", pytest.approx(0.2), True, True, True),
        ("004", "003", pytest.approx(0.2), True, False, True),
        ("006", "006", 0.0, False, True, False),
        ("005", "005", 0.0, False, True, False),
    ]

    groups = published_rows(
        hand_book.published,
        """
        select group_id, group_name, member_count, net_revenue::double, revenue_share,
               revenue_rank, is_major_group, is_mono_group
        from customer_group_revenue_shares where as_of_date = '2026-06-30' order by revenue_rank
    """,
    )
    assert groups == [
        ("001", "Uno SpA", 1, 600.0, pytest.approx(0.6), 1, True, True),
        ("002", "Due Srl", 1, 200.0, pytest.approx(0.2), 2, True, False),
        ("003", "Three Inc", 2, 200.0, pytest.approx(0.2), 3, True, False),
    ]
    assert published_rows(
        hand_book.published,
        "select customer_id, group_id from customer_scores where as_of_date = '2026-06-30' "
        "and customer_id in ('003', '004') order by 1",
    ) == [("003", "003"), ("004", "003")]

    [concentration] = published_rows(
        hand_book.published,
        """
        select total_net_revenue::double, customer_count, hhi, effective_customers, top1_share,
               top5_share, top10_share, top20pct_share, gini, mono_client_id, major_customer_count,
               group_count, group_hhi, effective_groups, group_top1_share, top1_group_id,
               mono_group_id, major_group_count
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
        3,
        pytest.approx(4400),
        pytest.approx(1 / 0.44),
        pytest.approx(0.6),
        "001",
        "001",
        3,
    )

    # The warning names the group of 003 and 004 with its members, read from the published file.
    with duckdb.connect(str(hand_book.published), read_only=True) as conn:
        major = alerts.major_customers(conn, AS_OF, ScoringConfig())
    assert major.description.endswith(
        "1 group(s) of customers under common control at or above 10%, each one customer under "
        "IFRS 8.34 / ASC 280-10-50-42: group 003 Three Inc 20.0% "
        "(003 Three Inc 10.0%, 004 Vier GmbH 10.0%)."
    )


def test_redelivering_an_ingested_file_changes_nothing(published, run_daily_job):
    hand_book, first = published
    assert first.success
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
            len(DAILY_LINES) + 4,
        )
