"""The sensitivity's weight draws (dbt/macros/weight_draws.sql), drawn when dbt compiles.

They are checked against the generator the macro documents, written again here in Python: a
64-bit linear congruential generator with Knuth's MMIX constants, seeded with the seed, whose
top 53 bits give a uniform in [0, 1).
"""

import json

from dagster_project.lib.configuration.scoring import CRITERIA, ScoringConfig, dbt_vars
from tests.conftest import dbt_compile_inline


def documented_draws(seed: int, draws: int, spread: float) -> list[list[float]]:
    state = seed % 2**64
    result = []
    for _ in range(draws):
        factors = []
        for _ in CRITERIA:
            state = (6364136223846793005 * state + 1442695040888963407) % 2**64
            uniform = (state >> 11) / 2**53
            factors.append(round(1 + spread * (2 * uniform - 1), 6))
        result.append(factors)
    return result


def compiled_draws(tmp_path, **sensitivity) -> list[list[float]]:
    variables = dbt_vars(ScoringConfig())
    variables["sensitivity"] = {**variables["sensitivity"], **sensitivity}
    return json.loads(
        dbt_compile_inline(tmp_path, "{{ tojson(weight_draw_factors()) }}", variables)
    )


def test_the_default_draws_are_the_documented_generators(tmp_path):
    factors = compiled_draws(tmp_path)
    # 200 draws of one factor per criterion, in 1 ± 0.2, seed 20261127.
    assert factors == documented_draws(20261127, 200, 0.2)
    flat = [factor for draw in factors for factor in draw]
    assert len(flat) == 200 * len(CRITERIA)
    assert all(0.8 <= factor <= 1.2 for factor in flat)
    # Spread over the interval, not stuck near 1.
    assert min(flat) < 0.81 and max(flat) > 1.19
    assert 0.99 < sum(flat) / len(flat) < 1.01


def test_another_seed_or_spread_gives_other_draws(tmp_path):
    factors = compiled_draws(tmp_path, draws=3, weight_spread=0.05, seed=7)
    assert factors == documented_draws(7, 3, 0.05)
    assert all(0.95 <= factor <= 1.05 for draw in factors for factor in draw)
    assert factors != documented_draws(8, 3, 0.05)
