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


def _groups(conn: duckdb.DuckDBPyConnection, as_of: date, flag: str) -> list[dict[str, Any]]:
    """The groups of customers under common control with `flag` (is_mono_group, is_major_group)
    and more than one paying member, largest first, each with its paying members (id, name,
    share), largest first. A group of one paying customer is that customer, whose own alert
    already names it."""
    rows = _rows(
        conn,
        f"""
        select
            groups.group_id, groups.group_name, groups.revenue_share as group_share,
            shares.customer_id, scores.customer_name, shares.revenue_share
        from customer_group_revenue_shares as groups
        inner join customer_revenue_shares as shares
            on shares.as_of_date = groups.as_of_date and shares.group_id = groups.group_id
            and shares.net_revenue > 0
        left join customer_scores as scores
            on scores.as_of_date = shares.as_of_date and scores.customer_id = shares.customer_id
        where groups.as_of_date = ? and groups.{flag} and groups.member_count > 1
        order by groups.revenue_rank, shares.revenue_rank
        """,
        [as_of],
    )
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row["group_id"],
            {"name": row["group_name"], "revenue_share": row["group_share"], "members": []},
        )
        group["members"].append((row["customer_id"], row["customer_name"], row["revenue_share"]))
    return [{"group_id": group_id, **group} for group_id, group in groups.items()]


def _named(customer_id: str, name: str | None) -> str:
    return f"{customer_id} {name}" if name else customer_id


def _group_text(group: dict[str, Any]) -> str:
    """`group 003 Three Inc 20.0% (003 Three Inc 10.0%, 004 Vier GmbH 10.0%)`"""
    members = ", ".join(f"{_named(i, name)} {share:.1%}" for i, name, share in group["members"])
    return (
        f"group {_named(group['group_id'], group['name'])} {group['revenue_share']:.1%} ({members})"
    )


def _group_metadata(groups: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        group["group_id"]: {
            "group_name": group["name"],
            "revenue_share": group["revenue_share"],
            "members": {i: share for i, _, share in group["members"]},
        }
        for group in groups
    }


def mono_client(conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig) -> Alert:
    """A customer, or a group of customers under common control (one customer under IFRS 8.34 /
    ASC 280-10-50-42), above mono_client_share of revenue."""
    figures = _concentration(conn, as_of)
    customer = figures.get("mono_client_id")
    limit = config.concentration.mono_client_share
    groups = _groups(conn, as_of, "is_mono_group") if figures.get("mono_group_id") else []
    if customer is None and not groups:
        return Alert(
            False, f"No customer or group of customers holds more than {limit:.0%} of revenue."
        )
    parts, metadata = [], {}
    if customer is not None:
        share = conn.execute(
            "select revenue_share from customer_revenue_shares where as_of_date = ? and customer_id = ?",
            [as_of, customer],
        ).fetchone()[0]
        parts.append(
            f"Mono-client: customer {customer} holds {share:.1%} of the window's revenue (> {limit:.0%})."
        )
        metadata.update({"customer_id": customer, "revenue_share": share})
    if groups:
        parts.append(
            "Mono-client group, one customer under IFRS 8.34 / ASC 280-10-50-42: "
            f"{'; '.join(_group_text(group) for group in groups)} of the window's revenue "
            f"(> {limit:.0%})."
        )
        metadata["groups"] = _group_metadata(groups)
    return Alert(True, " ".join(parts), {**metadata, "hhi": figures["hhi"]})


def major_customers(conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig) -> Alert:
    """Customers, and groups of customers under common control (one customer under IFRS 8.34 /
    ASC 280-10-50-42), at or above major_customer_share of revenue."""
    limit = config.concentration.major_customer_share
    rows = _rows(
        conn,
        """
        select customer_id, revenue_share from customer_revenue_shares
        where as_of_date = ? and is_major_customer order by revenue_rank
        """,
        [as_of],
    )
    groups = _groups(conn, as_of, "is_major_group")
    if not rows and not groups:
        return Alert(False, f"No customer or group of customers reaches {limit:.0%} of revenue.")
    parts, metadata = [], {}
    if rows:
        listed = ", ".join(f"{row['customer_id']} ({row['revenue_share']:.1%})" for row in rows)
        parts.append(
            f"{len(rows)} customer(s) at or above {limit:.0%} of revenue (the IFRS 8 / ASC 280 line): {listed}."
        )
        metadata["customers"] = {row["customer_id"]: row["revenue_share"] for row in rows}
    if groups:
        parts.append(
            f"{len(groups)} group(s) of customers under common control at or above {limit:.0%}, "
            f"each one customer under IFRS 8.34 / ASC 280-10-50-42: "
            f"{'; '.join(_group_text(group) for group in groups)}."
        )
        metadata["groups"] = _group_metadata(groups)
    return Alert(True, " ".join(parts), metadata)


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
