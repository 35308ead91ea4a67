"""pareto.png: how much of the window's revenue the largest customers hold, the Lorenz curve of
docs/method.md, "Concentration"."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import duckdb

from dagster_project.lib.reporting.charts.style import in_percent, new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text


@dataclass(frozen=True)
class LorenzCurve:
    customer_share: list[float]  # 0, 1/n, 2/n, ..., 1
    revenue_share: list[float]  # 0, then the cumulative share after each customer


def lorenz_curve(conn: duckdb.DuckDBPyConnection, as_of: date) -> LorenzCurve:
    """From customer_revenue_shares: the paying customers, largest first."""
    rows = conn.execute(
        "select cumulative_share from customer_revenue_shares "
        "where as_of_date = ? and net_revenue > 0 order by revenue_rank",
        [as_of],
    ).fetchall()
    n = len(rows)
    return LorenzCurve(
        customer_share=[i / n for i in range(n + 1)] if n else [0.0],
        revenue_share=[0.0, *(float(row[0]) for row in rows)],
    )


@dataclass(frozen=True)
class ParetoPicture:
    figure: Figure
    axes: Axes
    top_share_note: Text | None  # the top 20%'s share of revenue, written at its point


def pareto_picture(curve: LorenzCurve, top20pct_share: float | None, as_of: date) -> ParetoPicture:
    """The Lorenz / Pareto curve, both axes in percent, with the share of revenue of the largest
    ⌈20% · n⌉ customers (revenue_concentration.top20pct_share) written at its point."""
    figure = new_figure((6, 5))
    axes = figure.add_subplot()
    axes.plot(curve.customer_share, curve.revenue_share, color="tab:blue", label="revenue")
    axes.plot([0, 1], [0, 1], color="grey", linestyle=":", label="even spread")
    axes.axhline(0.8, color="tab:red", linestyle="--", linewidth=0.8, label="80% of revenue")
    axes.set(
        xlabel="share of paying customers, largest first",
        ylabel="cumulative share of revenue",
        title=f"Revenue concentration as of {as_of}",
        xlim=(0, 1),
        ylim=(0, 1.02),
    )
    for axis in (axes.xaxis, axes.yaxis):
        in_percent(axis)
    note = None
    paying = len(curve.customer_share) - 1
    if paying and top20pct_share is not None:
        top = math.ceil(0.2 * paying)
        point = (top / paying, top20pct_share)
        axes.plot(*point, marker="o", color="tab:blue")
        note = axes.annotate(
            f"top 20% of customers ({top} of {paying}):\n{top20pct_share:.1%} of revenue",
            xy=point,
            # Below the diagonal, above the legend: no Lorenz curve ever passes there.
            xytext=(0.97, 0.45),
            textcoords="axes fraction",
            ha="right",
            va="top",
            fontsize=9,
            arrowprops={"arrowstyle": "->", "color": "grey"},
        )
    axes.legend(loc="lower right")
    return ParetoPicture(figure, axes, note)
