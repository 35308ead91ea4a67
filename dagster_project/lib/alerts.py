"""Warnings about the published figures of one as-of date (DESIGN.md, mono-client risk, KAMs).

Each function reads the published file, as BI users see it, and returns an Alert: whether it
fires, a one-line description and the figures behind it. The Dagster asset checks in
defs/alerts report them as warnings; they never block a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from dagster_project.lib.scoring_config import ScoringConfig


@dataclass(frozen=True)
class Alert:
    fired: bool
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


def _rows(conn: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _concentration(conn: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, Any]:
    rows = _rows(conn, "select * from revenue_concentration where as_of_date = ?", [as_of])
    return rows[0] if rows else {}


def mono_client(conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig) -> Alert:
    figures = _concentration(conn, as_of)
    customer = figures.get("mono_client_id")
    limit = config.concentration.mono_client_share
    if customer is None:
        return Alert(False, f"No customer holds more than {limit:.0%} of revenue.")
    share = conn.execute(
        "select revenue_share from customer_revenue_shares where as_of_date = ? and customer_id = ?",
        [as_of, customer],
    ).fetchone()[0]
    return Alert(
        True,
        f"Mono-client: customer {customer} holds {share:.1%} of the window's revenue (> {limit:.0%}).",
        {"customer_id": customer, "revenue_share": share, "hhi": figures["hhi"]},
    )


def major_customers(conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig) -> Alert:
    limit = config.concentration.major_customer_share
    rows = _rows(
        conn,
        """
        select customer_id, revenue_share from customer_revenue_shares
        where as_of_date = ? and is_major_customer order by revenue_rank
        """,
        [as_of],
    )
    if not rows:
        return Alert(False, f"No customer reaches {limit:.0%} of revenue.")
    listed = ", ".join(f"{row['customer_id']} ({row['revenue_share']:.1%})" for row in rows)
    return Alert(
        True,
        f"{len(rows)} customer(s) at or above {limit:.0%} of revenue (the IFRS 8 / ASC 280 line): {listed}.",
        {"customers": {row["customer_id"]: row["revenue_share"] for row in rows}},
    )


def concentration_limits(
    conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig
) -> Alert:
    figures = _concentration(conn, as_of)
    top5, hhi = figures.get("top5_share"), figures.get("hhi")
    top5_limit, hhi_limit = config.concentration.top5_share_limit, config.concentration.hhi_limit
    breaches = []
    if top5 is not None and top5 > top5_limit:
        breaches.append(f"top-5 share {top5:.1%} > {top5_limit:.0%}")
    if hhi is not None and hhi > hhi_limit:
        breaches.append(f"HHI {hhi:,.0f} > {hhi_limit:,.0f}")
    metadata = {
        "top5_share": top5,
        "top5_share_limit": top5_limit,
        "hhi": hhi,
        "hhi_limit": hhi_limit,
    }
    if not breaches:
        return Alert(False, "Top-5 share and HHI are within their limits.", metadata)
    return Alert(
        True, "Revenue concentration above its limits: " + "; ".join(breaches) + ".", metadata
    )


def key_accounts_without_kam(
    conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig
) -> Alert:
    key_tier = config.tiers[0].name
    ids = [
        row[0]
        for row in conn.execute(
            """
            select customer_id from customer_scores
            where as_of_date = ? and tier = ? and account_manager is null order by score_rank
            """,
            [as_of, key_tier],
        ).fetchall()
    ]
    if not ids:
        return Alert(False, f"Every {key_tier} account has a Key Account Manager.")
    return Alert(
        True,
        f"{len(ids)} {key_tier} account(s) without a Key Account Manager: {', '.join(ids)}.",
        {"customer_ids": ids},
    )


def key_account_tier_drops(
    conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig
) -> Alert:
    """Key accounts of the previous scored date that are no longer key on this one."""
    key_tier = config.tiers[0].name
    previous = conn.execute(
        "select max(as_of_date) from customer_scores where as_of_date < ?", [as_of]
    ).fetchone()[0]
    if previous is None:
        return Alert(False, "No earlier scored date to compare with.")
    rows = _rows(
        conn,
        """
        select before.customer_id, coalesce(now.tier, 'not scored') as tier
        from customer_scores as before
        left join customer_scores as now
            on now.customer_id = before.customer_id and now.as_of_date = ?
        where before.as_of_date = ? and before.tier = ? and now.tier is distinct from before.tier
        order by before.customer_id
        """,
        [as_of, previous, key_tier],
    )
    metadata = {"previous_as_of_date": previous.isoformat()}
    if not rows:
        return Alert(False, f"No {key_tier} account of {previous} dropped a tier.", metadata)
    listed = ", ".join(f"{row['customer_id']} → {row['tier']}" for row in rows)
    return Alert(
        True,
        f"{len(rows)} {key_tier} account(s) of {previous} dropped a tier: {listed}.",
        {**metadata, "drops": {row["customer_id"]: row["tier"] for row in rows}},
    )
