"""The published revenue_concentration (docs/published-tables.md; docs/method.md,
"Concentration"): how concentrated the date's window revenue is, over customers and over
groups of customers under common control."""

from __future__ import annotations

from benchmarks.baseline.revenue_shares import CUSTOMERS, GROUPS, Ranked
from benchmarks.baseline.session import Session

# The figures of a period as published, after its date; the totals and counts are 0, not null,
# when no customer paid.
FIGURES = (
    "total_net_revenue",
    "customer_count",
    "hhi",
    "effective_customers",
    "top1_share",
    "top5_share",
    "top10_share",
    "top20pct_share",
    "gini",
    "mono_client_id",
    "major_customer_count",
)
ZERO_WHEN_NOBODY_PAID = ("total_net_revenue", "customer_count", "major_customer_count")
# Group figures: the published name → the name of the customers' figure computed over groups.
GROUP_FIGURES = {
    "group_count": "customer_count",
    "group_hhi": "hhi",
    "effective_groups": "effective_customers",
    "group_top1_share": "top1_share",
    "top1_group_id": "top1_group_id",
    "mono_group_id": "mono_client_id",
    "major_group_count": "major_customer_count",
}


def figure_columns(relation: str, names: dict[str, str] | None = None) -> str:
    """The published figure columns read from a relation of figures_sql (left-joined, so null
    where nobody paid): {published name: figure}, every figure under its own name by default."""
    names = names or {name: name for name in FIGURES}
    return ", ".join(
        f"coalesce({relation}.{figure}, 0) as {published}"
        if figure in ZERO_WHEN_NOBODY_PAID
        else f"{relation}.{figure} as {published}"
        for published, figure in names.items()
    )


def figures_sql(shares: str, period: str, over: Ranked = CUSTOMERS) -> str:
    """Rows of revenue_shares.shares_sql → one row per period with paying customers: HHI,
    effective customers, top shares, Gini = ΣᵢΣⱼ|xᵢ − xⱼ| / (2n²·mean) = Σᵢ (2i − n − 1)·x₍ᵢ₎ /
    (n·Σx) with x₍ᵢ₎ the i-th smallest revenue. The sums are exact decimals, divided as doubles
    once, so no order of summation can change a last bit. Over groups the figures keep the
    customers' names (customer_count, mono_client_id, major_customer_count)."""
    tops = {"top1": "1", "top5": "5", "top10": "10", "top20pct": "(paying_count + 4) // 5"}
    top_sums = ", ".join(
        f"sum(net_revenue) filter (where revenue_rank <= {last}) as {name}_revenue"
        for name, last in tops.items()
    )
    top_shares = ", ".join(
        f"cast({name}_revenue as double) / total as {name}_share" for name in tops
    )
    return f"""
        select {period}, total_net_revenue, customer_count,
            10000 * squares / pow(total, 2) as hhi,
            pow(total, 2) / squares as effective_customers,
            {top_shares},
            gini_sum / (customer_count * total) as gini,
            mono_client_id, major_customer_count
        from (
            select *, cast(total_net_revenue as double) as total,
                cast(sum_of_squares as double) as squares,
                cast(gini_numerator as double) as gini_sum
            from (
                select {period}, sum(net_revenue) as total_net_revenue, count(*) as customer_count,
                    sum(net_revenue * net_revenue) as sum_of_squares, {top_sums},
                    -- ascending_rank 1 is the smallest paying customer
                    sum((2 * ascending_rank - paying_count - 1) * net_revenue) as gini_numerator,
                    -- the largest, should a low mono_client_share let several pass it
                    arg_min({over.key}, revenue_rank) filter (where {over.mono_flag})
                    as mono_client_id,
                    count(*) filter (where {over.major_flag}) as major_customer_count
                from (
                    select *, count(*) over (partition by {period}) as paying_count,
                        count(*) over (partition by {period}) + 1 - revenue_rank as ascending_rank
                    from {shares}
                    where net_revenue > 0
                )
                group by {period}
            )
        )
    """


def publish_revenue_concentration(session: Session) -> None:
    """One row for the date, its figures null (totals 0) when nobody paid."""
    session.step("revenue shares and concentration")
    group_figures = figures_sql("customer_group_revenue_shares", "as_of_date", GROUPS)
    session.execute(f"""
        create table revenue_concentration as
        select {session.as_of} as as_of_date, {figure_columns("figures")},
            {figure_columns("group_figures", GROUP_FIGURES)}
        from (select 1) as one_row
        left join ({figures_sql("customer_revenue_shares", "as_of_date")}) as figures on true
        left join (
            -- the largest group beside the group figures: both exist when a group paid
            select * from ({group_figures}) cross join (
                select group_id as top1_group_id from customer_group_revenue_shares
                order by net_revenue desc, group_id limit 1
            )
        ) as group_figures on true
    """)
