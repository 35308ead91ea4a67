"""Pictures of a published as-of date, drawn from the published file: where people would rather
look than read (docs/published-tables.md).

- pareto.png: the Lorenz / Pareto curve of the window's revenue (cumulative share of revenue
  against the share of customers, largest first, both in percent), with the 80% line, the
  diagonal of an even spread and the top 20% of customers' share written at its point;
- kaism.png: the Key Account Identification and Selection Matrix (McDonald / Woodburn): each
  assessed customer placed by relative strength (across) and attractiveness (up), sized by
  revenue, hollow where the strength rests on share of wallet alone; each quadrant with its
  resource strategy and count; the first tier and the key prospects named (see kaism_picture);
- concentration_trend.png: HHI and top-5 share (in percent) at every month end.

Each picture has a module of its own; the names here are the ones the pipeline, the dashboard
and the tests use.
"""

from dagster_project.lib.reporting.charts.chart_files import CHART_FILES, write_charts
from dagster_project.lib.reporting.charts.kaism import (
    KEY_PROSPECT,
    QUADRANT_CORNERS,
    UNASSESSED,
    KaismAccount,
    KaismPicture,
    kaism_accounts,
    kaism_picture,
)
from dagster_project.lib.reporting.charts.pareto import (
    LorenzCurve,
    ParetoPicture,
    lorenz_curve,
    pareto_picture,
)

__all__ = [
    "CHART_FILES",
    "KEY_PROSPECT",
    "QUADRANT_CORNERS",
    "UNASSESSED",
    "KaismAccount",
    "KaismPicture",
    "LorenzCurve",
    "ParetoPicture",
    "kaism_accounts",
    "kaism_picture",
    "lorenz_curve",
    "pareto_picture",
    "write_charts",
]
