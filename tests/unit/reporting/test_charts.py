"""The pictures of a run (dagster_project/lib/reporting/charts/): on the hand book, whose revenue
shares are computed by hand in test_daily_job_by_hand_revenue_and_concentration.py (0.6, 0.2,
0.1, 0.1); and the KAISM matrix on published files written by hand."""

from datetime import date

import duckdb
import pytest
from matplotlib.text import Text

from dagster_project.lib.configuration.scoring import ScoringConfig
from dagster_project.lib.reporting.charts import (
    CHART_FILES,
    kaism_accounts,
    kaism_picture,
    lorenz_curve,
    pareto_picture,
    write_charts,
)
from tests.hand_book import AS_OF

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_run_draws_its_pictures_beside_the_published_file(hand_book_published, copy_of):
    pipeline_paths = copy_of(hand_book_published)
    assert hand_book_published.runs[-1].success
    charts = pipeline_paths.published.parent / "charts" / AS_OF.isoformat()
    for name in CHART_FILES:
        assert (charts / name).read_bytes()[:8] == PNG_SIGNATURE, name

    with duckdb.connect(str(pipeline_paths.published), read_only=True) as conn:
        curve = lorenz_curve(conn, AS_OF)
        (top20pct_share,) = conn.execute(
            "select top20pct_share from revenue_concentration where as_of_date = ?", [AS_OF]
        ).fetchone()
    # Four paying customers, largest first: 60%, then 80%, 90%, 100% of the revenue.
    assert curve.customer_share == [0, 0.25, 0.5, 0.75, 1]
    assert curve.revenue_share == pytest.approx([0, 0.6, 0.8, 0.9, 1.0], abs=1e-12)

    # The top 20% of four customers is ⌈0.8⌉ = 1, the largest: 60% of the revenue, written at
    # its point of the curve; both axes read in percent.
    picture = pareto_picture(curve, float(top20pct_share), AS_OF)
    assert picture.top_share_note.get_text() == "top 20% of customers (1 of 4):\n60.0% of revenue"
    assert picture.top_share_note.xy == (0.25, pytest.approx(0.6))
    picture.figure.canvas.draw()
    for axis in (picture.axes.xaxis, picture.axes.yaxis):
        labels = [label.get_text() for label in axis.get_ticklabels()]
        assert "0%" in labels and "100%" in labels, labels


# --- kaism.png, on published files written by hand -----------------------------------------------

KAISM_DAY, EARLIER_DAY = date(2026, 6, 30), date(2026, 5, 31)
CONFIG = ScoringConfig()  # scale 10, split 5.5, first tier "key"
# The resource strategy of each quadrant, as docs/method.md ("KAISM") states it.
STRATEGIES = {
    "strategic": "invest",
    "star": "build",
    "status": "maintain",
    "streamline": "serve_efficiently",
}
# customer_id, name, tier, is_prospect, revenue, score, strength, attractiveness, basis, quadrant
HAND_ACCOUNTS = [
    ("C01", "Alfa Forniture SpA", "key", False, 500_000, 9.1, 8.0, 8.0, "assessed", "strategic"),
    ("C02", "Beta Logistica Srl", "key", False, 200_000, 8.6, 7.0, 3.0, "data_only", "status"),
    ("C03", "Gamma Tools GmbH", "development", False, 80_000, 6.0, 3.0, 7.0, "assessed", "star"),
    ("C04", "Delta Parts Ltd", "ordinary", False, 20_000, 4.0, 2.0, 2.0, "data_only", "streamline"),
    (
        "C05",
        "Epsilon Plast SA",
        "ordinary",
        False,
        10_000,
        3.5,
        2.5,
        4.0,
        "data_only",
        "streamline",
    ),
    ("C06", "Zeta Prospect SpA", "key_prospect", True, 0, 8.0, 1.0, 9.0, "data_only", "star"),
    ("C07", "Eta Prospect Srl", "prospect", True, 0, 5.0, 1.0, 3.0, "data_only", "streamline"),
    ("C08", "Theta Unassessed Srl", "key", False, 150_000, 8.0, None, 6.0, None, "unassessed"),
    ("C09", "Iota Unassessed Ltd", "ordinary", False, 5_000, 3.0, None, None, None, "unassessed"),
    ("C10", "Kappa Status GmbH", "development", False, 60_000, 6.5, 9.0, 5.0, "assessed", "status"),
]


