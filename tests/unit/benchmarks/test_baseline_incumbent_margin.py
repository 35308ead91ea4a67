"""The bench's independent baseline (benchmarks/baseline/) on book 2: the first tier's incumbent
margin and the completeness a score needs to enter it, against values worked out by hand from
the rules of docs/method.md. No pipeline, one DuckDB file per run."""

from __future__ import annotations

from tests.unit.benchmarks.baseline_book import DAY, DAY_BEFORE, run_baseline


def tiers(scores: dict[str, dict]) -> dict[str, tuple]:
    return {
        c: (row["weighted_score"], row["tier"], row["tier_source"]) for c, row in scores.items()
    }


def test_an_incumbent_keeps_its_place_by_the_margin(margin_book):
    folder, config = margin_book
    assert tiers(run_baseline(folder, config, DAY_BEFORE)["customer_scores"]) == {
        "M": (100, "key", "major_customer"),
        "X1": (9, "key", "score"),
        "X3": (8, "key", "score"),
        "X2": (7, "development", "score"),
        "X5": (3, "ordinary", "score"),
    }
    # X3 (7.4 + 0.25 = 7.65) beats X2 (7.6) for the room the cap leaves after M; X1 would be
    # there without the margin.
    assert tiers(run_baseline(folder, config, DAY, (DAY_BEFORE,))["customer_scores"]) == {
        "M": (100, "key", "major_customer"),
        "X1": (9, "key", "score"),
        "X3": (7.4, "key", "incumbent_margin"),
        "X2": (7.6, "development", "score"),
        "X5": (3, "ordinary", "score"),
    }
    # Without the previous date nobody is an incumbent.
    first_date = tiers(run_baseline(folder, config, DAY)["customer_scores"])
    assert (first_date["X2"][1:], first_date["X3"][1:]) == (
        ("key", "score"),
        ("development", "score"),
    )


def test_too_incomplete_a_score_cannot_enter_the_first_tier(margin_book):
    folder, config = margin_book
    # Nobody reaches a completeness above 1; the major customer does not need to.
    strict = {**config, "tier_rules": {"min_completeness_for_key": 1.01}}
    scored = tiers(run_baseline(folder, strict, DAY, (DAY_BEFORE,))["customer_scores"])
    assert scored["M"][1:] == ("key", "major_customer")
    assert scored["X1"][1:] == ("development", "score")
