"""Pictures of a published as-of date, drawn from the published file: where people would rather
look than read.

- pareto.png: the Lorenz / Pareto curve of the window's revenue (cumulative share of revenue
  against the share of customers, largest first), with the 80% line and the diagonal of an
  even spread;
- kaism.png: the Key Account Identification and Selection Matrix (McDonald / Woodburn): each
  assessed customer placed by relative strength (across) and attractiveness (up), sized by
  revenue, hollow where the strength rests on share of wallet alone; each quadrant with its
  resource strategy and count; the first tier and the key prospects named (see kaism_picture);
- concentration_trend.png: HHI and top-5 share at every month end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dagster_project.lib.scoring_config import PROSPECT_TIERS, ScoringConfig

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

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
        kaism = kaism_accounts(conn, as_of)
        trend = conn.execute(
            "select month_end_date, hhi, top5_share, is_window_complete "
            "from revenue_concentration_monthly where month_end_date <= ? order by 1",
            [as_of],
        ).fetchall()

    paths = [out_dir / name for name in CHART_FILES]
    _draw_pareto(curve, as_of, paths[0])
    picture = kaism_picture(kaism, as_of, config)
    picture.figure.savefig(paths[1], dpi=picture.figure.dpi, bbox_inches="tight")
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


# --- kaism.png ---------------------------------------------------------------------------------

UNASSESSED = "unassessed"
KEY_PROSPECT = PROSPECT_TIERS[0]
# Each quadrant's corner in axes fractions, relative strength across and attractiveness up.
QUADRANT_CORNERS = {"star": (0, 1), "strategic": (1, 1), "streamline": (0, 0), "status": (1, 0)}
# A prospect has no revenue to size it by.
PROSPECT_MARKER_SIZE = 36.0


@dataclass(frozen=True)
class KaismAccount:
    customer_id: str
    customer_name: str
    relative_strength: float | None
    attractiveness: float | None
    quadrant: str
    strategy: str | None
    is_data_only: bool  # the strength rests on share of wallet alone: no assessment in force
    is_prospect: bool
    tier: str
    revenue: float
    weighted_score: float | None

    @property
    def is_drawn(self) -> bool:
        return (
            self.quadrant != UNASSESSED
            and self.relative_strength is not None
            and self.attractiveness is not None
        )


@dataclass(frozen=True)
class KaismPicture:
    figure: Figure
    axes: Axes
    captions: dict[str, Text]  # quadrant: its name, resource strategy and count of accounts
    note: Text  # who is left out


def kaism_accounts(conn: duckdb.DuckDBPyConnection, as_of: date) -> list[KaismAccount]:
    """Every customer of kaism_matrix on `as_of`, the unassessed too, with its tier and name."""
    rows = conn.execute(
        """
        select
            kaism_matrix.customer_id,
            coalesce(customer_scores.customer_name, kaism_matrix.customer_id),
            kaism_matrix.relative_strength::double,
            kaism_matrix.attractiveness::double,
            kaism_matrix.kaism_quadrant,
            kaism_matrix.kaism_strategy,
            coalesce(kaism_matrix.strength_basis = 'data_only', false),
            coalesce(customer_scores.is_prospect, false),
            customer_scores.tier,
            greatest(coalesce(customer_scores.current_revenue_metric, 0), 0)::double,
            customer_scores.weighted_score::double
        from kaism_matrix
        inner join customer_scores using (as_of_date, customer_id)
        where as_of_date = ?
        order by kaism_matrix.customer_id
        """,
        [as_of],
    ).fetchall()
    return [KaismAccount(*row) for row in rows]


def kaism_picture(accounts: list[KaismAccount], as_of: date, config: ScoringConfig) -> KaismPicture:
    """The KAISM matrix as McDonald and Woodburn draw it: attractiveness up, our relative
    strength across, strategic (invest) top right. The unassessed are left out and counted."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    first_tier = config.tiers[0].name
    drawn = [account for account in accounts if account.is_drawn]
    figure = Figure(figsize=(9, 7.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    low, high, split = 1.0, float(config.scale), config.kaism.split
    span = high - low
    # Bands above and below the scale hold the quadrants' captions, so that they hide no point.
    axes.set_xlim(low - 0.03 * span, high + 0.03 * span)
    axes.set_ylim(low - 0.14 * span, high + 0.14 * span)
    axes.axvline(split, color="black", linewidth=0.8)
    axes.axhline(split, color="black", linewidth=0.8)
    axes.set(
        xlabel="relative strength: ours, as the customer sees it (low → high)",
        ylabel="account attractiveness (low → high)",
        title=f"KAISM as of {as_of}: {len(drawn)} customers (size: revenue in the window)",
    )
    _draw_kaism_points(axes, drawn, first_tier)
    captions = _quadrant_captions(axes, accounts)
    legend = axes.legend(
        handles=_kaism_legend(drawn, first_tier),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    left_out = len(accounts) - len(drawn)
    note_lines = [
        f"Not drawn: {_count(left_out, 'unassessed customer')} (no figure for one of the axes).",
    ]
    note = axes.annotate(
        "\n".join(note_lines),
        xy=(0.5, 0),
        xycoords=legend,
        xytext=(0, -4),
        textcoords="offset points",
        ha="center",
        va="top",
        fontsize=8,
    )
    return KaismPicture(figure, axes, captions, note)


def _kaism_styles(first_tier: str) -> dict[tuple[bool, bool], tuple[str, str, str, bool]]:
    """Each kind of point, (is a prospect, is of the first tier or a key prospect): its legend
    label, marker, colour and whether it stands out (opaque, drawn on top)."""
    return {
        (False, True): (f"{first_tier} account", "o", "tab:red", True),
        (False, False): ("other account", "o", "tab:grey", False),
        (True, True): (f"{KEY_PROSPECT.replace('_', ' ')}", "D", "tab:blue", True),
        (True, False): ("other prospect", "D", "tab:cyan", False),
    }


def _kind(account: KaismAccount, first_tier: str) -> tuple[bool, bool]:
    top_tier = KEY_PROSPECT if account.is_prospect else first_tier
    return account.is_prospect, account.tier == top_tier


def _draw_kaism_points(axes: Axes, drawn: list[KaismAccount], first_tier: str) -> dict[str, float]:
    """Scatter the accounts, hollow where the strength is data only; each marker's size (pt²)."""
    import numpy

    largest = max((account.revenue for account in drawn), default=0) or 1
    sizes = {
        account.customer_id: PROSPECT_MARKER_SIZE
        if account.is_prospect
        else 10 + 400 * account.revenue / largest
        for account in drawn
    }
    for kind, (_, marker, colour, stands_out) in _kaism_styles(first_tier).items():
        group = [account for account in drawn if _kind(account, first_tier) == kind]
        # Thousands of customers would hide each other: the more there are, the fainter.
        alpha = 0.8 if stands_out else max(0.05, min(0.5, 300 / max(len(group), 1)))
        for is_data_only in (False, True):
            points = [account for account in group if account.is_data_only == is_data_only]
            if not points:
                continue
            # Arrays of floats: matplotlib converts lists of 150,000 values slowly.
            xy = numpy.array([(p.relative_strength, p.attractiveness) for p in points], float)
            axes.scatter(
                xy[:, 0],
                xy[:, 1],
                s=numpy.array([sizes[p.customer_id] for p in points], float),
                marker=marker,
                facecolors="none" if is_data_only else colour,
                edgecolors=colour,
                linewidths=1.2 if is_data_only else 0.5,
                alpha=alpha,
                zorder=2.5 if stands_out else 2,
                gid=f"{marker}-{colour}-{'data_only' if is_data_only else 'assessed'}",
            )
    return sizes


def _kaism_legend(drawn: list[KaismAccount], first_tier: str) -> list:
    from matplotlib.lines import Line2D

    kinds = {_kind(account, first_tier) for account in drawn}
    handles = [
        Line2D([], [], linestyle="", marker=marker, markersize=7, color=colour, label=label)
        for kind, (label, marker, colour, _) in _kaism_styles(first_tier).items()
        if kind in kinds
    ]
    if any(account.is_data_only for account in drawn):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=7,
                markerfacecolor="none",
                markeredgecolor="black",
                label="hollow: strength on share of wallet alone (no assessment in force)",
            )
        )
    return handles


def _quadrant_captions(axes: Axes, accounts: list[KaismAccount]) -> dict[str, Text]:
    """Each quadrant's name, resource strategy (as kaism_matrix states it) and count."""
    from collections import Counter

    counts = Counter(account.quadrant for account in accounts)
    prospects = Counter(account.quadrant for account in accounts if account.is_prospect)
    strategies = {account.quadrant: account.strategy for account in accounts if account.strategy}
    captions = {}
    for quadrant, (x, y) in QUADRANT_CORNERS.items():
        heading = quadrant
        if quadrant in strategies:
            heading += f": {strategies[quadrant].replace('_', ' ')}"
        count = _count(counts[quadrant], "account")
        if prospects[quadrant]:
            count += f" ({_count(prospects[quadrant], 'prospect')})"
        captions[quadrant] = axes.text(
            0.01 + 0.98 * x,
            0.01 + 0.98 * y,
            f"{heading}\n{count}",
            transform=axes.transAxes,
            ha="right" if x else "left",
            va="top" if y else "bottom",
            fontsize=10,
            fontweight="bold",
            color="dimgrey",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
            zorder=3,
        )
    return captions


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"