def write_published_by_hand(path, accounts, day=KAISM_DAY):
    """A published file with the columns the pictures read: kaism_matrix and customer_scores
    from `accounts` on `day`, and on EARLIER_DAY every one of them in streamline (a picture
    that mixed the dates would count them there); two paying customers for the other pictures."""
    with duckdb.connect(str(path)) as conn:
        conn.execute(
            "create table kaism_matrix (as_of_date date, customer_id varchar,"
            " customer_name varchar, attractiveness double, relative_strength double,"
            " strength_basis varchar, kaism_quadrant varchar, kaism_strategy varchar,"
            " share_of_wallet double, is_potential_stale boolean)"
        )
        conn.execute(
            "create table customer_scores (as_of_date date, customer_id varchar,"
            " customer_name varchar, is_prospect boolean, tier varchar,"
            " current_revenue_metric decimal(18, 2), weighted_score double)"
        )
        for on, moved in ((day, False), (EARLIER_DAY, True)):
            for (
                cid,
                name,
                tier,
                prospect,
                revenue,
                score,
                strength,
                attract,
                basis,
                quadrant,
            ) in accounts:
                if moved:
                    strength, attract, basis, quadrant = 2.0, 2.0, "data_only", "streamline"
                conn.execute(
                    "insert into kaism_matrix values (?, ?, ?, ?, ?, ?, ?, ?, 0.5, false)",
                    [on, cid, name, attract, strength, basis, quadrant, STRATEGIES.get(quadrant)],
                )
                conn.execute(
                    "insert into customer_scores values (?, ?, ?, ?, ?, ?, ?)",
                    [on, cid, name, prospect, tier, revenue, score],
                )
        conn.execute(
            "create table customer_revenue_shares as select * from (values"
            " (?::date, 0.75, 100.0, 1), (?::date, 1.0, 25.0, 2))"
            " as t(as_of_date, cumulative_share, net_revenue, revenue_rank)",
            [day, day],
        )
        conn.execute(
            "create table revenue_concentration as select ?::date as as_of_date,"
            " 0.8 as top20pct_share",
            [day],
        )
        conn.execute(
            "create table revenue_concentration_monthly as select * from (values"
            " (?::date, 6250.0, 1.0, true)) as t(month_end_date, hhi, top5_share, is_window_complete)",
            [day],
        )
    return path


def hand_picture(tmp_path, accounts=HAND_ACCOUNTS):
    published = write_published_by_hand(tmp_path / "published.duckdb", accounts)
    with duckdb.connect(str(published), read_only=True) as conn:
        return kaism_picture(kaism_accounts(conn, KAISM_DAY), KAISM_DAY, CONFIG)


def test_kaism_writes_each_quadrant_with_its_strategy_and_count(tmp_path):
    """Counted by hand from HAND_ACCOUNTS on KAISM_DAY: strategic C01; star C03 and the
    prospect C06; status C02, C10; streamline C04, C05 and the prospect C07; C08 and C09
    unassessed, left out."""
    picture = hand_picture(tmp_path)
    assert {quadrant: text.get_text() for quadrant, text in picture.captions.items()} == {
        "strategic": "strategic: invest\n1 account",
        "star": "star: build\n2 accounts (1 prospect)",
        "status": "status: maintain\n2 accounts",
        "streamline": "streamline: serve efficiently\n3 accounts (1 prospect)",
    }
    # McDonald / Woodburn: attractiveness up, relative strength across, strategic top right.
    corners = {quadrant: text.get_position() for quadrant, text in picture.captions.items()}
    assert corners["strategic"][0] > 0.5 and corners["strategic"][1] > 0.5
    assert corners["star"][0] < 0.5 and corners["star"][1] > 0.5
    assert corners["status"][0] > 0.5 and corners["status"][1] < 0.5
    assert corners["streamline"][0] < 0.5 and corners["streamline"][1] < 0.5
    assert "relative strength" in picture.axes.get_xlabel()
    assert "attractiveness" in picture.axes.get_ylabel()
    assert "Not drawn: 2 unassessed customers" in picture.note.get_text()
    assert "8 customers" in picture.axes.get_title()


