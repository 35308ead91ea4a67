"""The part of the run summary that says what to look at next: the scores that moved most, the
accounts whose tier hangs on the weights, the KAMs' actions and how well each signal has
predicted (docs/method.md, "Signals")."""

from __future__ import annotations

from datetime import date

from dagster_project.lib.reporting.summary_format import percent, shortened


def mover_lines(conn, as_of: date, top: int = 5) -> list[str]:
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
            f"          {customer_id:<10} {shortened(name, 24):<24} {before:>6.3f} → {after:>6.3f} "
            f"({change:+.3f})  {tiers:<27} top reason {reason or 'rounding'} {part or 0:+.3f}"
        )
    return lines


def borderline_lines(conn, as_of: date, top: int = 8) -> list[str]:
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
        f"          {customer_id:<10} {shortened(name, 24):<24} {tier:<12} score {score:>6.3f}  "
        f"P(key) {probability:>4.0%}  tier changes in {changes:.0%} of draws"
        for customer_id, name, tier, score, probability, changes in rows
    ]
    return lines


def kam_action_lines(conn, as_of: date) -> list[str]:
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


def signal_backtest_lines(conn) -> list[str]:
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
            f"    {signal:<15} fired {fired:,} on {dates} dates, {percent(share)} followed within "
            f"{days} days against {percent(baseline)}: lift {lift_text}{verdict}"
        )
    return lines
