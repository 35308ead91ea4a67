"""Pictures of a published as-of date, drawn from the published file: where people would rather
look than read.

- pareto.png: the Lorenz / Pareto curve of the window's revenue (cumulative share of revenue
  against the share of customers, largest first), with the 80% line and the diagonal of an
  even spread;
- kaism.png: the Key Account Identification and Selection Matrix, each scored customer placed by
  attractiveness and relative strength, sized by revenue, the quadrant lines at the split, key
  accounts labelled;
- concentration_trend.png: HHI and top-5 share at every month end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from dagster_project.lib.scoring_config import ScoringConfig

CHART_FILES = ("pareto.png", "kaism.png", "concentration_trend.png")


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


def write_charts(published: Path, as_of: date, config: ScoringConfig, out_dir: Path) -> list[Path]:
    """Draw the three pictures of `as_of` into out_dir; their paths."""
    import matplotlib

    matplotlib.use("Agg")

    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(published), read_only=True) as conn:
        curve = lorenz_curve(conn, as_of)
        kaism = conn.execute(
            """
            select
                kaism_matrix.customer_id,
                kaism_matrix.attractiveness,
                kaism_matrix.relative_strength,
                greatest(customer_scores.current_revenue_metric, 0)::double as revenue,
                customer_scores.tier = 'key' as is_key
            from kaism_matrix
            inner join customer_scores using (as_of_date, customer_id)
            -- An unassessed customer (an axis with no factor scored) has no place to be drawn.
            where
                as_of_date = ?
                and kaism_matrix.attractiveness is not null
                and kaism_matrix.relative_strength is not null
            """,
            [as_of],
        ).fetchall()
        trend = conn.execute(
            "select month_end_date, hhi, top5_share, is_window_complete "
            "from revenue_concentration_monthly where month_end_date <= ? order by 1",
            [as_of],
        ).fetchall()

    paths = [out_dir / name for name in CHART_FILES]
    _draw_pareto(curve, as_of, paths[0])
    _draw_kaism(kaism, as_of, config.kaism.split, paths[1])
    _draw_trend(trend, paths[2])
    return paths


def _draw_pareto(curve: LorenzCurve, as_of: date, path: Path) -> None:
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 5))
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
    axes.legend(loc="lower right")
    figure.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(figure)


def _draw_kaism(kaism: list[tuple], as_of: date, kaism_split: float, path: Path) -> None:
    import matplotlib.pyplot as plt
    import numpy

    figure, axes = plt.subplots(figsize=(7, 6))
    largest = max((row[3] for row in kaism), default=0) or 1
    for is_key, colour in ((False, "tab:grey"), (True, "tab:red")):
        # Arrays of floats: matplotlib converts lists of 150,000 values slowly.
        points = numpy.array([row[1:4] for row in kaism if bool(row[4]) == is_key], dtype=float)
        points = points.reshape(-1, 3)
        axes.scatter(
            points[:, 0],
            points[:, 1],
            s=10 + 400 * points[:, 2] / largest,
            c=colour,
            # Thousands of customers would hide each other: the more there are, the fainter.
            alpha=0.5 if is_key else max(0.05, min(0.5, 300 / max(len(points), 1))),
            label="key account" if is_key else "other customers",
        )
    for row in kaism:
        if row[4]:
            axes.annotate(row[0], (row[1], row[2]), fontsize=7)
    axes.axvline(kaism_split, color="black", linewidth=0.8)
    axes.axhline(kaism_split, color="black", linewidth=0.8)
    # The quadrants' names in their corners (x attractiveness, y relative strength), in bands
    # above and below the points so that they hide none.
    axes.margins(x=0.04, y=0.12)
    for x, y, name in ((0, 1, "status"), (1, 1, "strategic"), (0, 0, "streamline"), (1, 0, "star")):
        axes.text(
            0.02 + 0.96 * x,
            0.02 + 0.96 * y,
            name,
            transform=axes.transAxes,
            ha="right" if x else "left",
            va="top" if y else "bottom",
            fontsize=10,
            fontweight="bold",
            color="dimgrey",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
            zorder=3,
        )
    axes.set(
        xlabel="attractiveness",
        ylabel="relative strength",
        title=f"KAISM as of {as_of} (size: revenue)",
    )
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    figure.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(figure)


def _draw_trend(trend: list[tuple], path: Path) -> None:
    import matplotlib.pyplot as plt

    figure, hhi_axes = plt.subplots(figsize=(8, 4))
    months = [row[0] for row in trend]
    hhi_axes.plot(months, [row[1] for row in trend], color="tab:blue", label="HHI")
    hhi_axes.set(ylabel="HHI (0-10,000)", title="Concentration at each month end")
    share_axes = hhi_axes.twinx()
    share_axes.plot(months, [row[2] for row in trend], color="tab:orange", label="top-5 share")
    share_axes.set(ylabel="top-5 share", ylim=(0, 1))
    incomplete = [row[0] for row in trend if not row[3]]
    if incomplete:
        hhi_axes.axvspan(
            min(incomplete), max(incomplete), color="grey", alpha=0.15, label="window not yet full"
        )
    figure.legend(loc="upper center", bbox_to_anchor=(0.5, 0.86))
    figure.autofmt_xdate()
    figure.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(figure)
