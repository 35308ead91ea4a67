"""The short report `key-accounts run` prints, read back from the published file: what a person
checks before trusting the run (docs/operations.md, "How it runs")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dagster_project.lib.reporting.summary_actions import (
    borderline_lines,
    kam_action_lines,
    mover_lines,
    signal_backtest_lines,
)
from dagster_project.lib.reporting.summary_format import money, percent, shortened


def run_summary(published: Path, as_of: date, reporting_currency: str, top: int = 10) -> str:
    """The figures of `as_of` a person checks after a run, read back from the published file as
    BI users see it (docs/published-tables.md)."""
    with duckdb.connect(str(published), read_only=True) as conn:
        concentration = conn.execute(
            "select * from revenue_concentration where as_of_date = ?", [as_of]
        ).fetchdf()
        if concentration.empty:
            return f"No figures for {as_of} in {published}."
        lines = [
            f"Key accounts as of {as_of}",
            *_concentration_lines(conn, as_of, concentration.iloc[0], reporting_currency),
            *_kaism_lines(_kaism_counts(conn, as_of)),
            *_uninformative_lines(conn, as_of),
            *_leader_lines(conn, as_of, top),
            *_prospect_lines(conn, as_of),
            *mover_lines(conn, as_of),
            *borderline_lines(conn, as_of),
            *kam_action_lines(conn, as_of),
            *signal_backtest_lines(conn),
        ]
    lines.append(f"Published file: {published}")
    return "\n".join(lines)


def _concentration_lines(conn, as_of: date, row, reporting_currency: str) -> list[str]:
    """The customers in scope, the window's revenue and how concentrated it is, the tiers."""
    in_scope = conn.execute(
        "select count(*) from customer_revenue_shares where as_of_date = ?", [as_of]
    ).fetchone()[0]
    tiers = conn.execute(
        """
        select tier, count(*) from customer_scores where as_of_date = ?
        group by tier order by bool_or(is_prospect), max(weighted_score) desc
        """,
        [as_of],
    ).fetchall()
    return [
        f"  customers in scope        {in_scope:,} ({int(row.customer_count):,} with positive revenue)",
        f"  net revenue, trailing     {money(row.total_net_revenue)} {reporting_currency}",
        f"  HHI                       {float(row.hhi or 0):,.0f}   effective customers {float(row.effective_customers or 0):.1f}",
        f"  top-1 / top-5 / top-10    {percent(row.top1_share)} / {percent(row.top5_share)} / {percent(row.top10_share)}",
        f"  top 20% of customers      {percent(row.top20pct_share)}   Gini {float(row.gini or 0):.3f}",
        f"  mono-client (> 50%)       {row.mono_client_id or 'none'}   major customers (>= 10%) {int(row.major_customer_count)}",
        "  tiers                     " + ", ".join(f"{tier} {count:,}" for tier, count in tiers),
    ]


def _kaism_counts(conn, as_of: date) -> dict[str, int]:
    """Accounts per 'quadrant:strength basis' of kaism_matrix."""
    return dict(
        conn.execute(
            """
            select kaism_quadrant || ':' || coalesce(strength_basis, 'none'), count(*)
            from kaism_matrix where as_of_date = ? group by all
            """,
            [as_of],
        ).fetchall()
    )


def _uninformative_lines(conn, as_of: date) -> list[str]:
    [uninformative] = conn.execute(
        "select max(uninformative_criteria) from customer_scores where as_of_date = ?", [as_of]
    ).fetchone()
    if not uninformative:
        return []
    return [
        f"  no information today      {uninformative}: everyone equal or nobody known, "
        "left out of every score"
    ]


def _leader_lines(conn, as_of: date, top: int) -> list[str]:
    """The first tier's accounts by weighted score, each with why it ranks there."""
    leaders = conn.execute(
        """
        select score_rank, customer_id, customer_name, weighted_score, tier,
               account_manager, current_revenue_metric, tier_source,
               top_positive_factors, top_negative_factors, missing_criteria
        from customer_scores
        where as_of_date = ? and tier in (
            select tier from customer_scores where as_of_date = ? and not is_prospect
            order by weighted_score desc limit 1
        )
        order by score_rank
        limit ?
        """,
        [as_of, as_of, top],
    ).fetchall()
    if not leaders:
        return []
    lines = [
        f"  top {len(leaders)} {leaders[0][4]} accounts by weighted score:",
        f"    {'rank':>4}  {'customer':<10} {'name':<30} {'score':>7}  {'KAM':<16} {'net revenue':>16}",
    ]
    for rank, customer_id, name, score, _tier, kam, revenue, *why in leaders:
        lines.append(
            f"    {rank:>4}  {customer_id:<10} {shortened(name, 30):<30} {score:>7.3f}  {shortened(kam, 16):<16} {money(revenue):>16}"
        )
        lines.append(f"{'':>16}{_explanation(*why)}")
    return lines


def _prospect_lines(conn, as_of: date) -> list[str]:
    prospects = conn.execute(
        """
        select customer_id, customer_name, weighted_score, potential_revenue_metric
        from customer_scores where as_of_date = ? and tier = 'key_prospect'
        order by score_rank limit 5
        """,
        [as_of],
    ).fetchall()
    if not prospects:
        return []
    return ["  key prospects (no sales yet):"] + [
        f"          {customer_id:<10} {shortened(name, 30):<30} {score:>7.3f}  potential {money(potential or 0)}"
        for customer_id, name, score, potential in prospects
    ]


KAISM_QUADRANTS = ("strategic", "star", "status", "streamline", "unassessed")


def _kaism_lines(counts: dict[str, int]) -> list[str]:
    """Accounts per KAISM quadrant, and what their relative strength rests on."""
    if not counts:
        return []

    def total(quadrant: str = "", basis: str = "") -> int:
        return sum(
            n
            for key, n in counts.items()
            if key.startswith(f"{quadrant}:") or (basis and key.endswith(f":{basis}"))
        )

    return [
        "  KAISM quadrants           "
        + ", ".join(f"{quadrant} {total(quadrant):,}" for quadrant in KAISM_QUADRANTS),
        f"  KAISM strength            rated by a KAM for {total(basis='assessed'):,}, "
        f"share of wallet only for {total(basis='data_only'):,}",
    ]


def _explanation(
    tier_source: str, raising: str | None, lowering: str | None, missing: str | None
) -> str:
    """Why an account ranks where it does: what decided its tier, the criteria that raise and
    lower its score most against a neutral customer, and those it has no figure for."""
    parts = [f"tier by {tier_source.replace('_', ' ')}"]
    if raising:
        parts.append(f"raised by {raising}")
    if lowering:
        parts.append(f"lowered by {lowering}")
    if missing:
        parts.append(f"no figure for {missing}")
    return "; ".join(parts)
