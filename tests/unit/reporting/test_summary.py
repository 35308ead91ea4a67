"""The run summary's "from scores to actions" lines, read from a hand-made published file."""

from datetime import date

import duckdb

from dagster_project.lib.reporting.summary import run_summary

AS_OF = date(2026, 6, 30)
BEFORE = date(2026, 6, 2)


def published_file(path, *, with_changes: bool = True):
    with duckdb.connect(str(path)) as conn:
        conn.execute(
            """
            create table revenue_concentration as select
                date '2026-06-30' as as_of_date, 1000.0 as total_net_revenue, 3 as customer_count,
                3400.0 as hhi, 2.9 as effective_customers, 0.4 as top1_share, 1.0 as top5_share,
                1.0 as top10_share, 0.4 as top20pct_share, 0.2 as gini,
                null::varchar as mono_client_id, 3 as major_customer_count
            """
        )
        conn.execute("create table customer_revenue_shares (as_of_date date, customer_id varchar)")
        conn.execute(
            """
            create table customer_scores as select * from (values
                ('a', 'Alfa', 8.0, 1, 'key', 'kim', false, 400.0, 1000.0, 'major_customer',
                 'current_revenue, reputation', 'order_stability', 'potential_revenue',
                 'cost_to_serve'),
                ('b', 'Beta', 6.0, 2, 'development', 'kim', false, 300.0, 0.0, 'score', null,
                 null, null, 'cost_to_serve'),
                ('c', 'Gamma', 2.0, 3, 'ordinary', null, false, 300.0, 0.0, 'score', null, null,
                 null, 'cost_to_serve')
            ) as t(customer_id, customer_name, weighted_score, score_rank, tier, account_manager,
                   is_prospect, current_revenue_metric, potential_revenue_metric, tier_source,
                   top_positive_factors, top_negative_factors, missing_criteria,
                   uninformative_criteria)
            """
        )
        conn.execute("alter table customer_scores add column as_of_date date default '2026-06-30'")
        conn.execute(
            """
            create table score_changes as select * from (values
                ('a', 'Alfa', 7.0, 8.0, 1.0, 'development', 'key', 'current_revenue', 0.75),
                ('b', 'Beta', 6.5, 6.0, -0.5, 'development', 'development', 'weights', -0.6),
                ('c', 'Gamma', 2.0, 2.0, 0.0, 'ordinary', 'ordinary', null, null),
                ('d', 'Delta', 3.0, 3.2, 0.2, 'ordinary', 'ordinary', 'reputation', 0.2)
            ) as t(customer_id, customer_name, previous_weighted_score, weighted_score,
                   score_change, previous_tier, tier, top_reason, top_reason_contribution)
            """
        )
        conn.execute(
            f"alter table score_changes add column as_of_date date default '{AS_OF}';"
            f"alter table score_changes add column previous_as_of_date date default '{BEFORE}'"
        )
        if not with_changes:
            conn.execute("delete from score_changes")
        conn.execute(
            """
            create table key_account_sensitivity as select * from (values
                ('a', 'Alfa', 'key', 8.0, 1.0, 0.0, false),
                ('b', 'Beta', 'development', 6.0, 0.25, 0.25, true),
                ('c', 'Gamma', 'ordinary', 2.0, 0.0, 0.0, false)
            ) as t(customer_id, customer_name, tier, weighted_score, key_probability,
                   tier_change_share, is_borderline)
            """
        )
        conn.execute(
            f"alter table key_account_sensitivity add column as_of_date date default '{AS_OF}';"
            "alter table key_account_sensitivity add column draws bigint default 200"
        )
        conn.execute(
            """
            create table kam_actions as select * from (values
                ('kim', 'a', 'at_risk', 'Revenue in the last 90 days 100 is 50% below 200.'),
                ('kim', 'a', 'cross_sell_gap', 'Not bought: P2.'),
                ('lee', 'x', 'loyalty', 'Key for 12 months.'),
                (null, 'c', 'no_kam', 'A key account without a KAM.')
            ) as t(account_manager, customer_id, signal, reason)
            """
        )
        conn.execute(f"alter table kam_actions add column as_of_date date default '{AS_OF}'")
        conn.execute(
            f"""
            create table kaism_matrix as select date '{AS_OF}' as as_of_date, * from (values
                ('a', 'strategic', 'assessed'),
                ('b', 'star', 'data_only'),
                ('c', 'star', 'assessed'),
                ('p', 'star', 'data_only'),
                ('q', 'unassessed', null)
            ) as t(customer_id, kaism_quadrant, strength_basis)
            """
        )
    return path


def test_the_summary_shows_movers_borderline_accounts_and_the_busiest_kams_actions(tmp_path):
    text = run_summary(published_file(tmp_path / "published.duckdb"), AS_OF, "EUR")
    lines = text.splitlines()
    movers = lines.index("  biggest movers since 2026-06-02 (score_changes):")
    # By the size of the move: a +1, b −0.5, d +0.2; c did not move.
    assert [line.split()[0] for line in lines[movers + 1 : movers + 4]] == ["a", "b", "d"]
    assert "development → key" in lines[movers + 1]
    assert lines[movers + 1].endswith("top reason current_revenue +0.750")
    assert lines[movers + 2].endswith("top reason weights -0.600")
    assert lines[movers + 4].startswith("  borderline accounts: 1 ")
    assert "of 200 weight draws" in lines[movers + 4]
    assert lines[movers + 5].split()[:3] == ["b", "Beta", "development"]
    assert "P(key)  25%" in lines[movers + 5] and "in 25% of draws" in lines[movers + 5]
    assert lines[movers + 6] == (
        "  KAM actions (kam_actions): at_risk 1, cross_sell_gap 1, loyalty 1, no_kam 1"
    )
    # kim has the most actions: theirs are listed.
    assert lines[movers + 7] == "  actions of kim:"
    assert lines[movers + 8].split()[:2] == ["a", "at_risk"]
    assert lines[movers + 9].split()[:2] == ["a", "cross_sell_gap"]
    assert lines[movers + 10].startswith("Published file: ")


def test_the_summary_explains_each_top_account_and_names_the_criteria_left_out(tmp_path):
    lines = run_summary(published_file(tmp_path / "published.duckdb"), AS_OF, "EUR").splitlines()
    assert lines[lines.index("  top 1 key accounts by weighted score:") + 3].strip() == (
        "tier by major customer; raised by current_revenue, reputation; "
        "lowered by order_stability; no figure for potential_revenue"
    )
    assert (
        "  no information today      cost_to_serve: everyone equal or nobody known, "
        "left out of every score"
    ) in lines


def test_the_summary_says_when_there_is_nothing_to_compare(tmp_path):
    text = run_summary(published_file(tmp_path / "p.duckdb", with_changes=False), AS_OF, "EUR")
    assert "  biggest movers: none (no earlier scored date, or no score moved)" in text


def test_the_summary_counts_the_kaism_quadrants_and_what_strength_rests_on(tmp_path):
    lines = run_summary(published_file(tmp_path / "published.duckdb"), AS_OF, "EUR").splitlines()
    assert (
        "  KAISM quadrants           strategic 1, star 3, status 0, streamline 0, unassessed 1"
    ) in lines
    assert "  KAISM strength            rated by a KAM for 2, share of wallet only for 2" in lines
