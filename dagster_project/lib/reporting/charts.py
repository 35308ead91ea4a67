"""Pictures of a published as-of date, drawn from the published file: where people would rather
look than read.

- pareto.png: the Lorenz / Pareto curve of the window's revenue (cumulative share of revenue
  against the share of customers, largest first, both in percent), with the 80% line, the
  diagonal of an even spread and the top 20% of customers' share written at its point;
- kaism.png: the Key Account Identification and Selection Matrix (McDonald / Woodburn): each
  assessed customer placed by relative strength (across) and attractiveness (up), sized by
  revenue, hollow where the strength rests on share of wallet alone; each quadrant with its
  resource strategy and count; the first tier and the key prospects named (see kaism_picture);
- concentration_trend.png: HHI and top-5 share (in percent) at every month end.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dagster_project.lib.configuration.scoring import PROSPECT_TIERS, ScoringConfig

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
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
    _draw_trend(trend, paths[2])
    return paths


@dataclass(frozen=True)
class ParetoPicture:
    figure: Figure
    axes: Axes
    top_share_note: Text | None  # the top 20%'s share of revenue, written at its point


def pareto_picture(curve: LorenzCurve, top20pct_share: float | None, as_of: date) -> ParetoPicture:
    """The Lorenz / Pareto curve, both axes in percent, with the share of revenue of the largest
    ⌈20% · n⌉ customers (revenue_concentration.top20pct_share) written at its point."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    figure = Figure(figsize=(6, 5), dpi=100)
    FigureCanvasAgg(figure)
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
        axis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
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


