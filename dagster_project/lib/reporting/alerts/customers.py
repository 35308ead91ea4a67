"""The customers, and groups of customers under common control, that hold too much of the
revenue: one is a mono-client, several are major customers that segment reporting must name
(docs/method.md, "Concentration")."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from dagster_project.lib.configuration.scoring import ScoringConfig
from dagster_project.lib.reporting.alerts.alert import Alert, concentration_figures, query_rows


def _groups(conn: duckdb.DuckDBPyConnection, as_of: date, flag: str) -> list[dict[str, Any]]:
    """The groups of customers under common control with `flag` (is_mono_group, is_major_group)
    and more than one paying member, largest first, each with its paying members (id, name,
    share), largest first. A group of one paying customer is that customer, whose own alert
    already names it."""
    rows = query_rows(
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
    figures = concentration_figures(conn, as_of)
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
    rows = query_rows(
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
