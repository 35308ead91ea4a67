"""The short report `key-accounts run` prints, read back from the published file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb


def _money(value) -> str:
    return f"{float(value):,.2f}"


def _pct(value) -> str:
    return "n/a" if value is None else f"{float(value):.1%}"


def _short(text: str | None, width: int) -> str:
    text = text or "-"
    return text if len(text) <= width else text[: width - 1] + "…"


def run_summary(published: Path, as_of: date, reporting_currency: str, top: int = 10) -> str:
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
        tiers = conn.execute(
            """
            select tier, count(*) from customer_scores where as_of_date = ?
            group by tier order by bool_or(is_prospect), max(weighted_score) desc
            """,
            [as_of],
        ).fetchall()
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
        prospects = conn.execute(
            """
            select customer_id, customer_name, weighted_score, potential_revenue_metric
            from customer_scores where as_of_date = ? and tier = 'key_prospect'
            order by score_rank limit 5
            """,
            [as_of],
        ).fetchall()
        kaism = dict(
            conn.execute(
                """
                select kaism_quadrant || ':' || coalesce(strength_basis, 'none'), count(*)
                from kaism_matrix where as_of_date = ? group by all
                """,
                [as_of],
            ).fetchall()
        )
        [uninformative] = conn.execute(
            "select max(uninformative_criteria) from customer_scores where as_of_date = ?", [as_of]
        ).fetchone()
        to_actions = (
            _movers(conn, as_of)
            + _borderline(conn, as_of)
            + _kam_actions(conn, as_of)
            + _signal_backtest(conn)
        )
    lines = [
        f"Key accounts as of {as_of}",
        f"  customers in scope        {in_scope:,} ({int(row.customer_count):,} with positive revenue)",
        f"  net revenue, trailing     {_money(row.total_net_revenue)} {reporting_currency}",
        f"  HHI                       {float(row.hhi or 0):,.0f}   effective customers {float(row.effective_customers or 0):.1f}",
        f"  top-1 / top-5 / top-10    {_pct(row.top1_share)} / {_pct(row.top5_share)} / {_pct(row.top10_share)}",
        f"  top 20% of customers      {_pct(row.top20pct_share)}   Gini {float(row.gini or 0):.3f}",
        f"  mono-client (> 50%)       {row.mono_client_id or 'none'}   major customers (>= 10%) {int(row.major_customer_count)}",
        "  tiers                     " + ", ".join(f"{tier} {count:,}" for tier, count in tiers),
    ]
    lines += _kaism_lines(kaism)
    if uninformative:
        lines.append(
            f"  no information today      {uninformative}: everyone equal or nobody known, "
            "left out of every score"
        )
    if leaders:
        lines.append(f"  top {len(leaders)} {leaders[0][4]} accounts by weighted score:")
        lines.append(
            f"    {'rank':>4}  {'customer':<10} {'name':<30} {'score':>7}  {'KAM':<16} {'net revenue':>16}"
        )
        for rank, customer_id, name, score, _tier, kam, revenue, *why in leaders:
            lines.append(
                f"    {rank:>4}  {customer_id:<10} {_short(name, 30):<30} {score:>7.3f}  {_short(kam, 16):<16} {_money(revenue):>16}"
            )
            lines.append(f"{'':>16}{_explanation(*why)}")
    if prospects:
        lines.append("  key prospects (no sales yet):")
        lines += [
            f"          {customer_id:<10} {_short(name, 30):<30} {score:>7.3f}  potential {_money(potential or 0)}"
            for customer_id, name, score, potential in prospects
        ]
    lines += to_actions
    lines.append(f"Published file: {published}")
    return "\n".join(lines)


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


def _movers(conn, as_of: date, top: int = 5) -> list[str]:
    movers = conn.execute(
        """
        select customer_id, customer_name, previous_weighted_score, weighted_score, score_change,
               previous_tier, tier, top_reason, top_reason_contribution, previous_as_of_date
        from score_changes
        where as_of_date = ? and score_change is not null and score_change <> 0
        order by abs(score_change) desc, customer_id
        limit ?
        """,
        [as_of, top],
    ).fetchall()
    if not movers:
        return ["  biggest movers: none (no earlier scored date, or no score moved)"]
    lines = [f"  biggest movers since {movers[0][9]} (score_changes):"]
    for customer_id, name, before, after, change, tier_before, tier, reason, part, _ in movers:
        tiers = tier if tier == tier_before else f"{tier_before} → {tier}"
        lines.append(
            f"          {customer_id:<10} {_short(name, 24):<24} {before:>6.3f} → {after:>6.3f} "
            f"({change:+.3f})  {tiers:<27} top reason {reason or 'rounding'} {part or 0:+.3f}"
        )
    return lines


def _borderline(conn, as_of: date, top: int = 8) -> list[str]:
    count, draws = conn.execute(
        """
        select count(*) filter (where is_borderline), max(draws)
        from key_account_sensitivity where as_of_date = ?
        """,
        [as_of],
    ).fetchone()
    if not count:
        return ["  borderline accounts: none"]
    rows = conn.execute(
        """
        select customer_id, customer_name, tier, weighted_score, key_probability, tier_change_share
        from key_account_sensitivity
        where as_of_date = ? and is_borderline
        order by tier_change_share desc, customer_id
        limit ?
        """,
        [as_of, top],
    ).fetchall()
    lines = [
        f"  borderline accounts: {count} change tier in more than the configured share of "
        f"{draws} weight draws (key_account_sensitivity):"
    ]
    lines += [
        f"          {customer_id:<10} {_short(name, 24):<24} {tier:<12} score {score:>6.3f}  "
        f"P(key) {probability:>4.0%}  tier changes in {changes:.0%} of draws"
        for customer_id, name, tier, score, probability, changes in rows
    ]
    return lines


def _kam_actions(conn, as_of: date) -> list[str]:
    counts = conn.execute(
        """
        select signal, count(*) from kam_actions where as_of_date = ?
        group by signal order by signal
        """,
        [as_of],
    ).fetchall()
    if not counts:
        return ["  KAM actions: none"]
    lines = ["  KAM actions (kam_actions): " + ", ".join(f"{s} {n:,}" for s, n in counts)]
    # The list of the manager with the most actions (ties by name), as an example.
    manager = conn.execute(
        """
        select account_manager from kam_actions
        where as_of_date = ? and account_manager is not null
        group by account_manager order by count(*) desc, account_manager limit 1
        """,
        [as_of],
    ).fetchone()
    if manager:
        actions = conn.execute(
            """
            select customer_id, signal, reason from kam_actions
            where as_of_date = ? and account_manager = ?
            order by signal, customer_id
            """,
            [as_of, manager[0]],
        ).fetchall()
        lines.append(f"  actions of {manager[0]}:")
        lines += [
            f"          {customer_id:<10} {signal:<15} {reason}"
            for customer_id, signal, reason in actions
        ]
    return lines


def _signal_backtest(conn) -> list[str]:
    """Each signal's lift over the scored history (signal_backtest), where it predicts an outcome."""
    if not conn.execute(
        "select count(*) from duckdb_tables() where table_name = 'signal_backtest'"
    ).fetchone()[0]:
        return []
    rows = conn.execute(
        """
        select signal, horizon_days, fired_count, fired_outcome_share, baseline_outcome_share, lift,
            evaluated_date_count, beats_chance
        from signal_backtest where predicted_outcome is not null and fired_count > 0
        order by signal
        """
    ).fetchall()
    if not rows:
        return ["  signal backtest: no signal with a known outcome yet (the history is too short)"]
    lines = ["  signal backtest (signal_backtest): outcome after the signal, and without it"]
    for signal, days, fired, share, baseline, lift, dates, beats_chance in rows:
        verdict = {
            None: "  (too few fired to judge)",
            True: "",
            False: "  NO BETTER THAN CHANCE",
        }[beats_chance]
        lift_text = "n/a" if lift is None else f"{lift:.2f}"
        lines.append(
            f"    {signal:<15} fired {fired:,} on {dates} dates, {_pct(share)} followed within "
            f"{days} days against {_pct(baseline)}: lift {lift_text}{verdict}"
        )
    return lines
