"""The published kam_portfolio (docs/published-tables.md): per account manager, the accounts
and prospects of the as-of date, how many are key, and the window revenue they bring."""

from __future__ import annotations

from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import text


def publish_kam_portfolio(session: Session) -> None:
    """A manager's share is of the revenue of every manager's accounts, the unassigned's
    included; none when that total is not positive."""
    counted = {
        "accounts": "not is_prospect",
        "key_accounts": f"tier = {text(session.config.tiers[0].name)}",
        "prospects": "is_prospect",
        "key_prospects": "tier = 'key_prospect'",
    }
    counts = ", ".join(
        f"count(*) filter (where {when}) as {name}" for name, when in counted.items()
    )
    session.execute(f"""
        create table kam_portfolio as
        select {session.as_of} as as_of_date, account_manager,
            account_manager is null as is_unassigned, {", ".join(counted)},
            cast(net_revenue as double) as net_revenue,
            if(all_revenue > 0, cast(net_revenue as double) / cast(all_revenue as double), null)
            as revenue_share
        from (
            select *, sum(net_revenue) over () as all_revenue
            from (
                select account_manager, {counts}, sum(net_revenue) as net_revenue
                from tiered_scores
                group by account_manager
            )
        )
        order by account_manager nulls last
    """)
