"""The three pictures of an as-of date written as PNG files beside the published file, each
from the published tables BI users read (docs/published-tables.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dagster_project.lib.configuration.scoring import ScoringConfig
from dagster_project.lib.reporting.charts.kaism import kaism_accounts, kaism_picture
from dagster_project.lib.reporting.charts.pareto import lorenz_curve, pareto_picture
from dagster_project.lib.reporting.charts.trend import draw_trend

CHART_FILES = ("pareto.png", "kaism.png", "concentration_trend.png")


def write_charts(published: Path, as_of: date, config: ScoringConfig, out_dir: Path) -> list[Path]:
    """Draw the three pictures of `as_of` into out_dir; their paths."""
    import matplotlib

    matplotlib.use("Agg")

    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(published), read_only=True) as conn:
        curve = lorenz_curve(conn, as_of)
        (top20pct_share,) = conn.execute(
            "select max(top20pct_share) from revenue_concentration where as_of_date = ?", [as_of]
        ).fetchone()
        kaism = kaism_accounts(conn, as_of)
        trend = conn.execute(
            "select month_end_date, hhi, top5_share, is_window_complete "
            "from revenue_concentration_monthly where month_end_date <= ? order by 1",
            [as_of],
        ).fetchall()

    paths = [out_dir / name for name in CHART_FILES]
    pareto = pareto_picture(curve, None if top20pct_share is None else float(top20pct_share), as_of)
    kaism_figure = kaism_picture(kaism, as_of, config).figure
    for figure, path in ((pareto.figure, paths[0]), (kaism_figure, paths[1])):
        figure.savefig(path, dpi=figure.dpi, bbox_inches="tight")
    draw_trend(trend, paths[2])
    return paths
