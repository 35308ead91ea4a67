"""The pictures of a run (dagster_project/lib/charts.py) on the hand book, whose revenue shares
are computed by hand in test_daily_job_by_hand.py: 0.6, 0.2, 0.1, 0.1."""

import duckdb
import pytest

from dagster_project.lib.charts import CHART_FILES, lorenz_curve
from tests.hand_book import AS_OF

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_run_draws_its_pictures_beside_the_published_file(hand_book_published, copy_of):
    pipeline_paths = copy_of(hand_book_published)
    assert hand_book_published.runs[-1].success
    charts = pipeline_paths.published.parent / "charts" / AS_OF.isoformat()
    for name in CHART_FILES:
        assert (charts / name).read_bytes()[:8] == PNG_SIGNATURE, name

    with duckdb.connect(str(pipeline_paths.published), read_only=True) as conn:
        curve = lorenz_curve(conn, AS_OF)
    # Four paying customers, largest first: 60%, then 80%, 90%, 100% of the revenue.
    assert curve.customer_share == [0, 0.25, 0.5, 0.75, 1]
    assert curve.revenue_share == pytest.approx([0, 0.6, 0.8, 0.9, 1.0], abs=1e-12)
