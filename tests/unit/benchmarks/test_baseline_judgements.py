"""The bench's independent baseline (benchmarks/baseline/) on book 3, a KAM's judgements: in
force, expired, delivered again, a judgement over the data proxy, and relative strength from the
ratings in force, against values worked out by hand from the rules of docs/method.md. No
pipeline, one DuckDB file per run."""

from __future__ import annotations

import pytest
import yaml

from benchmarks import baseline
from benchmarks.baseline.kaism_matrix import KAISM_COLUMNS
from tests.unit.benchmarks.baseline_book import AS_OF, JUDGED_CONFIG, run_baseline


def test_a_judgement_in_force_wins_over_the_data_proxy(judged_book):
    _, tables = judged_book
    scores = tables["customer_scores"]
    basis = {
        c: (
            row["product_need_metric"],
            row["product_need_basis"],
            row["reputation_metric"],
            row["reputation_basis"],
        )
        for c, row in scores.items()
    }
    assert basis == {
        # J's judgements of 2026-01-10 and 2026-02-01 (its 2 products, its master's 6 set aside).
        "J": (9, "assessment", 4, "assessment"),
        # K's product need of 2026-02-01 delivered again (6 replaces 3).
        "K": (6, "assessment", 8, "data"),
        # L's judgement of 2025-05-01 has expired: its 3 products; an industry leader is 10.
        "L": (3, "data", 10, "data"),
        "M": (1, "data", None, None),
        "N": (2, "data", 5, "data"),
        "P": (0, "data", 9, "data"),
        "Q": (8, "assessment", 3, "assessment"),
    }


def test_a_judgement_is_scored_as_a_rating_the_proxies_among_themselves(judged_book):
    _, tables = judged_book
    scores = tables["customer_scores"]
    # Product need: J 9 and K 6 as ratings; the data proxies ranked among L, M, N alone (3, 1, 2
    # products), not among the judged values. Prospects are not scored on it (Q's judgement
    # neither). Reputation is a rating either way.
    assert {c: scores[c]["product_need_score"] for c in "JKLMNPQ"} == pytest.approx(
        {"J": 9, "K": 6, "L": 10, "M": 1, "N": 5.5, "P": None, "Q": None}
    )
    assert {c: scores[c]["reputation_score"] for c in "JKLMNPQ"} == pytest.approx(
        {"J": 4, "K": 8, "L": 10, "M": None, "N": 5, "P": 9, "Q": 3}
    )
    assert {c: scores[c]["weighted_score"] for c in "JKLMNPQ"} == pytest.approx(
        {"J": 6.5, "K": 7, "L": 10, "M": 1, "N": 5.25, "P": 9, "Q": 3}
    )
    assert (scores["M"]["score_completeness"], scores["M"]["missing_criteria"]) == (
        0.5,
        "reputation",
    )
    assert {row["uninformative_criteria"] for row in scores.values()} == {None}
    assert (scores["Q"]["score_completeness"], scores["Q"]["missing_criteria"]) == (1, None)


def test_relative_strength_from_the_ratings_in_force_and_the_share_of_wallet(judged_book):
    _, tables = judged_book
    kaism = tables["kaism_matrix"]
    columns = tuple(column for column in KAISM_COLUMNS if column != "customer_id")
    rows = {c: tuple(row[column] for column in columns) for c, row in kaism.items()}
    assert rows == {
        # (our_relative_position 8 + relationship_stage 5 + wallet 2,000 / 4,000 → 5.5) / 3.
        "J": (
            "Customer J",
            False,
            6.5,
            6.166667,
            "assessed",
            "strategic",
            "invest",
            0.5,
            0.5,
            5.5,
            False,
        ),
        # Its position of 2025-06-29 has expired: (stage 4 + wallet 0.1 → 1.9) / 2.
        "K": ("Customer K", False, 7, 2.95, "assessed", "star", "build", 0.1, 0.1, 1.9, False),
        # It buys more than its potential: stale, capped at 1; no rating in force.
        "L": ("Customer L", False, 10, 10, "data_only", "strategic", "invest", 1.2, 1, 10, True),
        # Exactly its potential: not stale. Attractiveness on product need alone.
        "M": ("Customer M", False, 1, 10, "data_only", "status", "maintain", 1, 1, 10, False),
        # No potential, no rating: no strength.
        "N": ("Customer N", False, 5.25, None, None, "unassessed", None, None, None, None, False),
        # A prospect buys nothing: wallet 0 → 1; its position 7 is in force.
        "P": ("Customer P", True, 9, 4, "assessed", "star", "build", 0, 0, 1, False),
        "Q": (
            "Customer Q",
            True,
            3,
            1,
            "data_only",
            "streamline",
            "serve_efficiently",
            0,
            0,
            1,
            False,
        ),
    }
    scores = tables["customer_scores"]
    assert {c: scores[c]["kaism_quadrant"] for c in rows} == {c: rows[c][5] for c in rows}


def test_ratings_expire_after_assessment_max_age_months(judged_book):
    folder, _ = judged_book
    # From 2026-03-30 on: J's product need and reputation have expired (its 2 products, its 6),
    # as has its position of 2026-03-01; K's ratings all have.
    config = {**JUDGED_CONFIG, "assessment_max_age_months": 3}
    tables = run_baseline(folder, config, AS_OF)
    scores, kaism = tables["customer_scores"], tables["kaism_matrix"]
    assert {
        c: (
            scores[c]["product_need_basis"],
            scores[c]["reputation_basis"],
            kaism[c]["strength_basis"],
        )
        for c in "JKPQ"
    } == {
        "J": ("data", "data", "assessed"),
        "K": ("data", "data", "data_only"),
        "P": ("data", "data", "assessed"),
        "Q": ("assessment", "assessment", "data_only"),
    }
    assert (scores["J"]["product_need_metric"], scores["J"]["reputation_metric"]) == (2, 6)
    # J: relationship_stage 5 and wallet 5.5.
    assert kaism["J"]["relative_strength"] == pytest.approx(5.25)


def test_a_factor_left_out_of_the_configuration_is_not_judged(judged_book):
    folder, _ = judged_book
    factors = {
        "our_relative_position": {"description": "d", "anchors": {1: "a"}},
        "reputation": {"description": "d", "anchors": {1: "a"}},
    }
    config = {**JUDGED_CONFIG, "assessment_factors": factors}
    # An axis may not name a factor that is not declared.
    (folder / "undeclared.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(ValueError, match="relationship_stage is neither a criterion"):
        baseline.load_config(folder / "undeclared.yml")
    config["kaism"] = {
        **config["kaism"],
        "relative_strength": {"our_relative_position": 1, "share_of_wallet": 1},
    }
    tables = run_baseline(folder, config, AS_OF)
    scores, kaism = tables["customer_scores"], tables["kaism_matrix"]
    assert {c: scores[c]["product_need_basis"] for c in "JKLMNPQ"} == dict.fromkeys(
        "JKLMNPQ", "data"
    )
    # Product need on data alone: J 2, K 1, L 3, M 1, N 2 products.
    assert {c: scores[c]["product_need_score"] for c in "JKLMN"} == pytest.approx(
        {"J": 5.5, "K": 1, "L": 10, "M": 1, "N": 5.5}
    )
    assert scores["J"]["reputation_basis"] == "assessment"
    # K's position has expired: the share of wallet alone.
    assert (kaism["K"]["relative_strength"], kaism["K"]["strength_basis"]) == (
        pytest.approx(1.9),
        "data_only",
    )
