"""The short report `key-accounts run` prints, read back from the published file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb


def _money(value) -> str:
    return f"{float(value):,.2f}"


def _pct(value) -> str:
    return "n/a" if value is None else f"{float(value):.1%}"


def run_summary(published: Path, as_of: date, reporting_currency: str, top: int = 5) -> str:
    with duckdb.connect(str(published), read_only=True) as conn:
        concentration = conn.execute(
            "select * from revenue_concentration where as_of_date = ?", [as_of]
        ).fetchdf()
        if concentration.empty:
            return f"No figures for {as_of} in {published}."
        row = concentration.iloc[0]
        in_scope = conn.execute(
            "select count(*) from customer_revenue_shares where as_of_date = ?", [as_of]
        ).fetchone()[0]
        leaders = conn.execute(
            """
            select revenue_rank, customer_id, net_revenue, revenue_share, abc_class
            from customer_revenue_shares
            where as_of_date = ? and net_revenue > 0
            order by revenue_rank
            limit ?
            """,
            [as_of, top],
        ).fetchall()
    lines = [
        f"Key accounts as of {as_of}",
        f"  customers in scope        {in_scope:,} ({int(row.customer_count):,} with positive revenue)",
        f"  net revenue, trailing     {_money(row.total_net_revenue)} {reporting_currency}",
        f"  HHI                       {float(row.hhi or 0):,.0f}   effective customers {float(row.effective_customers or 0):.1f}",
        f"  top-1 / top-5 / top-10    {_pct(row.top1_share)} / {_pct(row.top5_share)} / {_pct(row.top10_share)}",
        f"  top 20% of customers      {_pct(row.top20pct_share)}   Gini {float(row.gini or 0):.3f}",
        f"  mono-client (> 50%)       {row.mono_client_id or 'none'}   major customers (>= 10%) {int(row.major_customer_count)}",
        f"  top {len(leaders)} accounts by net revenue:",
    ]
    lines += [
        f"    {rank:>3}. {customer_id:<12} {_money(revenue):>18} {reporting_currency}  {_pct(share):>6}  class {abc}"
        for rank, customer_id, revenue, share, abc in leaders
    ]
    lines.append(f"Published file: {published}")
    return "\n".join(lines)
