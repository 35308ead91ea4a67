"""From scores to actions on the hand book: score changes, tier sensitivity, KAM actions.

The SQL's arithmetic is checked on hand-written rows by the dbt unit tests; here the published
tables of whole daily runs are checked against the published scores, recomputed in Python.
"""

from datetime import date

import duckdb
import pytest

from dagster_project.lib.configuration.scoring import CRITERIA, ScoringConfig
from tests.hand_book import AS_OF, write_config_with_cost_to_serve_weight_70

pytestmark = pytest.mark.e2e

NEXT_DAY = date(2026, 7, 1)


def rows_by_customer(conn, table: str, as_of: date) -> dict[str, dict]:
    cursor = conn.execute(f"select * from {table} where as_of_date = ?", [as_of])
    names = [column[0] for column in cursor.description]
    return {
        row[names.index("customer_id")]: dict(zip(names, row, strict=True))
        for row in cursor.fetchall()
    }


def test_score_changes_explain_a_new_day_under_new_weights(
    hand_book_published, copy_of, run_daily_job, monkeypatch
):
    """30 June with the default weights, then 1 July (001 buys again) with cost_to_serve's
    weight 10 → 70: every move splits into the criteria's parts at the old weights, the new
    weights' part and the rounding, which add up to the change."""
    pipeline_paths = copy_of(hand_book_published)
    config = write_config_with_cost_to_serve_weight_70(pipeline_paths.landing_dir.parent)
    monkeypatch.setenv("KEY_ACCOUNTS_CONFIG", str(config))
    assert run_daily_job(NEXT_DAY).success

    with duckdb.connect(str(pipeline_paths.published), read_only=True) as conn:
        before = rows_by_customer(conn, "customer_scores", AS_OF)
        after = rows_by_customer(conn, "customer_scores", NEXT_DAY)
        changes = rows_by_customer(conn, "score_changes", NEXT_DAY)
        earliest = conn.execute("select count(*) from score_changes where as_of_date = ?", [AS_OF])
        assert earliest.fetchone() == (0,)  # nothing scored before 30 June: no changes

    assert set(changes) == set(before) | set(after) == {"001", "002", "003", "004", "005", "006"}
    # 002's only sale, on 2025-07-01, leaves the window on 1 July: no longer scored.
    assert set(before) - set(after) == {"002"}
    assert changes["002"]["is_no_longer_scored"] is True
    assert (changes["002"]["previous_tier"], changes["002"]["tier"]) == ("key", None)
    assert changes["002"]["score_change"] is None and changes["002"]["top_reason"] is None
    for customer_id in set(before) & set(after):
        change, old, new = changes[customer_id], before[customer_id], after[customer_id]
        assert change["is_newly_scored"] is change["is_no_longer_scored"] is False
        assert change["previous_as_of_date"] == AS_OF
        assert change["is_config_changed"] is True
        assert (change["previous_tier"], change["tier"]) == (old["tier"], new["tier"])
        assert change["score_change"] == pytest.approx(
            new["weighted_score"] - old["weighted_score"], abs=1e-12
        )

        # Each criterion scored on both days at the old weights (its weight share = points /
        # score), then the weights' part (the shares moved, and those of a criterion that
        # appeared or went missing), then the 6-decimal rounding.
        def share(row, c):
            return row[f"{c}_points"] / row[f"{c}_score"] if row[f"{c}_score"] is not None else 0

        def points(row, c):
            return row[f"{c}_points"] or 0

        both = [
            c for c in CRITERIA if old[f"{c}_score"] is not None and new[f"{c}_score"] is not None
        ]
        parts = {c: 0.0 for c in CRITERIA}
        parts |= {c: share(old, c) * (new[f"{c}_score"] - old[f"{c}_score"]) for c in both}
        parts["weights"] = sum(
            (share(new, c) - share(old, c)) * new[f"{c}_score"]
            for c in CRITERIA
            if new[f"{c}_score"] is not None
        ) - sum(points(old, c) for c in CRITERIA if new[f"{c}_score"] is None)
        parts["rounding"] = change["score_change"] - sum(
            points(new, c) - points(old, c) for c in CRITERIA
        )
        for part, expected in parts.items():
            assert change[f"{part}_contribution"] == pytest.approx(expected, abs=1e-9), (
                customer_id,
                part,
            )
        assert abs(change["rounding_contribution"]) <= 1e-6
        assert sum(change[f"{part}_contribution"] for part in parts) == pytest.approx(
            change["score_change"], abs=1e-9
        )
        moved = {part: abs(value) for part, value in parts.items() if part != "rounding"}
        if max(moved.values()) > 1e-9:
            assert moved[change["top_reason"]] == pytest.approx(max(moved.values()), abs=1e-12)

    # By hand, the prospect 006, weighted over potential (20) and reputation (10), whose weights
    # did not change: potential stays the best of two (10), and reputation is a rating, 8 = 8
    # whoever else is scored: 002 leaving moves nothing. (200 + 80) / 30 = 9.333333 both days.
    prospect = changes["006"]
    assert (prospect["previous_weighted_score"], prospect["weighted_score"]) == (9.333333, 9.333333)
    assert prospect["reputation_contribution"] == 0
    assert prospect["weights_contribution"] == 0
    assert (prospect["top_reason"], prospect["tier"]) == (None, "key_prospect")
    # cost_to_serve's weight went up sevenfold: the weights moved every account's score.
    assert all(abs(changes[c]["weights_contribution"]) > 0.1 for c in ("001", "003", "004"))


