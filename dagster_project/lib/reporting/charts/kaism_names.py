"""Where the names go on kaism.png: each at the free place nearest its point, so that no name
hides another, a quadrant's caption, a marker that stands out or a split line
(docs/method.md, "KAISM")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.text import Text

    from dagster_project.lib.reporting.charts.kaism import KaismAccount

NAME_FONT_SIZE = 7
# A longer name goes on to a second line, and is cut after it.
NAME_LINE_CHARS = 30
# Pixels: the space kept free around a name, and the step of the search for a free place.
NAME_MARGIN = 2.0
NAME_SEARCH_STEP = 4.0


def place_names(
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

    frame, split_xy, taken = _obstacles(axes, renderer, clear_of, sizes, captions, split)
    split_x, split_y = split_xy
    names = {}
    for account, point, radius in zip(named, *_markers(axes, named, sizes), strict=True):
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


def _markers(axes: Axes, accounts: list[KaismAccount], sizes: dict[str, float]):
    """Where each account's marker is and its radius, in pixels (a size is an area in pt²)."""
    import numpy

    to_points = 72 / axes.figure.dpi
    xy = [(account.relative_strength, account.attractiveness) for account in accounts]
    radii = [numpy.sqrt(sizes[account.customer_id]) / 2 / to_points for account in accounts]
    return axes.transData.transform(xy).reshape(-1, 2), numpy.array(radii)


def _obstacles(
    axes: Axes,
    renderer: RendererBase,
    clear_of: list[KaismAccount],
    sizes: dict[str, float],
    captions: list[Text],
    split: float,
):
    """The frame a name must stay inside, where the split lines cross (pixels), and the boxes
    (x0, y0, x1, y1) a name must not overlap: the captions, the split lines and the markers."""
    import numpy

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
    points, radii = _markers(axes, clear_of, sizes)
    taken += list(numpy.hstack([points - radii[:, None], points + radii[:, None]]))
    return frame, (split_x, split_y), taken


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
