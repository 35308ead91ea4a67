"""Warnings about the published figures of one as-of date (DESIGN.md, mono-client risk, the
concentration trend, KAMs).

Each function reads the published file, as BI users see it, and returns an Alert: whether it
fires, a one-line description and the figures behind it. The Dagster asset checks in
defs/alerts report them as warnings; they never block a run.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from dagster_project.lib.configuration.scoring import ScoringConfig


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


def _months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, the month's last day when it is shorter
    (2028-02-29 → 2027-02-28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _above(value: float, limit: float) -> bool:
    """value > limit, with figures rounded to 9 decimals: a value exactly at the limit (0.14 −
    0.09 against 0.05, which is 0.05000000000000002 in binary) does not fire."""
    return round(value, 9) > round(limit, 9)


def _comparison_point(
    conn: duckdb.DuckDBPyConnection, as_of: date
) -> tuple[dict[str, Any] | None, str, date]:
    """The concentration figures 12 months before `as_of`: the revenue_concentration row of the
    scored date exactly 12 months earlier, else the revenue_concentration_monthly row of the
    last month end on or before it (the same figures over the window ending that month). Also
    says where they came from, and the day 12 months earlier."""
    then = _months_before(as_of, 12)
    rows = _rows(
        conn,
        "select as_of_date as compared_date, hhi, top1_share"
        " from revenue_concentration where as_of_date = ? and hhi is not null",
        [then],
    )
    if rows:
        return rows[0], "revenue_concentration", then
    rows = _rows(
        conn,
        """
        select month_end_date as compared_date, hhi, top1_share
        from revenue_concentration_monthly
        where month_end_date <= ? and hhi is not null
        order by month_end_date desc limit 1
        """,
        [then],
    )
    return (rows[0] if rows else None), "revenue_concentration_monthly", then


def concentration_trend(
    conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig
) -> Alert:
    """The HHI up by more than hhi_rise_warning of its value 12 months earlier, or the largest
    customer's share up by more than top1_rise_warning (points, as a share)."""
    limits = config.concentration
    hhi_rise, top1_rise = limits.hhi_rise_warning, limits.top1_rise_warning
    now = _concentration(conn, as_of)
    point, source, then = _comparison_point(conn, as_of)
    metadata: dict[str, Any] = {
        "hhi": now.get("hhi"),
        "top1_share": now.get("top1_share"),
        "hhi_rise_warning": hhi_rise,
        "top1_rise_warning": top1_rise,
        "twelve_months_earlier": then.isoformat(),
    }
    if now.get("hhi") is None:
        return Alert(False, f"No revenue concentration on {as_of} to compare.", metadata)
    if point is None:
        return Alert(
            False,
            f"No history 12 months back ({then}): no scored date then and no month end on or "
            "before it, so the concentration trend cannot be measured yet.",
            metadata,
        )
    compared = point["compared_date"]
    # The first months of the history hold fewer months of sales than the window: they look
    # concentrated because the window is short, not comparable with a full window.
    complete = conn.execute(
        "select count(*) > 0 from revenue_concentration_monthly"
        " where is_window_complete and month_end_date <= ?",
        [compared],
    ).fetchone()[0]
    metadata.update(
        {
            "compared_with_date": compared.isoformat(),
            "compared_with_source": source,
            "hhi_then": point["hhi"],
            "top1_share_then": point["top1_share"],
        }
    )
    basis = (
        f"{compared}, the scored date 12 months earlier"
        if source == "revenue_concentration"
        else f"the month end {compared}, the last on or before {then} (12 months earlier), "
        "over the window ending that month"
    )
    if not complete:
        return Alert(
            False,
            f"No full window of history 12 months back: the window ending {compared} ({basis}) "
            "holds fewer months of sales than the scoring window, so it is not comparable.",
            {**metadata, "is_window_complete": False},
        )
    hhi_now, hhi_then = now["hhi"], point["hhi"]
    top1_now, top1_then = now["top1_share"], point["top1_share"]
    hhi_change = hhi_now / hhi_then - 1
    top1_change = top1_now - top1_then
    hhi_fired = _above(hhi_now, hhi_then * (1 + hhi_rise))
    top1_fired = _above(top1_change, top1_rise)
    metadata.update({"hhi_change": hhi_change, "top1_share_change_points": 100 * top1_change})
    hhi_text = (
        f"HHI (concentration index, 10,000 for a single customer) {hhi_now:,.0f} against "
        f"{hhi_then:,.0f}, {_percent_change(hhi_change)} "
        f"(the warning is a rise of more than {hhi_rise:.0%})"
    )
    top1_text = (
        f"the largest customer's share of revenue {top1_now:.1%} against {top1_then:.1%}, "
        f"{_points_change(top1_change)} (the warning is a rise of more than "
        f"{round(100 * top1_rise, 6):g} points)"
    )
    if not (hhi_fired or top1_fired):
        return Alert(
            False,
            "Revenue concentration has not risen beyond its warnings in 12 months, compared "
            f"with {basis}: {hhi_text}; {top1_text}.",
            metadata,
        )
    risen = " and ".join(
        name
        for name, fired in (("the HHI", hhi_fired), ("the largest customer's share", top1_fired))
        if fired
    )
    return Alert(
        True,
        f"Revenue is more concentrated than 12 months earlier ({risen} rose beyond the "
        f"warning), compared with {basis}: {hhi_text}; {top1_text}.",
        metadata,
    )


def _percent_change(change: float) -> str:
    if round(change, 9) == 0:
        return "unchanged"
    return f"{'up' if change > 0 else 'down'} {abs(change):.1%}"


def _points_change(change: float) -> str:
    if round(change, 9) == 0:
        return "unchanged"
    return f"{'up' if change > 0 else 'down'} {100 * abs(change):.1f} points"


def kam_revenue_share(conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig) -> Alert:
    """Key Account Managers whose accounts hold more than kam_max_share of the window's net
    revenue (kam_portfolio.revenue_share). The customers without a KAM are no KAM."""
    limit = config.concentration.kam_max_share
    rows = _rows(
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
    over = [row for row in rows if _above(row["revenue_share"], limit)]
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
