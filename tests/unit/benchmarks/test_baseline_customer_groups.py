"""The bench's independent baseline (benchmarks/baseline/) on book 4, customer groups: chains of
parents, group revenue shares, the largest member of a major group in the first tier, and the
group figures of revenue concentration, against values worked out by hand from the rules of
docs/method.md. No pipeline, one DuckDB file per run."""

from __future__ import annotations

import math

import pytest


def revenue_score(x: float) -> float:
    return 1 + 9 * math.log(1 + x) / math.log(1 + 400)


def test_chains_of_parents_resolve_to_the_top_customer(group_book):
    shares = group_book["customer_revenue_shares"]
    assert {c: row["group_id"] for c, row in shares.items()} == {
        "B1": "B1",
        "B2": "B2",
        "S1": "H",
        "S2": "H",
        "T": "T",
        "T1": "T",
        "T2": "T",
        "N": "N",
        "N1": "N",
    }
    # The holding buys nothing and has no potential: not scored, but its group is published.
    assert "H" not in group_book["customer_scores"]
    assert {c: row["group_id"] for c, row in group_book["customer_scores"].items()} == {
        c: row["group_id"] for c, row in shares.items()
    }


def test_group_shares_over_the_members_with_positive_revenue(group_book):
    groups = group_book["customer_group_revenue_shares"]
    assert {
        g: (
            row["group_name"],
            row["member_count"],
            float(row["net_revenue"]),
            row["revenue_rank"],
            row["is_major_group"],
            row["is_mono_group"],
        )
        for g, row in groups.items()
    } == {
        "B1": ("Customer B1", 1, 400, 1, True, False),
        "B2": ("Customer B2", 1, 320, 2, True, False),
        "H": ("Customer H", 2, 110, 3, True, False),
        "T": ("Customer T", 3, 90, 4, False, False),
        # N1's returns lower neither its group's revenue nor the total, and it does not count.
        "N": ("Customer N", 1, 80, 5, False, False),
    }
    assert {g: row["revenue_share"] for g, row in groups.items()} == pytest.approx(
        {"B1": 0.40, "B2": 0.32, "H": 0.11, "T": 0.09, "N": 0.08}
    )
    shares = group_book["customer_revenue_shares"]
    assert {
        c: (row["group_revenue_share"], row["is_major_group"], row["is_mono_group"])
        for c, row in shares.items()
        if c in ("S1", "S2", "T2", "N1")
    } == {
        "S1": (pytest.approx(0.11), True, False),
        "S2": (pytest.approx(0.11), True, False),
        "T2": (pytest.approx(0.09), False, False),
        "N1": (pytest.approx(0.08), False, False),
    }


def test_the_largest_member_of_a_major_group_is_major_for_the_tiers(group_book):
    shares = group_book["customer_revenue_shares"]
    flags = {
        c: (row["is_major_customer"], row["is_largest_in_group"], row["is_major_for_tiers"])
        for c, row in shares.items()
    }
    assert flags == {
        "B1": (True, True, True),
        "B2": (True, True, True),
        # 6% and 5%: neither is major; S1, the larger, is for the tiers.
        "S1": (False, True, True),
        "S2": (False, False, False),
        # Equal revenue: the largest by customer_id; the group is not major.
        "T": (False, True, False),
        "T1": (False, False, False),
        "T2": (False, False, False),
        "N": (False, True, False),
        "N1": (False, False, False),
    }


def test_a_major_group_puts_its_largest_member_in_the_first_tier(group_book):
    scores = group_book["customer_scores"]
    assert scores["S1"]["weighted_score"] == pytest.approx(round(revenue_score(60), 6))
    assert scores["N"]["weighted_score"] == pytest.approx(round(revenue_score(80), 6))
    # B1, B2 and S1 take the 3 places: N (7.6) reaches the minimum but finds no room; S2 keeps
    # the tier of its score.
    assert {c: (row["tier"], row["tier_source"]) for c, row in scores.items()} == {
        "B1": ("key", "major_customer"),
        "B2": ("key", "major_customer"),
        "S1": ("key", "major_customer"),
        "S2": ("development", "score"),
        "T": ("development", "score"),
        "T1": ("development", "score"),
        "T2": ("development", "score"),
        "N": ("development", "score"),
        "N1": ("ordinary", "score"),
    }
    assert revenue_score(80) >= 7.5 > revenue_score(60)
    assert (scores["S1"]["is_major_customer"], scores["S2"]["is_major_customer"]) == (False, False)


def test_the_group_figures_of_revenue_concentration(group_book):
    (figures,) = group_book["revenue_concentration"].values()
    assert (figures["customer_count"], figures["group_count"]) == (8, 5)
    assert (figures["major_customer_count"], figures["major_group_count"]) == (2, 3)
    # 10,000 × (0.4² + 0.32² + 0.11² + 0.09² + 0.08²) against the customers' 0.06² + 0.05² and
    # three 0.03².
    assert figures["group_hhi"] == pytest.approx(2890)
    assert figures["hhi"] == pytest.approx(2776)
    assert figures["effective_groups"] == pytest.approx(1 / 0.289)
    assert (figures["group_top1_share"], figures["top1_group_id"]) == (pytest.approx(0.4), "B1")
    assert (figures["mono_client_id"], figures["mono_group_id"]) == (None, None)