def _draw_trend(trend: list[tuple], path: Path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    figure, hhi_axes = plt.subplots(figsize=(8, 4))
    months = [row[0] for row in trend]
    hhi_axes.plot(months, [row[1] for row in trend], color="tab:blue", label="HHI")
    hhi_axes.set(ylabel="HHI (0-10,000)", title="Concentration at each month end")
    share_axes = hhi_axes.twinx()
    share_axes.plot(months, [row[2] for row in trend], color="tab:orange", label="top-5 share")
    share_axes.set(ylabel="top-5 share of revenue", ylim=(0, 1))
    share_axes.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
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
# At most this many names on the picture, of which key prospects keep at least
# MIN_NAMED_PROSPECTS when the first tier alone would take them all: more is not read.
MAX_NAMED = 25
MIN_NAMED_PROSPECTS = 5
NAME_FONT_SIZE = 7
# A longer name goes on to a second line, and is cut after it.
NAME_LINE_CHARS = 30
# Pixels: the space kept free around a name, and the step of the search for a free place.
NAME_MARGIN = 2.0
NAME_SEARCH_STEP = 4.0
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
    names: dict[str, Text]  # customer_id: the customer's name on the picture
    note: Text  # who is left out and who is named


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
    sizes = _draw_kaism_points(axes, drawn, first_tier)
    captions = _quadrant_captions(axes, accounts)
    named, named_groups = _to_name(drawn, first_tier)
    renderer = figure.canvas.get_renderer()
    standing_out = [account for account in drawn if _kind(account, first_tier)[1]]
    names = _place_names(axes, renderer, named, standing_out, sizes, list(captions.values()), split)
    legend = axes.legend(
        handles=_kaism_legend(drawn, first_tier),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    left_out = len(accounts) - len(drawn)
    unplaced = len(named) - len(names)
    note_lines = [
        f"Not drawn: {_count(left_out, 'unassessed customer')} (no figure for one of the axes).",
        f"Named, highest score first: {named_groups}"
        + (f"; {unplaced} found no room for a name." if unplaced else "."),
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
    return KaismPicture(figure, axes, captions, names, note)


def _kaism_styles(first_tier: str) -> dict[tuple[bool, bool], tuple[str, str, str, bool]]:
    """Each kind of point, (is a prospect, is of the first tier or a key prospect): its legend
    label, marker, colour and whether it stands out (opaque, drawn on top)."""
    return {
        (False, True): (f"{first_tier} account", "o", "tab:red", True),
        (False, False): ("other account", "o", "tab:grey", False),
        (True, True): (KEY_PROSPECT.replace("_", " "), "D", "tab:blue", True),
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
    groups: dict[tuple, list[KaismAccount]] = defaultdict(list)
    for account in drawn:
        groups[_kind(account, first_tier), account.is_data_only].append(account)
    for kind, (_, marker, colour, stands_out) in _kaism_styles(first_tier).items():
        # Thousands of customers would hide each other: the more there are, the fainter.
        count = len(groups[kind, False]) + len(groups[kind, True])
        alpha = 0.8 if stands_out else max(0.05, min(0.5, 300 / max(count, 1)))
        for is_data_only in (False, True):
            points = groups[kind, is_data_only]
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


def _to_name(drawn: list[KaismAccount], first_tier: str) -> tuple[list[KaismAccount], str]:
    """The accounts to name, the first tier then the key prospects, each highest score first;
    and a sentence saying how many of each."""

    def by_score(account: KaismAccount) -> tuple:
        return (account.weighted_score is None, -(account.weighted_score or 0), account.customer_id)

    first = sorted((a for a in drawn if _kind(a, first_tier) == (False, True)), key=by_score)
    prospects = sorted((a for a in drawn if _kind(a, first_tier) == (True, True)), key=by_score)
    named_prospects = min(len(prospects), max(MIN_NAMED_PROSPECTS, MAX_NAMED - len(first)))
    named_first = min(len(first), MAX_NAMED - named_prospects)
    groups = (
        f"{named_first} of {_count(len(first), f'{first_tier} account')}, "
        f"{named_prospects} of {_count(len(prospects), KEY_PROSPECT.replace('_', ' '))}"
    )
    return first[:named_first] + prospects[:named_prospects], groups


def _place_names(
    axes: Axes,
    renderer: RendererBase,
    named: list[KaismAccount],
    clear_of: list[KaismAccount],
    sizes: dict[str, float],
    captions: list[Text],
    split: float,
) -> dict[str, Text]:
    """Write each account's name at the free place nearest its point, in order, inside the
    point's quadrant if there is room (else anywhere), and a leader line where it had to move
    away: no name overlaps another, a caption, a marker of `clear_of` or a split line (a name
    across one, or in another quadrant, would seem to belong there)."""
    import numpy

    to_points = 72 / axes.figure.dpi
    frame = axes.get_window_extent(renderer)
    frame = numpy.array([frame.x0, frame.y0, frame.x1, frame.y1]) + [2, 2, -2, -2]
    # 6 pixels around an obstacle's text: a caption's white box pads it by 3 points.
    taken = [
        numpy.array(text.get_window_extent(renderer).extents) + [-6, -6, 6, 6] for text in captions
    ]
    split_x, split_y = axes.transData.transform((split, split))
    taken += [
        numpy.array([split_x - 1, frame[1], split_x + 1, frame[3]]),
        numpy.array([frame[0], split_y - 1, frame[2], split_y + 1]),
    ]

    def markers(accounts: list[KaismAccount]) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Where each account's marker is and its radius, in pixels (a size is an area in pt²)."""
        xy = [(account.relative_strength, account.attractiveness) for account in accounts]
        radii = [numpy.sqrt(sizes[account.customer_id]) / 2 / to_points for account in accounts]
        return axes.transData.transform(xy).reshape(-1, 2), numpy.array(radii)

    points, radii = markers(clear_of)
    taken += list(numpy.hstack([points - radii[:, None], points + radii[:, None]]))
    names = {}
    for account, point, radius in zip(named, *markers(named), strict=True):
        label = _short_name(account.customer_name)
        text = axes.text(0, 0, label, fontsize=NAME_FONT_SIZE, ha="center", va="center")
        half = numpy.array(text.get_window_extent(renderer).size) / 2 + NAME_MARGIN
        high = point >= (split_x, split_y)
        quadrant = numpy.where(
            numpy.r_[high, high], (split_x, split_y, *frame[2:]), (*frame[:2], split_x, split_y)
        )
        centre = _free_centre(point, half, radius + NAME_MARGIN, numpy.array(taken), quadrant)
        if centre is None:
            centre = _free_centre(point, half, radius + NAME_MARGIN, numpy.array(taken), frame)
        if centre is None:
            text.remove()
            continue
        _finish_name(axes, text, point, centre, half, radius)
        taken.append(numpy.r_[centre - half, centre + half])
        names[account.customer_id] = text
    return names


def _free_centre(point, half, clearance: float, taken, frame):
    """The centre of the first box of half-size `half` around `point`, searched outwards in
    eight directions, that stays inside `frame` and overlaps no box of `taken` (x0, y0, x1, y1);
    None when there is none."""
    import numpy

    directions = numpy.array(
        [(1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1), (0, 1), (0, -1)], float
    )
    reach = numpy.hypot(frame[2] - frame[0], frame[3] - frame[1])
    gaps = clearance + numpy.arange(0, reach, NAME_SEARCH_STEP)
    centres = (point + directions[None] * (half + gaps[:, None, None])).reshape(-1, 2)
    boxes = numpy.hstack([centres - half, centres + half])
    inside = (boxes[:, :2] >= frame[:2]).all(axis=1) & (boxes[:, 2:] <= frame[2:]).all(axis=1)
    clash = (
        (boxes[:, None, 0] < taken[None, :, 2])
        & (boxes[:, None, 2] > taken[None, :, 0])
        & (boxes[:, None, 1] < taken[None, :, 3])
        & (boxes[:, None, 3] > taken[None, :, 1])
    ).any(axis=1)
    free = numpy.flatnonzero(inside & ~clash)
    return centres[free[0]] if free.size else None


def _finish_name(axes: Axes, text: Text, point, centre, half, radius: float) -> None:
    import numpy
    from matplotlib import patheffects

    to_data = axes.transData.inverted()
    text.set_position(to_data.transform(centre))
    text.set_path_effects([patheffects.withStroke(linewidth=2, foreground="white")])
    text.set_zorder(4)
    nearest = numpy.clip(point, centre - half, centre + half)
    if numpy.hypot(*(nearest - point)) > radius + 2 * NAME_SEARCH_STEP:
        line = to_data.transform([point, nearest])
        axes.plot(line[:, 0], line[:, 1], color="dimgrey", linewidth=0.5, zorder=3.5)


def _short_name(name: str) -> str:
    """The name on at most two lines: cut at a fixed length, similar names (the same words
    before a number or a place) would read the same."""
    import textwrap

    lines = textwrap.wrap(name, NAME_LINE_CHARS, break_long_words=False) or [name]
    if len(lines) > 2:
        lines = [lines[0], lines[1] + "…"]
    return "\n".join(lines)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"