def test_kaism_draws_data_only_strength_hollow_and_says_so(tmp_path):
    """Points are (relative strength, attractiveness). Data only: C02, C04, C05 and the two
    prospects C06, C07; assessed: C01, C03, C10. The unassessed C08 and C09 are not drawn."""
    picture = hand_picture(tmp_path)
    hollow, filled = set(), set()
    for collection in picture.axes.collections:
        is_hollow = not collection.get_facecolor()[:, 3].any()
        (hollow if is_hollow else filled).update(map(tuple, collection.get_offsets().tolist()))
    assert hollow == {(7.0, 3.0), (2.0, 2.0), (2.5, 4.0), (1.0, 9.0), (1.0, 3.0)}
    assert filled == {(8.0, 8.0), (3.0, 7.0), (9.0, 5.0)}
    legend = [text.get_text() for text in picture.axes.get_legend().get_texts()]
    assert "hollow: strength on share of wallet alone (no assessment in force)" in legend
    assert {"key account", "other account", "key prospect", "other prospect"} <= set(legend)


def test_kaism_names_the_first_tier_and_key_prospects_by_name(tmp_path):
    """The key accounts drawn (C01, C02: C08 is unassessed) and the key prospect C06, by name."""
    picture = hand_picture(tmp_path)
    assert {cid: text.get_text() for cid, text in picture.names.items()} == {
        "C01": "Alfa Forniture SpA",
        "C02": "Beta Logistica Srl",
        "C06": "Zeta Prospect SpA",
    }
    assert "2 of 2 key accounts, 1 of 1 key prospect." in picture.note.get_text()
    every_text = [text.get_text() for text in picture.figure.findobj(Text)]
    assert not [text for text in every_text if "C0" in text or "C1" in text]


def crowded_accounts():
    """30 key accounts on almost one spot and 10 key prospects stacked on strength 1 (no
    share of wallet yet), all with long names; scores fall with the number."""
    accounts = [
        (
            f"K{n:02d}",
            f"Società Meccanica Lombarda {n:02d} S.p.A.",
            "key",
            False,
            100_000 + n,
            9.9 - n / 100,
            7.0 + n / 1000,
            7.0 + (n % 3) / 1000,
            "assessed",
            "strategic",
        )
        for n in range(30)
    ]
    accounts += [
        (
            f"P{n:02d}",
            f"Prospect Industriale Veneta dei Componenti di Precisione {n:02d} S.r.l.",
            "key_prospect",
            True,
            0,
            8.9 - n / 100,
            1.0,
            6.0 + n / 10,
            "data_only",
            "star",
        )
        for n in range(10)
    ]
    return accounts


def test_kaism_names_at_most_25_and_no_two_overlap(tmp_path):
    """Of 30 key accounts and 10 key prospects: the 5 key prospects kept for prospects, the 20
    key accounts with the highest score (K00 to K19), the 5 best key prospects (P00 to P04)."""
    picture = hand_picture(tmp_path, crowded_accounts())
    assert sorted(picture.names) == [f"K{n:02d}" for n in range(20)] + [
        f"P{n:02d}" for n in range(5)
    ]
    assert "20 of 30 key accounts, 5 of 10 key prospects." in picture.note.get_text()
    # A name longer than 30 characters goes on to a second line; after that it is cut.
    assert picture.names["K00"].get_text() == "Società Meccanica Lombarda 00\nS.p.A."
    assert picture.names["P00"].get_text() == (
        "Prospect Industriale Veneta\ndei Componenti di Precisione…"
    )

    picture.figure.canvas.draw()
    renderer = picture.figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in picture.names.values()]
    frame = picture.axes.get_window_extent(renderer)
    for i, box in enumerate(boxes):
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other), (box, other)
        for caption in picture.captions.values():
            assert not box.overlaps(caption.get_window_extent(renderer))


def test_write_charts_draws_the_three_pictures_of_a_hand_file(tmp_path):
    published = write_published_by_hand(tmp_path / "published.duckdb", HAND_ACCOUNTS)
    paths = write_charts(published, KAISM_DAY, CONFIG, tmp_path / "charts")
    assert [path.name for path in paths] == list(CHART_FILES)
    for path in paths:
        assert path.read_bytes()[:8] == PNG_SIGNATURE, path.name
