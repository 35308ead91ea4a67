"""concentration_trend.png: HHI and top-5 share at every month end, the months whose window is
not yet full shaded (docs/method.md, "Concentration")."""

from __future__ import annotations

from pathlib import Path

from dagster_project.lib.reporting.charts.style import DPI, in_percent


def draw_trend(trend: list[tuple], path: Path) -> None:
    """`trend`: (month end, HHI, top-5 share, whether the window is full) per month end."""
    import matplotlib.pyplot as plt

    figure, hhi_axes = plt.subplots(figsize=(8, 4))
    months = [row[0] for row in trend]
    hhi_axes.plot(months, [row[1] for row in trend], color="tab:blue", label="HHI")
    hhi_axes.set(ylabel="HHI (0-10,000)", title="Concentration at each month end")
    share_axes = hhi_axes.twinx()
    share_axes.plot(months, [row[2] for row in trend], color="tab:orange", label="top-5 share")
    share_axes.set(ylabel="top-5 share of revenue", ylim=(0, 1))
    in_percent(share_axes.yaxis)
    incomplete = [row[0] for row in trend if not row[3]]
    if incomplete:
        hhi_axes.axvspan(
            min(incomplete), max(incomplete), color="grey", alpha=0.15, label="window not yet full"
        )
    figure.legend(loc="upper center", bbox_to_anchor=(0.5, 0.86))
    figure.autofmt_xdate()
    figure.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(figure)
