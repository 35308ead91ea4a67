"""Warnings about the key accounts themselves: one without a manager, one that dropped out of
the first tier, a manager on whom too much of the revenue depends (docs/method.md, "Tiers")."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from dagster_project.lib.configuration.scoring import ScoringConfig
from dagster_project.lib.reporting.alerts.alert import Alert, is_above, query_rows


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
    rows = query_rows(
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


def kam_revenue_share(conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig) -> Alert:
    """Key Account Managers whose accounts hold more than kam_max_share of the window's net
    revenue (kam_portfolio.revenue_share). The customers without a KAM are no KAM."""
    limit = config.concentration.kam_max_share
    rows = query_rows(
        conn,
        """
        select account_manager, revenue_share, accounts
        from kam_portfolio
        where as_of_date = ? and not is_unassigned
            and nullif(trim(account_manager), '') is not null and revenue_share is not null
        order by revenue_share desc, account_manager
        """,
        [as_of],
    )
    over = [row for row in rows if is_above(row["revenue_share"], limit)]
    metadata: dict[str, Any] = {"kam_max_share": limit}
    if not over:
        return Alert(
            False,
            f"No Key Account Manager's accounts hold more than {limit:.0%} of the window's revenue.",
            metadata,
        )
    listed = ", ".join(
        f"{row['account_manager']} {row['revenue_share']:.1%} ({row['accounts']} account"
        f"{'' if row['accounts'] == 1 else 's'})"
        for row in over
    )
    return Alert(
        True,
        f"{len(over)} Key Account Manager(s) whose accounts hold more than {limit:.0%} of the "
        f"window's revenue, a dependence on one person: {listed}.",
        {
            **metadata,
            "kams": {
                row["account_manager"]: {
                    "revenue_share": row["revenue_share"],
                    "accounts": row["accounts"],
                }
                for row in over
            },
        },
    )