def test_sensitivity_and_kam_actions_of_the_hand_book(hand_book_published, copy_of):
    """As of 30 June with the default configuration: the tier probabilities recomputed in
    Python from the published criterion scores and the documented weight draws, and the two
    KAM actions of the hand book, computed by hand."""
    from tests.integration.dbt.test_weight_draws import documented_draws

    pipeline_paths = copy_of(hand_book_published)
    with duckdb.connect(str(pipeline_paths.published), read_only=True) as conn:
        scores = rows_by_customer(conn, "customer_scores", AS_OF)
        sensitivity = rows_by_customer(conn, "key_account_sensitivity", AS_OF)
        actions = conn.execute(
            "select account_manager, customer_id, signal, reason from kam_actions "
            "where as_of_date = ? order by customer_id",
            [AS_OF],
        ).fetchall()
        lifecycle = conn.execute(
            "select distinct action_status, first_raised_on, days_open from kam_action_history"
        ).fetchall()
        [at_stake] = conn.execute(
            "select revenue_at_stake from kam_actions where signal = 'at_risk'"
        ).fetchone()
        backtest = conn.execute(
            "select signal, evaluated_date_count, fired_count, lift from signal_backtest"
        ).fetchall()

    config = ScoringConfig()
    weights = {name: criterion.weight for name, criterion in config.criteria.items()}
    draws = documented_draws(20261127, 200, 0.2)
    for customer_id, row in scores.items():
        applies = config.prospects.criteria if row["is_prospect"] else CRITERIA
        present = [c for c in applies if weights[c] and row[f"{c}_score"] is not None]
        tiers = []
        drawn_scores = []
        for factors in draws:
            drawn = {c: weights[c] * f for c, f in zip(CRITERIA, factors, strict=True)}
            total = sum(drawn[c] for c in present)
            score = round(sum(drawn[c] * row[f"{c}_score"] / total for c in present), 6)
            # Every criterion carries information in the hand book: completeness is the weight
            # present over the weight of the criteria that apply.
            complete = total / sum(drawn[c] for c in applies if weights[c]) >= 0.6
            drawn_scores.append(score)
            # At most five accounts: the cap of 30 never bites. A major customer is key in
            # every draw.
            if row["is_prospect"]:
                tiers.append("key_prospect" if score >= 7.5 and complete else "prospect")
            elif row["is_major_customer"]:
                tiers.append("key")
            else:
                key = score >= 7.5 and complete
                tiers.append("key" if key else "development" if score >= 5 else "ordinary")
        published = sensitivity[customer_id]
        top = "key_prospect" if row["is_prospect"] else "key"
        changed = sum(tier != row["tier"] for tier in tiers) / 200
        assert published["draws"] == 200
        assert published["key_probability"] == tiers.count(top) / 200, customer_id
        assert published["tier_change_share"] == changed, customer_id
        assert published["is_borderline"] is (changed > 0.10)
        assert published["margin_draws"] == 0  # no earlier scored date: no incumbent
        assert published["min_weighted_score"] == pytest.approx(min(drawn_scores), abs=1e-6)
        assert published["max_weighted_score"] == pytest.approx(max(drawn_scores), abs=1e-6)

    # 001 to 004 hold 10% of revenue or more: key in every draw whatever the weights; 006 is
    # always a key prospect (9.33), 005 (1.0, every score 1) always ordinary.
    assert all(sensitivity[c]["key_probability"] == 1.0 for c in ("001", "002", "003", "004"))
    assert sensitivity["006"]["key_probability"] == 1.0
    assert (sensitivity["005"]["key_probability"], sensitivity["005"]["tier_change_share"]) == (
        0.0,
        0.0,
    )

    # 001 (Anna's key account) made 100 in the last 90 days, (1 Apr, 30 Jun], against 1,000 in
    # the same days a year earlier (OLD1 on 2025-06-30): 90% less, below 70%. Its last order is
    # on the as-of day, so no silence; no other key account in Retail, so no cross-sell; it has
    # a KAM. 004, key as a major customer, has none. 006 is a key prospect, also Anna's.
    assert [(kam, customer, signal) for kam, customer, signal, _ in actions] == [
        ("Anna", "001", "at_risk"),
        (None, "004", "no_kam"),
        ("Anna", "006", "key_prospect"),
    ]
    reason = actions[0][3]
    assert "100" in reason and "90.0%" in reason and "1,000" in reason, reason
    # The money at stake is 001's revenue in the window.
    assert at_stake == scores["001"]["current_revenue_metric"]
    assert f"{at_stake:,.0f} of revenue in the last 12 months at stake" in reason
    # One scored date: every action is raised today, open, and no outcome is known yet; the
    # backtest counts only the signals that predict nothing (no_kam, once).
    assert lifecycle == [("open", AS_OF, 0)]
    assert sorted(backtest) == [
        ("at_risk", 0, 0, None),
        ("cross_sell_gap", 0, 0, None),
        ("key_prospect", 0, 0, None),
        ("loyalty", 0, 0, None),
        ("no_kam", 1, 1, None),
        ("override_review_due", 0, 0, None),
    ]
