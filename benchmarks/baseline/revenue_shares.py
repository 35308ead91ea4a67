"""The published customer_revenue_shares and customer_group_revenue_shares
(docs/published-tables.md; docs/method.md, "Concentration"): each customer's and each group's
share of the date's positive window revenue, rank, ABC class and concentration flags."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.baseline.config import Config
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import num


@dataclass(frozen=True)
class Ranked:
    """What shares and figures are computed over: customers, or groups of customers under
    common control (one customer each), with the names of their key and flags."""

    key: str
    mono_flag: str
    major_flag: str


CUSTOMERS = Ranked("customer_id", "is_mono_client", "is_major_customer")
GROUPS = Ranked("group_id", "is_mono_group", "is_major_group")


def shares_sql(revenue_rows: str, period: str, config: Config, over: Ranked = CUSTOMERS) -> str:
    """Rows (period, key, net_revenue) → each row's share of the period's positive revenue,
    its rank (revenue descending, ties by key), the cumulative share, the ABC class by the
    share *before* it, and the concentration flags, the thresholds compared in exact decimals.
    """
    key = over.key

    def of_total(amount: str) -> str:
        return f"if(total_revenue > 0, cast({amount} as double) / cast(total_revenue as double), 0)"

    # Classes by the revenue ranked before the row: A below the first cut-off, B below the second.
    classes = " ".join(
        f"when net_revenue > 0 and revenue_before < {num(cutoff)} * total_revenue then '{name}'"
        for name, cutoff in (("A", config.abc_a_cutoff), ("B", config.abc_b_cutoff))
    )
    window = f"partition by {period} order by revenue_rank rows unbounded preceding"
    return f"""
        with ordered as (
            select {period}, {key}, net_revenue, greatest(net_revenue, 0) as paying_revenue,
                sum(greatest(net_revenue, 0)) over (partition by {period}) as total_revenue,
                row_number() over (partition by {period} order by net_revenue desc, {key})
                as revenue_rank
            from {revenue_rows}
        ), accumulated as (
            select *, sum(paying_revenue) over ({window}) - paying_revenue as revenue_before
            from ordered
        )
        select {period}, {key}, net_revenue,
            {of_total("paying_revenue")} as revenue_share,
            {of_total("revenue_before + paying_revenue")} as cumulative_share,
            revenue_rank,
            case {classes} else 'C' end as abc_class,
            net_revenue > 0 and net_revenue > {num(config.mono_client_share)} * total_revenue
            as {over.mono_flag},
            net_revenue > 0 and net_revenue >= {num(config.major_customer_share)} * total_revenue
            as {over.major_flag}
        from accumulated
    """


def _group_customers(session: Session) -> None:
    """Each customer in scope with its group; a customer outside the master is its own."""
    session.execute("""
        create or replace temp table date_customer_groups as
        select
            scope.customer_id,
            scope.net_revenue,
            coalesce(groups.group_id, scope.customer_id) as group_id,
            groups.group_name
        from customers_in_scope as scope
        left join customer_groups as groups using (customer_id)
    """)


def _share_group_revenue(session: Session) -> None:
    """A group's revenue is the sum of its members' positive window revenue (a member's net
    returns lower neither it nor the total), so both shares are of the same total;
    member_count counts those paying members."""
    group_shares = shares_sql("group_revenue", "as_of_date", session.config, GROUPS)
    session.execute(f"""
        create or replace temp table date_group_revenue_shares as
        with group_revenue as (
            select {session.as_of} as as_of_date, group_id,
                any_value(group_name) as group_name,
                count(*) filter (where net_revenue > 0) as member_count,
                coalesce(sum(net_revenue) filter (where net_revenue > 0), 0) as net_revenue
            from date_customer_groups
            group by group_id
        ), shares as ({group_shares})
        select shares.as_of_date, shares.group_id, group_revenue.group_name,
            group_revenue.member_count, shares.net_revenue, shares.revenue_share,
            shares.revenue_rank, shares.is_major_group, shares.is_mono_group
        from shares
        join group_revenue using (group_id)
    """)


def _share_customer_revenue(session: Session) -> None:
    """A group's largest member has the most window revenue of its members in scope, ties by
    customer_id; the tier rule's major customers (is_major_for_tiers) are the major customers
    and the largest members of major groups (docs/method.md, "Tiers")."""
    customer_shares = shares_sql(
        f"(select {session.as_of} as as_of_date, customer_id, net_revenue from customers_in_scope)",
        "as_of_date",
        session.config,
    )
    session.execute(f"""
        create or replace temp table date_revenue_shares as
        with customer_shares as ({customer_shares}),
        largest_members as (
            select customer_id, true as is_largest
            from date_customer_groups
            qualify row_number() over (
                partition by group_id order by net_revenue desc, customer_id
            ) = 1
        )
        select customer_shares.*, members.group_id,
            groups.revenue_share as group_revenue_share, groups.is_mono_group,
            groups.is_major_group, coalesce(largest.is_largest, false) as is_largest_in_group,
            customer_shares.is_major_customer
            or (groups.is_major_group and coalesce(largest.is_largest, false))
            as is_major_for_tiers
        from customer_shares
        join date_customer_groups as members using (customer_id)
        join date_group_revenue_shares as groups on members.group_id = groups.group_id
        left join largest_members as largest using (customer_id)
    """)


def share_revenue(session: Session) -> None:
    """The date's revenue shares of the customers and of their groups under common control
    (IFRS 8.34 / ASC 280-10-50-42: one customer each): published, and the major customers of
    the tiers."""
    _group_customers(session)
    _share_group_revenue(session)
    _share_customer_revenue(session)


def publish_revenue_shares(session: Session) -> None:
    """The published tables: every customer in scope, and the groups with revenue."""
    session.execute("create table customer_revenue_shares as select * from date_revenue_shares")
    session.execute("""
        create table customer_group_revenue_shares as
        select * from date_group_revenue_shares where net_revenue > 0
    """)
