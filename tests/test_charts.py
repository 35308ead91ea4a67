"""The pictures of a run (dagster_project/lib/charts.py) on the hand book, whose revenue shares
are computed by hand in test_daily_job_by_hand.py: 0.6, 0.2, 0.1, 0.1."""

import dagster as dg
import duckdb
import pytest

from dagster_project.lib.charts import CHART_FILES, lorenz_curve
from tests.hand_book import AS_OF, write_hand_book

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_run_draws_its_pictures_beside_the_published_file(pipeline_paths, run_daily_job):
    write_hand_book(pipeline_paths.landing_dir)
    assert run_daily_job(AS_OF).success
    charts = pipeline_paths.published.parent / "charts" / AS_OF.isoformat()
    for name in CHART_FILES:
        assert (charts / name).read_bytes()[:8] == PNG_SIGNATURE, name

    with duckdb.connect(str(pipeline_paths.published), read_only=True) as conn:
        curve = lorenz_curve(conn, AS_OF)
    # Four paying customers, largest first: 60%, then 80%, 90%, 100% of the revenue.
    assert curve.customer_share == [0, 0.25, 0.5, 0.75, 1]
    assert curve.revenue_share == pytest.approx([0, 0.6, 0.8, 0.9, 1.0], abs=1e-12)


def test_the_pictures_are_shown_as_asset_metadata(pipeline_paths, run_daily_job):
    from dagster_project.defs.publish.assets import CHARTS_KEY, published_charts
    from dagster_project.defs.resources import PipelineSettings

    write_hand_book(pipeline_paths.landing_dir)
    assert run_daily_job(AS_OF).success
    result = dg.materialize(
        [published_charts],
        resources={"settings": PipelineSettings.from_paths(pipeline_paths)},
        tags={"dagster/partition": AS_OF.isoformat()},
    )
    (event,) = [e for e in result.get_asset_materialization_events() if e.asset_key == CHARTS_KEY]
    metadata = event.step_materialization_data.materialization.metadata
    assert metadata["as_of_date"].value == AS_OF.isoformat()
    assert metadata["pictures"].value.count("](data:image/png;base64,") == len(CHART_FILES)
    assert {name.removesuffix(".png") for name in CHART_FILES} <= set(metadata)
