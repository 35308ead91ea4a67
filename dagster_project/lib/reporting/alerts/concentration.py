"""How concentrated the window's revenue is against its limits, and whether it has grown more
concentrated in 12 months (docs/method.md, "Concentration")."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

import duckdb

from dagster_project.lib.configuration.scoring import ScoringConfig
from dagster_project.lib.reporting.alerts.alert import (
    Alert,
    concentration_figures,
    is_above,
    query_rows,
)


def concentration_limits(
    conn: duckdb.DuckDBPyConnection, as_of: date, config: ScoringConfig
) -> Alert:
    figures = concentration_figures(conn, as_of)
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


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, the month's last day when it is shorter
    (2028-02-29 → 2027-02-28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _comparison_point(
    conn: duckdb.DuckDBPyConnection, as_of: date
) -> tuple[dict[str, Any] | None, str, date]:
    """The concentration figures 12 months before `as_of`: the revenue_concentration row of the
    scored date exactly 12 months earlier, else the revenue_concentration_monthly row of the
    last month end on or before it (the same figures over the window ending that month). Also
    says where they came from, and the day 12 months earlier."""
    then = months_before(as_of, 12)
    rows = query_rows(
        conn,
        "select as_of_date as compared_date, hhi, top1_share"
        " from revenue_concentration where as_of_date = ? and hhi is not null",
        [then],
    )
    if rows:
        return rows[0], "revenue_concentration", then
    rows = query_rows(
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
    now = concentration_figures(conn, as_of)
    point, source, then = _comparison_point(conn, as_of)
    metadata: dict[str, Any] = {
        "hhi": now.get("hhi"),
        "top1_share": now.get("top1_share"),
        "hhi_rise_warning": limits.hhi_rise_warning,
        "top1_rise_warning": limits.top1_rise_warning,
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
    return _compared_trend(now, point, basis, config, metadata)


def _compared_trend(
    now: dict[str, Any],
    then: dict[str, Any],
    basis: str,
    config: ScoringConfig,
    metadata: dict[str, Any],
) -> Alert:
    """The trend against a full window 12 months back: whether either rise passes its warning."""
    hhi_rise = config.concentration.hhi_rise_warning
    top1_rise = config.concentration.top1_rise_warning
    hhi_now, hhi_then = now["hhi"], then["hhi"]
    top1_now, top1_then = now["top1_share"], then["top1_share"]
    hhi_change = hhi_now / hhi_then - 1
    top1_change = top1_now - top1_then
    hhi_fired = is_above(hhi_now, hhi_then * (1 + hhi_rise))
    top1_fired = is_above(top1_change, top1_rise)
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
