"""kaism.png: the Key Account Identification and Selection Matrix as McDonald and Woodburn draw
it (docs/method.md, "KAISM"): each assessed customer placed by our relative strength (across)
and its attractiveness (up), sized by revenue, hollow where the strength rests on share of
wallet alone; each quadrant with its resource strategy and count; the first tier and the key
prospects named."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import duckdb

from dagster_project.lib.configuration.scoring import PROSPECT_TIERS, ScoringConfig
from dagster_project.lib.reporting.charts.kaism_names import place_names
from dagster_project.lib.reporting.charts.style import new_figure, plural

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

UNASSESSED = "unassessed"
KEY_PROSPECT = PROSPECT_TIERS[0]
# Each quadrant's corner in axes fractions, relative strength across and attractiveness up.
QUADRANT_CORNERS = {"star": (0, 1), "strategic": (1, 1), "streamline": (0, 0), "status": (1, 0)}
# At most this many names on the picture, of which key prospects keep at least
# MIN_NAMED_PROSPECTS when the first tier alone would take them all: more is not read.
MAX_NAMED = 25
MIN_NAMED_PROSPECTS = 5
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
    first_tier = config.tiers[0].name
    drawn = [account for account in accounts if account.is_drawn]
    figure = new_figure((9, 7.5))
    axes = figure.add_subplot()
    split = config.kaism.split
    _draw_frame(axes, float(config.scale), split, as_of, len(drawn))
    sizes = _draw_kaism_points(axes, drawn, first_tier)
    captions = _quadrant_captions(axes, accounts)
    named, named_groups = _to_name(drawn, first_tier)
    renderer = figure.canvas.get_renderer()
    standing_out = [account for account in drawn if _kind(account, first_tier)[1]]
    names = place_names(axes, renderer, named, standing_out, sizes, list(captions.values()), split)
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
        f"Not drawn: {plural(left_out, 'unassessed customer')} (no figure for one of the axes).",
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


def _draw_frame(axes: Axes, high: float, split: float, as_of: date, drawn: int) -> None:
    """The scale from 1 to `high` on both axes, the split lines, the labels and the title."""
    low = 1.0
    span = high - low
    # Bands above and below the scale hold the quadrants' captions, so that they hide no point.
    axes.set_xlim(low - 0.03 * span, high + 0.03 * span)
    axes.set_ylim(low - 0.14 * span, high + 0.14 * span)
    axes.axvline(split, color="black", linewidth=0.8)
    axes.axhline(split, color="black", linewidth=0.8)
    axes.set(
        xlabel="relative strength: ours, as the customer sees it (low → high)",
        ylabel="account attractiveness (low → high)",
        title=f"KAISM as of {as_of}: {drawn} customers (size: revenue in the window)",
    )


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
        count = plural(counts[quadrant], "account")
        if prospects[quadrant]:
            count += f" ({plural(prospects[quadrant], 'prospect')})"
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
        f"{named_first} of {plural(len(first), f'{first_tier} account')}, "
        f"{named_prospects} of {plural(len(prospects), KEY_PROSPECT.replace('_', ' '))}"
    )
    return first[:named_first] + prospects[:named_prospects], groups
