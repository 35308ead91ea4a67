"""A deterministic, realistic-looking book of B2B business, written as landing files.

Revenue is heavy-tailed (a few large accounts, a long tail), orders follow the seasons and the
working week, a few lines are returns, larger customers get larger discounts, some customers pay
in USD, GBP or CHF, and a share of the customer master are prospects with a spending potential
and no orders yet, a few of them large. Each industry buys mostly from its own product
categories (the products file names every product), a few customers belong to groups under
common control (one of them a major customer only as a group), and the KAMs have assessed most
large accounts and a few others (account_assessments), their ratings independent of size.

The history has the patterns a KAM's signals look for (issue 20), as a business has them:
- most customers order on a cadence, weekly to every two months (the larger, the more often),
  their orders spread evenly over the history; SEASONAL_SHARE order in bursts instead (a few
  order days within two to three weeks) two or three times a year at the same time of year,
  with pauses of three to five months, and their revenue is stable or growing: a long pause is
  normal for them;
- among the mid-size and large accounts (the largest fifth of buyers but the five largest),
  FADE_SHARE fade out: from a day anywhere in the history their orders thin out steadily over
  five to ten months until none are left, so that their revenue first falls against the same
  days a year earlier and their pauses grow, then dies out; DIP_SHARE of the others order at a
  fifth to a half of their rate for two to four months and then recover; a few smaller
  accounts stop buying at once, and a few accounts start part-way through the history;
- each industry has hallmark products (SIGNATURE_PRODUCTS, see _signature_adoption), launched
  before or during the history, that most of its large accounts take up a few months after
  their launch and then buy regularly, and other industries hardly ever.
Everything is drawn from one seeded generator, so the same arguments write the same files.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dagster_project.lib.ingestion.landing import MARKER_SUFFIX

INDUSTRIES = [
    "Automotive",
    "Chemicals",
    "Construction",
    "Electronics",
    "Food & Beverage",
    "Healthcare",
    "Logistics",
    "Machinery",
    "Retail",
    "Textiles",
]
# country, currency, weight
COUNTRIES = [
    ("IT", "EUR", 0.40),
    ("DE", "EUR", 0.15),
    ("FR", "EUR", 0.12),
    ("ES", "EUR", 0.08),
    ("NL", "EUR", 0.05),
    ("GB", "GBP", 0.08),
    ("US", "USD", 0.08),
    ("CH", "CHF", 0.04),
]
FX_BASE = {"USD": 0.92, "GBP": 1.16, "CHF": 1.04}  # value of one unit in EUR
ACCOUNT_MANAGERS = [
    "Giulia Bianchi",
    "Marco Rossi",
    "Sofia Esposito",
    "Luca Romano",
    "Anna Weber",
    "Pierre Martin",
    "Laura García",
    "Tom Baker",
]
NAME_FIRST = [
    "Alpha",
    "Borea",
    "Cobalt",
    "Delta",
    "Etna",
    "Fenice",
    "Granito",
    "Helios",
    "Iride",
    "Lago",
    "Monte",
    "Nord",
    "Orione",
    "Polaris",
    "Quarzo",
    "Rubino",
    "Sole",
    "Tirreno",
    "Urano",
    "Vega",
    "Zefiro",
]
NAME_SECOND = [
    "Industrie",
    "Systems",
    "Logistica",
    "Foods",
    "Tech",
    "Meccanica",
    "Trading",
    "Materials",
    "Components",
    "Solutions",
    "Group",
    "Works",
]
NAME_SUFFIX = ["S.p.A.", "S.r.l.", "GmbH", "SA", "Ltd", "Inc.", "BV"]
# Relative order volume by calendar month: a quiet August, a strong spring and autumn.
MONTH_SEASONALITY = np.array(
    [0.85, 0.95, 1.10, 1.05, 1.05, 1.00, 0.90, 0.45, 1.05, 1.15, 1.20, 0.95]
)
WEEKDAY_FACTOR = np.array([1.0, 1.05, 1.05, 1.0, 0.95, 0.08, 0.02])  # Monday first

# Product categories: the code of their model names, what they sell and their price level
# (a multiple of the typical list price).
CATEGORIES = {
    "Hydraulics": (
        "HX",
        ["Hydraulic pump", "Hydraulic cylinder", "Pressure valve", "Hose assembly"],
        2.5,
    ),
    "Bearings & transmission": (
        "BT",
        ["Ball bearing", "Roller bearing", "Gearbox", "Drive belt", "Shaft coupling"],
        1.2,
    ),
    "Electronic components": (
        "EC",
        ["Power supply", "Proximity sensor", "Relay module", "PCB connector", "Control board"],
        1.0,
    ),
    "Automation & controls": (
        "AC",
        ["PLC controller", "Servo drive", "HMI panel", "Frequency inverter"],
        3.0,
    ),
    "Process chemicals": (
        "PC",
        ["Industrial solvent", "Catalyst additive", "Anti-foam agent", "Dye fixative"],
        0.8,
    ),
    "Fasteners & fixings": (
        "FF",
        ["Hex bolt set", "Anchor bolt", "Threaded rod", "Rivet pack"],
        0.3,
    ),
    "Building hardware": (
        "BH",
        ["Scaffold clamp", "Steel bracket", "Formwork pin", "Rebar coupler"],
        0.6,
    ),
    "Food processing": (
        "FP",
        ["Mixer blade", "Food-grade conveyor belt", "Filling nozzle", "Sanitary valve"],
        1.8,
    ),
    "Packaging": (
        "PK",
        ["Stretch film roll", "Carton sealer", "Corrugated box pack", "Strapping kit"],
        0.5,
    ),
    "Medical supplies": (
        "MS",
        ["Nitrile glove box", "Sterile drape pack", "Infusion set", "Disinfectant wipes"],
        0.7,
    ),
    "Material handling": (
        "MH",
        ["Pallet truck", "Roller conveyor", "Storage rack", "Lifting strap"],
        2.0,
    ),
    "Textile machinery parts": (
        "TX",
        ["Loom heddle", "Spindle", "Yarn guide", "Weaving reed"],
        1.1,
    ),
    "Store fixtures": (
        "SX",
        ["Shelving unit", "Display stand", "Checkout counter", "Label printer"],
        1.5,
    ),
    "Safety & PPE": (
        "SF",
        ["Safety helmet", "Hi-vis vest", "Safety goggles", "Work gloves"],
        0.4,
    ),
    "Maintenance & lubricants": (
        "ML",
        ["Multi-purpose grease", "Cutting oil", "Lubricant spray", "Wiping cloth roll"],
        0.4,
    ),
}
# Every industry buys these.
GENERAL_CATEGORIES = ("Safety & PPE", "Maintenance & lubricants")
# The categories each industry favours.
INDUSTRY_CATEGORIES = {
    "Automotive": ("Bearings & transmission", "Electronic components", "Fasteners & fixings"),
    "Chemicals": ("Process chemicals", "Automation & controls"),
    "Construction": ("Building hardware", "Fasteners & fixings", "Hydraulics"),
    "Electronics": ("Electronic components", "Automation & controls"),
    "Food & Beverage": ("Food processing", "Packaging"),
    "Healthcare": ("Medical supplies",),
    "Logistics": ("Material handling", "Packaging"),
    "Machinery": ("Hydraulics", "Bearings & transmission", "Automation & controls"),
    "Retail": ("Store fixtures", "Material handling"),
    "Textiles": ("Textile machinery parts", "Process chemicals"),
}
# Where a line's product comes from: the industry's categories, the general ones, anything.
FAVOURED_SHARE, GENERAL_SHARE = 0.72, 0.18
# Groups under common control: their name stems (none is a first word of NAME_FIRST), and each
# country's name in a subsidiary's name with its legal forms (a holding's, a subsidiary's).
GROUP_STEMS = ["Aurelia", "Castellana", "Dolomia", "Marea", "Sirio", "Vesuvia"]
COUNTRY_NAMES = {
    "IT": ("Italia", "S.p.A.", "S.r.l."),
    "DE": ("Deutschland", "AG", "GmbH"),
    "FR": ("France", "SA", "SAS"),
    "ES": ("España", "S.A.", "S.L."),
    "NL": ("Nederland", "N.V.", "BV"),
    "GB": ("UK", "plc", "Ltd"),
    "US": ("USA", "Inc.", "LLC"),
    "CH": ("Schweiz", "AG", "GmbH"),
}
# The group that is a major customer only as a group: its two largest members' shares of the
# window's revenue, each below concentration.major_customer_share (0.10), together above it.
MAJOR_GROUP_SHARES = ((0.058, 0.068), (0.048, 0.056))
# Rhythms of the buyers: the share ordering in seasonal bursts rather than on a cadence, and
# among the mid-size and large ones the shares whose revenue fades out or dips for a while.
SEASONAL_SHARE, FADE_SHARE, DIP_SHARE = 0.15, 0.4, 0.1
# Each industry's hallmark products (see _signature_adoption): how many, the share of its large
# accounts that take each up, their mean delay after its launch, and the share of a taker's
# orders holding it.
SIGNATURE_PRODUCTS, SIGNATURE_LARGE_TAKE_UP = 4, 0.9
SIGNATURE_DELAY_DAYS, SIGNATURE_ORDER_SHARE = 150, 0.3
# No customer comes near a mono-client (concentration.mono_client_share, 0.50): a largest
# customer above the first share is brought down to the second.
MONO_GUARD_SHARES = (0.42, 0.35)
# The factors of config/key_accounts.yml's assessment_factors, and how often an assessment rates
# each one (the KAISM strength factors always or nearly).
ASSESSMENT_FACTORS = {
    "our_relative_position": 1.0,
    "relationship_stage": 0.9,
    "product_need": 0.35,
    "reputation": 0.25,
}


@dataclass(frozen=True)
class SampleSize:
    customers: int = 300
    days: int = 730
    lines_per_day: int = 40
    products: int = 200


@dataclass(frozen=True)
class SampleSummary:
    customers: int
    prospects: int
    sales_lines: int
    sales_line_files: int
    first_date: date
    last_date: date
    output_dir: Path
    products: int = 0
    groups: int = 0
    assessed_customers: int = 0
    assessments: int = 0


@dataclass(frozen=True)
class CustomerGroup:
    """Customers under common control, by their row in the customer master: the top-level
    customer first, each of the others with its parent."""

    stem: str
    members: tuple[int, ...]
    parents: dict[int, int]


def _customer_master(
    rng: np.random.Generator, size: SampleSize
) -> tuple[pd.DataFrame, list[CustomerGroup]]:
    n = size.customers
    weight = rng.lognormal(mean=0.0, sigma=1.6, size=n)
    order = np.argsort(-weight)
    is_prospect = rng.random(n) < 0.06
    country_index = rng.choice(len(COUNTRIES), size=n, p=[c[2] for c in COUNTRIES])
    industry = rng.choice(INDUSTRIES, size=n)
    # The largest fifth always has a KAM; elsewhere about half do.
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    has_kam = (rank < max(1, n // 5)) | (rng.random(n) < 0.5)
    kam = np.where(has_kam, rng.choice(ACCOUNT_MANAGERS, size=n), None)
    frame = pd.DataFrame(
        {
            "customer_index": np.arange(n),
            "weight": weight,
            "is_prospect": is_prospect,
            "country": [COUNTRIES[i][0] for i in country_index],
            "currency": [COUNTRIES[i][1] for i in country_index],
            "industry": industry,
            "account_manager": kam,
            "parent_index": -1,
        }
    )
    groups = _customer_groups(rng, frame)
    # A few prospects are large: a potential among the largest buyers' and a good reputation.
    in_group = frame.index.isin([member for group in groups for member in group.members])
    free_prospects = frame.index[is_prospect & ~in_group].to_numpy()
    large_prospects = rng.choice(
        free_prospects, size=min(3, len(free_prospects) // 3), replace=False
    )
    frame["is_large_prospect"] = frame.index.isin(large_prospects)
    # A prospect being pursued has a KAM.
    frame.loc[large_prospects, "account_manager"] = [
        ACCOUNT_MANAGERS[i] if pd.isna(kam) else kam
        for kam, i in zip(
            frame.loc[large_prospects, "account_manager"],
            rng.integers(0, len(ACCOUNT_MANAGERS), len(large_prospects)),
            strict=True,
        )
    ]
    # The two largest buyers of each industry lead it.
    buyer_rank = (
        frame.assign(w=np.where(is_prospect, -1.0, weight))
        .groupby("industry")["w"]
        .rank(ascending=False, method="first")
    )
    leader = buyer_rank <= 2
    frame["is_industry_leader"] = np.where(rng.random(n) < 0.1, None, leader)
    reputation = np.clip(5.0 + 0.9 * np.log(weight) + rng.normal(0, 1.3, n), 1, 10).round(1)
    frame["reputation_score"] = np.where(rng.random(n) < 0.1, np.nan, reputation)
    frame.loc[large_prospects, "reputation_score"] = rng.uniform(
        7.0, 9.5, len(large_prospects)
    ).round(1)
    names = [
        f"{NAME_FIRST[a]} {NAME_SECOND[b]} {NAME_SUFFIX[c]}"
        for a, b, c in zip(
            rng.integers(0, len(NAME_FIRST), n),
            rng.integers(0, len(NAME_SECOND), n),
            rng.integers(0, len(NAME_SUFFIX), n),
            strict=True,
        )
    ]
    # Members of a group are named after it: "Marea Holding S.p.A.", "Marea Deutschland GmbH".
    for position, group in enumerate(groups):
        for member in group.members:
            country_name, holding_form, company_form = COUNTRY_NAMES[frame.at[member, "country"]]
            if member == group.members[0]:
                title = "Holding" if position % 2 == 0 else "Group"
                names[member] = f"{group.stem} {title} {holding_form}"
            else:
                names[member] = f"{group.stem} {country_name} {company_form}"
    # Numbered names stay unique even when two draws pick the same words.
    frame["customer_name"] = [f"{name} ({i + 1})" for i, name in enumerate(names)]
    frame["customer_id"] = [f"{i + 1:06d}" for i in range(n)]
    frame["parent_customer_id"] = [
        f"{parent + 1:06d}" if parent >= 0 else None for parent in frame["parent_index"]
    ]
    return frame, groups


def _customer_groups(rng: np.random.Generator, frame: pd.DataFrame) -> list[CustomerGroup]:
    """Draw a few groups and set their members' parent, industry, countries and KAM in frame.

    The first group is the one that is a major customer only as a group: a mid-size holding,
    the third-largest buyer under it and the fourth-largest under that one (a chain of depth 2);
    their revenue is set later (MAJOR_GROUP_SHARES). The others are 2 to 4 buyers each, drawn
    from the larger half but the largest tenth, the largest member on top; the first of them
    has a prospect among its subsidiaries.
    No groups in a master of fewer than 20 buyers."""
    buyers = frame.index[~frame["is_prospect"]].to_numpy()
    ranked = buyers[np.argsort(-frame["weight"].to_numpy()[buyers], kind="stable")]
    if len(ranked) < 20:
        return []
    holding = int(ranked[8 + rng.integers(0, max(1, len(ranked) // 6))])
    first, second = int(ranked[2]), int(ranked[3])
    groups = [
        CustomerGroup(GROUP_STEMS[0], (holding, first, second), {first: holding, second: first})
    ]
    pool = np.array(
        [i for i in ranked[max(10, len(ranked) // 10) : len(ranked) // 2] if i != holding]
    )
    sizes = rng.integers(2, 5, size=4 if len(ranked) >= 60 else 2)
    chosen = rng.choice(pool, size=min(int(sizes.sum()), len(pool)), replace=False)
    prospects = frame.index[frame["is_prospect"]].to_numpy()
    prospect = [int(rng.choice(prospects))] if len(prospects) else []
    start = 0
    for position, group_size in enumerate(sizes, start=1):
        # The first group's last place goes to the prospect.
        buying = group_size - len(prospect) if position == 1 else group_size
        members = sorted(
            (int(i) for i in chosen[start : start + buying]),
            key=lambda i: -frame.at[i, "weight"],
        )
        start += buying
        if len(members) < (1 if position == 1 and prospect else 2):
            break
        if position == 1:
            members.extend(prospect)
        parents = {member: members[0] for member in members[1:]}
        if position == 2 and len(members) >= 3:
            parents[members[2]] = members[1]  # another chain of depth 2
        groups.append(CustomerGroup(GROUP_STEMS[position], tuple(members), parents))
    for group in groups:
        top = group.members[0]
        largest = max(group.members, key=lambda i: frame.at[i, "weight"])
        kam = frame.at[largest, "account_manager"]
        if pd.isna(kam):
            kam = ACCOUNT_MANAGERS[rng.integers(0, len(ACCOUNT_MANAGERS))]
        # One industry and one KAM for the group; each subsidiary in a country of its own.
        subsidiaries = list(group.members[1:])
        weights = np.array([c[2] for c in COUNTRIES])
        countries = rng.choice(
            len(COUNTRIES), size=len(subsidiaries), replace=False, p=weights / weights.sum()
        )
        for member, country in zip(subsidiaries, countries, strict=True):
            frame.at[member, "country"], frame.at[member, "currency"] = COUNTRIES[country][:2]
            frame.at[member, "parent_index"] = group.parents[member]
        frame.loc[list(group.members), "industry"] = frame.at[top, "industry"]
        frame.loc[list(group.members), "account_manager"] = kam
    return groups


@dataclass(frozen=True)
class Rhythms:
    """How each customer (by its row in the master) orders over the history, by day of it.

    A steady buyer orders on a cadence (weekly to every two months, larger accounts more often);
    a seasonal buyer orders in bursts (a few order days within two to three weeks) two or three
    times a year at the same time of year, with pauses of three to five months between them,
    and its revenue is stable or growing. On top of either, the intensity of its orders (a
    share of its full rate, at most 1) follows a mild trend; a fading account's declines steadily
    from fade_start until it dies out fade_days later; an account with a dip orders at a
    fraction of its rate for two to four months and then recovers."""

    is_steady: np.ndarray
    cadence: np.ndarray
    phase: np.ndarray
    burst_period: np.ndarray
    start_day: np.ndarray
    end_day: np.ndarray
    trend: np.ndarray  # log-change of the intensity per year
    fade_start: np.ndarray  # a day, or beyond the history
    fade_days: np.ndarray  # from its start to no orders at all
    dip_start: np.ndarray
    dip_end: np.ndarray
    dip_level: np.ndarray

    def intensity(self, customer: np.ndarray, day: np.ndarray, days: int) -> np.ndarray:
        """The share of its full order rate at which customer orders on day (0 to 1)."""
        trend = self.trend[customer]
        # Scaled to 1 at the trend's highest point in the history (its first or last day).
        level = np.exp(trend * (day - np.where(trend > 0, days - 1, 0)) / 365.0)
        # A fading account's orders decline steadily until none are left.
        since_fade = np.maximum(day - self.fade_start[customer], 0)
        level = level * np.maximum(0.0, 1.0 - since_fade / self.fade_days[customer])
        in_dip = (day >= self.dip_start[customer]) & (day < self.dip_end[customer])
        return np.where(in_dip, level * self.dip_level[customer], level)


def _rhythms(
    rng: np.random.Generator, customers: pd.DataFrame, days: int, always_active: np.ndarray
) -> Rhythms:
    """Each customer's Rhythms. Fading and dips are drawn among the mid-size and large buyers
    (the largest fifth by weight but the five largest, group members left out: their revenue is
    set later), a fade starting any time in the history (FADE_SHARE of them), a dip in DIP_SHARE
    of the others; a fifth of the other accounts start part-way through the history, and a tenth
    of the smaller ones stop buying at once in its second half."""
    n = len(customers)
    weight = customers["weight"].to_numpy()
    buyer = ~customers["is_prospect"].to_numpy()
    rank = np.full(n, n, dtype=np.int64)
    by_weight = np.flatnonzero(buyer)[np.argsort(-weight[buyer], kind="stable")]
    rank[by_weight] = np.arange(len(by_weight))
    large = rank < max(1, n // 5)

    is_steady = rng.random(n) >= SEASONAL_SHARE
    cadence = np.where(
        large,
        rng.choice([7, 14, 30], size=n, p=[0.4, 0.4, 0.2]),
        rng.choice([7, 14, 30, 60], size=n, p=[0.25, 0.35, 0.3, 0.1]),
    )
    burst_period = np.where(rng.random(n) < 0.5, 365.0 / 2, 365.0 / 3)
    phase = rng.integers(0, 365, size=n)
    # A seasonal buyer's revenue is stable or growing, a steady one's drifts a little.
    trend = np.where(is_steady, rng.normal(0.03, 0.06, n), rng.uniform(0.0, 0.4, n))

    candidate = (rank >= 5) & (rank < max(6, n // 5)) & ~always_active
    fading = candidate & (rng.random(n) < FADE_SHARE)
    fade_start = np.where(fading, rng.integers(0, max(1, days - 30), size=n), 10 * days)
    fade_days = rng.uniform(150.0, 300.0, n)
    dipping = candidate & ~fading & (rng.random(n) < DIP_SHARE)
    dip_start = np.where(dipping, rng.integers(0, max(1, days - 120), size=n), 10 * days)
    dip_end = dip_start + rng.integers(60, 121, size=n)
    dip_level = rng.uniform(0.2, 0.45, n)

    usual = ~always_active & ~fading & ~dipping
    start_day = np.where(usual & (rng.random(n) < 0.2), rng.integers(0, days, size=n), 0)
    # A large account seldom leaves at once (it fades); a smaller one may.
    end_day = np.where(
        usual & ~large & (rng.random(n) < 0.1), rng.integers(days // 2, days, size=n), days - 1
    )
    return Rhythms(
        is_steady=is_steady,
        cadence=cadence,
        phase=phase,
        burst_period=burst_period,
        start_day=start_day,
        end_day=end_day,
        trend=trend,
        fade_start=fade_start,
        fade_days=fade_days,
        dip_start=dip_start,
        dip_end=dip_end,
        dip_level=dip_level,
    )


def _orders(
    rng: np.random.Generator,
    size: SampleSize,
    customers: pd.DataFrame,
    rhythms: Rhythms,
    first_day: date,
) -> pd.DataFrame:
    """Orders: each customer's share of them by its weight, their days by the seasons and the
    working week, snapped to the customer's cadence or moved into its bursts, and kept at the
    customer's intensity on that day (about as many drawn again as the intensity left out, so
    that fading and dips do not thin the whole book)."""
    days = size.days
    calendar = pd.date_range(first_day, periods=days, freq="D")
    day_weight = MONTH_SEASONALITY[calendar.month - 1] * WEEKDAY_FACTOR[calendar.dayofweek]
    day_weight = day_weight / day_weight.sum()
    buyers = customers.index[~customers["is_prospect"]].to_numpy()
    buyer_weight = customers["weight"].to_numpy()[buyers] ** 0.8
    mean_lines_per_order = 3.0
    wanted = max(1, round(days * size.lines_per_day / mean_lines_per_order))
    customer_parts, day_parts = [], []
    draw = wanted
    for _ in range(2):  # the orders, then about as many again as their intensity left out
        customer, day = _draw_order_days(rng, rhythms, buyers, buyer_weight, day_weight, draw)
        active = (day >= rhythms.start_day[customer]) & (day <= rhythms.end_day[customer])
        keep = active & (rng.random(draw) < rhythms.intensity(customer, day, days))
        customer_parts.append(customer[keep])
        day_parts.append(day[keep])
        if not keep.any():
            break
        draw = round(draw * (active.sum() / keep.sum() - 1))
        if draw < 1:
            break
    orders = pd.DataFrame(
        {"customer_index": np.concatenate(customer_parts), "day": np.concatenate(day_parts)}
    )
    orders = orders.sort_values(["day", "customer_index"], kind="stable").reset_index(drop=True)
    orders["order_number"] = np.arange(1, len(orders) + 1)
    orders["line_count"] = 1 + rng.poisson(2.0, size=len(orders))
    return orders


def _draw_order_days(
    rng: np.random.Generator,
    rhythms: Rhythms,
    buyers: np.ndarray,
    buyer_weight: np.ndarray,
    day_weight: np.ndarray,
    count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """count orders' customers and days, before their intensity (a day outside the history,
    -1 or len(day_weight), is left out by the customer's start and end days)."""
    days = len(day_weight)
    customer = rng.choice(buyers, size=count, p=buyer_weight / buyer_weight.sum())
    # Each customer's orders are spread over the history by the seasons, one in each of as many
    # equal slices of it as it has orders (jittered strata): a regular buyer's quarters differ
    # by what it orders and by its rhythm, not by chance runs of orders.
    by_customer = np.lexsort((rng.random(count), customer))
    ordered = customer[by_customer]
    run_start = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    run_length = np.diff(np.r_[run_start, count])
    position = np.arange(count) - np.repeat(run_start, run_length)
    quantile = (position + rng.random(count)) / np.repeat(run_length, run_length)
    day = np.empty(count, dtype=np.int64)
    day[by_customer] = np.minimum(
        np.searchsorted(np.cumsum(day_weight), quantile, side="right"), days - 1
    )
    cadence, phase = rhythms.cadence[customer], rhythms.phase[customer]
    snapped = phase + np.round((day - phase) / cadence) * cadence
    # A seasonal buyer's order goes to its burst nearest the day drawn, a few days either side.
    period = rhythms.burst_period[customer]
    burst = phase + np.round((day - phase) / period) * period
    around_burst = np.round(burst + rng.normal(0, 5, size=count))
    day = np.where(rhythms.is_steady[customer], snapped, around_burst).astype(np.int64)
    return customer, np.clip(day, -1, days)


def _fx_rates(rng: np.random.Generator, first_day: date, days: int) -> pd.DataFrame:
    """A rate per currency and working day, from the working day on or before the first day of
    sales: a history starting on a weekend still has a rate for its first lines."""
    first_rate_day = first_day - timedelta(days=max(0, first_day.weekday() - 4))
    calendar = pd.date_range(first_rate_day, first_day + timedelta(days=days - 1), freq="D")
    working_days = calendar[calendar.dayofweek < 5]
    frames = []
    for currency, base in FX_BASE.items():
        walk = np.exp(np.cumsum(rng.normal(0, 0.004, size=len(working_days))))
        frames.append(
            pd.DataFrame(
                {
                    "rate_date": working_days.date,
                    "currency": currency,
                    "rate_to_reporting": (base * walk).round(6),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _product_catalogue(rng: np.random.Generator, products: int) -> pd.DataFrame:
    """The products, each in a category (as evenly as their number allows), named after what it
    is with its category's model code ("Hydraulic pump HX-240"), at a list price of its
    category's level. The lower the index, the more popular the product."""
    names = list(CATEGORIES)
    category = rng.permutation(np.arange(products) % len(names))
    list_price = rng.lognormal(mean=np.log(60.0), sigma=1.0, size=products)
    first_model = rng.integers(1, 9, size=len(names)) * 100
    product_name = []
    models_given = np.zeros(len(names), dtype=np.int64)
    noun_draw = rng.integers(0, 1_000, size=products)
    for index in range(products):
        code, nouns, _ = CATEGORIES[names[category[index]]]
        model = first_model[category[index]] + 20 * models_given[category[index]]
        models_given[category[index]] += 1
        product_name.append(f"{nouns[noun_draw[index] % len(nouns)]} {code}-{model}")
    level = np.array([CATEGORIES[names[c]][2] for c in category])
    return pd.DataFrame(
        {
            "product_index": np.arange(products),
            "product_id": [f"P{index + 1:05d}" for index in range(products)],
            "product_name": product_name,
            "category": [names[c] for c in category],
            "list_price": (list_price * level).round(2),
        }
    )


def _product_choice_cdf(catalogue: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per industry, the cumulative probabilities of its lines' products: FAVOURED_SHARE from
    its own categories, GENERAL_SHARE from the general ones, the rest from any, each by the
    products' popularity (a power law of their index)."""
    popularity = 1.0 / np.arange(1, len(catalogue) + 1) ** 0.9
    category = catalogue["category"].to_numpy()
    cdf = {}
    for industry in INDUSTRIES:
        mix = np.zeros(len(catalogue))
        for share, categories in (
            (FAVOURED_SHARE, INDUSTRY_CATEGORIES[industry]),
            (GENERAL_SHARE, GENERAL_CATEGORIES),
            (1.0 - FAVOURED_SHARE - GENERAL_SHARE, tuple(CATEGORIES)),
        ):
            weight = popularity * np.isin(category, categories)
            if weight.sum() > 0:  # a small catalogue may lack a category
                mix += share * weight / weight.sum()
        cdf[industry] = np.cumsum(mix / mix.sum())
    return cdf


@dataclass(frozen=True)
class Adoption:
    """Each customer's take-up of its industry's hallmark products (SIGNATURE_PRODUCTS of them):
    product[c, k] is the row of the k-th in the catalogue (-1: none), day[c, k] the day from
    which the customer buys it (beyond the history: not in it)."""

    product: np.ndarray
    day: np.ndarray


def _signature_adoption(
    rng: np.random.Generator, customers: pd.DataFrame, catalogue: pd.DataFrame, days: int
) -> Adoption:
    """Each industry's hallmark products: a few of its own categories' products, among the less
    popular two thirds of the catalogue (so that other industries hardly ever buy them), each
    the hallmark of one industry only. Some were launched before the history, the others
    part-way through it; most of the industry's large accounts (its largest fifth of buyers,
    SIGNATURE_LARGE_TAKE_UP) and a few of its others take each up, a few months after its
    launch on average (SIGNATURE_DELAY_DAYS), so that a large account still without one its
    peers buy is likely to start soon."""
    n = len(customers)
    category = catalogue["category"].to_numpy()
    less_popular = np.arange(len(catalogue)) >= len(catalogue) // 3
    taken = np.zeros(len(catalogue), dtype=bool)
    hallmarks = np.full((len(INDUSTRIES), SIGNATURE_PRODUCTS), -1, dtype=np.int64)
    for position, industry in enumerate(INDUSTRIES):
        pool = np.flatnonzero(
            less_popular & ~taken & np.isin(category, INDUSTRY_CATEGORIES[industry])
        )
        chosen = rng.choice(pool, size=min(SIGNATURE_PRODUCTS, len(pool)), replace=False)
        hallmarks[position, : len(chosen)] = chosen
        taken[chosen] = True
    launch = rng.integers(-SIGNATURE_DELAY_DAYS * 2, max(1, days - 180), size=hallmarks.shape)
    industry = np.array([INDUSTRIES.index(name) for name in customers["industry"]])
    weight = customers["weight"].to_numpy()
    buyer = ~customers["is_prospect"].to_numpy()
    rank = np.full(n, n, dtype=np.int64)
    by_weight = np.flatnonzero(buyer)[np.argsort(-weight[buyer], kind="stable")]
    rank[by_weight] = np.arange(len(by_weight))
    take_up = np.where(rank < max(1, n // 5), SIGNATURE_LARGE_TAKE_UP, 0.2)
    takes = rng.random((n, SIGNATURE_PRODUCTS)) < take_up[:, None]
    delay = rng.exponential(SIGNATURE_DELAY_DAYS, size=(n, SIGNATURE_PRODUCTS))
    product = hallmarks[industry]
    day = np.where(takes & (product >= 0), launch[industry] + delay, 10.0 * days + 1e9)
    return Adoption(product=product, day=np.floor(day).astype(np.int64))


def _sales_lines(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    catalogue: pd.DataFrame,
    adoption: Adoption,
) -> pd.DataFrame:
    # An order of a customer that has taken up a hallmark product holds it with
    # SIGNATURE_ORDER_SHARE chance, as its first lines (one more line when it had too few).
    order_customer = orders["customer_index"].to_numpy()
    signature = (adoption.day[order_customer] <= orders["day"].to_numpy()[:, None]) & (
        rng.random((len(orders), SIGNATURE_PRODUCTS)) < SIGNATURE_ORDER_SHARE
    )
    signature_lines = signature.sum(axis=1)
    line_count = np.maximum(orders["line_count"].to_numpy(), signature_lines)
    total = int(line_count.sum())
    order_row = np.repeat(np.arange(len(orders)), line_count)
    first_line_row = np.repeat(np.cumsum(line_count) - line_count, line_count)
    line_number = np.arange(total) - first_line_row + 1

    customer = orders["customer_index"].to_numpy()[order_row]
    # Each line's product by its customer's industry: one uniform draw per line, read through
    # the industry's cumulative probabilities.
    draw = rng.random(total)
    industry_code = np.array([INDUSTRIES.index(name) for name in customers["industry"]])
    industry = industry_code[customer]
    product = np.zeros(total, dtype=np.int64)
    for name, cdf in _product_choice_cdf(catalogue).items():
        of_industry = industry == INDUSTRIES.index(name)
        product[of_industry] = np.searchsorted(cdf, draw[of_industry], side="right")
    product = np.minimum(product, len(catalogue) - 1)
    first_line = np.cumsum(line_count) - line_count
    slot = np.cumsum(signature, axis=1) - 1  # the line (from 0) each hallmark product takes
    for k in range(SIGNATURE_PRODUCTS):
        holding = np.flatnonzero(signature[:, k])
        product[first_line[holding] + slot[holding, k]] = adoption.product[
            order_customer[holding], k
        ]
    list_price = catalogue["list_price"].to_numpy()

    weight = customers["weight"].to_numpy()[customer]
    # Larger customers buy more of a product, and everyone fewer of an expensive one.
    price_factor = np.sqrt(np.median(list_price) / list_price[product])
    quantity = np.maximum(
        1, np.round(rng.lognormal(np.log(3.0), 0.5, size=total) * weight**0.3 * price_factor)
    )
    is_return = rng.random(total) < 0.02
    quantity = np.where(is_return, -np.maximum(1, quantity // 2), quantity)
    # Larger customers negotiate larger discounts.
    big = weight > np.quantile(customers["weight"], 0.8)
    discount = np.where(
        big,
        rng.choice([0.0, 0.05, 0.10, 0.15, 0.20], size=total, p=[0.2, 0.2, 0.3, 0.2, 0.1]),
        rng.choice([0.0, 0.02, 0.05, 0.10], size=total, p=[0.6, 0.2, 0.15, 0.05]),
    )
    price_eur = list_price[product] * rng.uniform(0.95, 1.05, size=total)
    return pd.DataFrame(
        {
            "order_number": orders["order_number"].to_numpy()[order_row],
            "line_number": line_number,
            "day": orders["day"].to_numpy()[order_row],
            "customer_index": customer,
            "product_index": product,
            "quantity": quantity.astype(np.int64),
            "price_eur": price_eur,
            "discount": discount,
        }
    )


def _window_revenue(lines: pd.DataFrame, customers: int, first_window_day: int) -> np.ndarray:
    """Each customer's net revenue in EUR in the window (its lines from first_window_day on)."""
    in_window = lines["day"].to_numpy() >= first_window_day
    amount = (
        lines["quantity"].to_numpy()
        * lines["price_eur"].to_numpy()
        * (1 - lines["discount"].to_numpy())
    )
    return np.bincount(
        lines["customer_index"].to_numpy()[in_window],
        weights=amount[in_window],
        minlength=customers,
    )


def _factors_for_shares(revenue: np.ndarray, targets: dict[int, float]) -> dict[int, float]:
    """The factor each targeted customer's revenue is multiplied by so that it holds its target
    share of the window's positive revenue, the others' revenue unchanged."""
    positive = np.maximum(revenue, 0.0)
    others = positive.sum() - sum(positive[c] for c in targets)
    total = others / (1.0 - sum(targets.values()))
    return {c: share * total / positive[c] for c, share in targets.items() if positive[c] > 0}


def _shape_revenue(
    rng: np.random.Generator,
    lines: pd.DataFrame,
    groups: list[CustomerGroup],
    revenue: np.ndarray,
) -> None:
    """Scale the quantities of a few customers' lines so that the first group is a major
    customer only as a group (its two largest members at MAJOR_GROUP_SHARES of the window's
    revenue), every other group and every group member stays below 9% and no customer comes
    near a mono-client. Changes lines' quantities in place."""
    targets: dict[int, float] = {}
    if groups:
        for member, (low, high) in zip(groups[0].members[1:], MAJOR_GROUP_SHARES, strict=True):
            targets[member] = rng.uniform(low, high)
    factors = _factors_for_shares(revenue, targets)
    scaled = revenue * np.array([factors.get(c, 1.0) for c in range(len(revenue))])
    share = np.maximum(scaled, 0.0) / np.maximum(scaled, 0.0).sum()
    largest = int(np.argmax(np.where(np.isin(np.arange(len(share)), list(targets)), 0, share)))
    if share[largest] > MONO_GUARD_SHARES[0]:
        targets[largest] = MONO_GUARD_SHARES[1]
    for group in groups:
        members = [m for m in group.members if m not in targets]
        group_share = share[list(group.members)].sum()
        if group is not groups[0] and group_share >= 0.09:
            targets.update({m: share[m] * 0.05 / group_share for m in members})
        elif group is groups[0]:
            targets.update({m: 0.02 for m in members if share[m] >= 0.09})
    factors = _factors_for_shares(revenue, targets)
    customer = lines["customer_index"].to_numpy()
    quantity = lines["quantity"].to_numpy().copy()
    for c, factor in sorted(factors.items()):
        of_customer = customer == c
        q = quantity[of_customer]
        quantity[of_customer] = np.sign(q) * np.maximum(1, np.round(np.abs(q) * factor))
    lines["quantity"] = quantity


def _year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February), where the window starts."""
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _more_of(
    rng: np.random.Generator, candidates: np.ndarray, already: np.ndarray, wanted: int
) -> np.ndarray:
    """Customers drawn among the candidates so that, with those already so, there are wanted."""
    pool = np.flatnonzero(candidates)
    missing = max(0, wanted - int(already.sum()))
    return rng.choice(pool, size=min(missing, len(pool)), replace=False)


def _assessments(
    rng: np.random.Generator, customers: pd.DataFrame, revenue: np.ndarray, end_date: date
) -> pd.DataFrame:
    """The KAMs' judgements (account_assessments), by the account's KAM, of accounts that have
    one: most of the 30 largest of the window, half of the next 70, a few smaller ones and a few
    prospects (most of the large ones). How the customer rates us and how far the relationship has gone do
    not follow size: they are drawn independently of it, with at least two of the ten largest
    accounts rating us a weak supplier and three mid-size ones their preferred one. Each rates
    our_relative_position, nearly always relationship_stage, sometimes product_need and
    reputation, on one day within the last eleven months; a tenth of the accounts were last
    assessed more than a year ago (no longer in force), and a quarter of the others were
    assessed once before, four to eleven months earlier, with somewhat different ratings."""
    n = len(customers)
    buyer = revenue > 0
    order = np.argsort(-np.where(buyer, revenue, -np.inf), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    rank = np.where(buyer, rank, n)
    prospect = customers["is_prospect"].to_numpy()
    chance = np.select([rank < 30, rank < 100, prospect], [0.92, 0.5, 0.25], default=0.05)
    chance = np.where(customers["is_large_prospect"].to_numpy(), 0.9, chance)
    kam = customers["account_manager"].to_numpy()
    assessed = pd.notna(kam) & (rng.random(n) < chance)

    position = np.clip(np.round(rng.normal(5.5, 2.2, n)), 1, 10)
    stage = np.clip(np.round(0.6 * position + rng.normal(2.2, 1.6, n)), 1, 10)
    # We are not a supplier of a prospect yet: the relationship is only starting.
    position = np.where(prospect, np.clip(np.round(rng.normal(3.0, 1.2, n)), 1, 10), position)
    stage = np.where(prospect, rng.integers(1, 4, n), stage)
    need = np.clip(np.round(rng.normal(6.5, 1.8, n)), 1, 10)
    known_reputation = customers["reputation_score"].fillna(5.5).to_numpy()
    reputation = np.clip(np.round(known_reputation + rng.normal(0, 0.8, n)), 1, 10)
    # At least two of the ten largest accounts rate us a weak supplier and three mid-size ones
    # their preferred one: drawn among the others when the ratings drawn give too few.
    large, mid_size = assessed & (rank < 10), assessed & (rank >= 30) & (rank < 100)
    weak = _more_of(rng, large & (position > 3), large & (position <= 3), 2)
    position[weak], stage[weak] = rng.integers(2, 4, len(weak)), rng.integers(2, 5, len(weak))
    strong = _more_of(rng, mid_size & (position < 9), mid_size & (position >= 9), 3)
    position[strong] = rng.integers(9, 11, len(strong))
    stage[strong] = rng.integers(7, 10, len(strong))
    ratings = np.stack([position, stage, need, reputation], axis=1)

    stale = rng.random(n) < 0.1
    latest_age = np.where(stale, rng.integers(380, 600, n), rng.integers(0, 330, n))
    reassessed = ~stale & ~prospect & (rng.random(n) < 0.25)
    earlier_age = latest_age + rng.integers(120, 330, n)
    drift = rng.integers(-2, 3, size=(n, len(ASSESSMENT_FACTORS)))
    rates = rng.random((n, len(ASSESSMENT_FACTORS))) < np.array(list(ASSESSMENT_FACTORS.values()))
    frames = []
    for column, factor in enumerate(ASSESSMENT_FACTORS):
        rated = np.flatnonzero(assessed & rates[:, column])
        again = rated[reassessed[rated]]
        for who, rating, age in (
            (rated, ratings[rated, column], latest_age[rated]),
            (
                again,
                np.clip(ratings[again, column] - drift[again, column], 1, 10),
                earlier_age[again],
            ),
        ):
            frames.append(
                pd.DataFrame(
                    {
                        "customer_index": who,
                        "factor": factor,
                        "rating": rating.astype(np.int64),
                        "assessed_on": [end_date - timedelta(days=int(a)) for a in age],
                    }
                )
            )
    assessments = pd.concat(frames, ignore_index=True)
    assessments["customer_id"] = customers["customer_id"].to_numpy()[assessments["customer_index"]]
    assessments["assessor"] = kam[assessments["customer_index"]]
    return assessments.sort_values(["assessed_on", "customer_id", "factor"], kind="stable")[
        ["customer_id", "factor", "rating", "assessed_on", "assessor"]
    ].reset_index(drop=True)


def _copy_format(file_format: str) -> str:
    return "format csv, header true" if file_format == "csv" else "format parquet"


def _copy(conn: duckdb.DuckDBPyConnection, query: str, target: Path, file_format: str) -> None:
    conn.execute(f"copy ({query}) to '{target}' ({_copy_format(file_format)})")
    _announce(target)


def _announce(path: Path) -> None:
    """Mark a written file complete, as a sender does (README "Your own files"), so that a run
    takes it at once instead of waiting for it to settle."""
    path.with_name(path.name + MARKER_SUFFIX).touch()


def generate_sample(
    output_dir: Path,
    size: SampleSize = SampleSize(),
    seed: int = 42,
    end_date: date | None = None,
    file_format: str = "csv",
    progress=print,
) -> SampleSummary:
    """Write customers, sales lines (one file a day), service costs (one a month), FX rates,
    products and account assessments; no account overrides, which are a sales director's
    decisions, not a sample's."""
    end_date = end_date or date.today()
    first_day = end_date - timedelta(days=size.days - 1)
    rng = np.random.default_rng(seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    extension = "csv" if file_format == "csv" else "parquet"

    progress(f"Drawing {size.customers:,} customers and {size.days:,} days of orders (seed {seed})")
    customers, groups = _customer_master(rng, size)
    in_group = customers.index.isin([member for group in groups for member in group.members])
    rhythms = _rhythms(rng, customers, size.days, always_active=in_group)
    orders = _orders(rng, size, customers, rhythms, first_day)
    fx_rates = _fx_rates(rng, first_day, size.days)
    catalogue = _product_catalogue(rng, size.products)
    adoption = _signature_adoption(rng, customers, catalogue, size.days)
    lines = _sales_lines(rng, customers, orders, catalogue, adoption)
    first_window_day = max(0, (_year_before(end_date) - first_day).days + 1)
    _shape_revenue(rng, lines, groups, _window_revenue(lines, len(customers), first_window_day))
    buyers_annual = (
        lines.assign(amount=lines["quantity"] * lines["price_eur"] * (1 - lines["discount"]))
        .groupby("customer_index")["amount"]
        .sum()
        * 365.0
        / size.days
    )
    annual = customers["customer_index"].map(buyers_annual).fillna(0.0).to_numpy()
    uplift = rng.uniform(1.1, 3.0, size=len(customers))
    prospect_potential = rng.lognormal(np.log(max(annual.mean(), 1.0)), 1.2, size=len(customers))
    # A buyer whose returns outweigh its purchases still has a potential of 0, not below.
    potential = np.where(
        customers["is_prospect"], prospect_potential, np.maximum(annual, 0) * uplift
    )
    # A large prospect's potential is that of one of the ten largest buyers, give or take.
    large_prospects = np.flatnonzero(customers["is_large_prospect"])
    buyer_potential = np.sort(potential[~customers["is_prospect"].to_numpy()])[::-1]
    if len(buyer_potential) >= 2:
        like = rng.integers(0, min(10, len(buyer_potential)), size=len(large_prospects))
        potential[large_prospects] = buyer_potential[like] * rng.uniform(
            0.8, 1.2, len(large_prospects)
        )
    customers["estimated_annual_potential"] = np.where(
        (rng.random(len(customers)) < 0.1) & ~customers["is_prospect"], np.nan, potential.round(-2)
    )
    assessments = _assessments(
        rng,
        customers,
        _window_revenue(lines, len(customers), first_window_day),
        end_date,
    )

    # Tens of millions of lines would otherwise be sorted in memory; beyond the limit set below,
    # DuckDB spills to this folder.
    with tempfile.TemporaryDirectory(prefix="sample_spill_", dir=output_dir) as spill_dir:
        conn = duckdb.connect()
        # One thread keeps row order, and so the bytes of every file, the same from run to run.
        conn.execute("set threads = 1")
        conn.execute(
            f"set memory_limit = '4GB'; set temp_directory = '{spill_dir}'; "
            # The generator reports its own progress; DuckDB's bar would fill logs with redraws.
            "set enable_progress_bar = false"
        )
        conn.register("customer_frame", customers.drop(columns=["weight"]))
        conn.register("product_frame", catalogue.drop(columns=["list_price"]))
        conn.register("assessment_frame", assessments)
        conn.register("line_frame", lines)
        conn.register("fx_frame", fx_rates)
        conn.execute(
            f"create table calendar as select (date '{first_day}' + range::integer) as order_date, range as day from range({size.days})"
        )
        # Each day's rate of each currency: the as-of join matches the currency too, or a day
        # would get the rate of one currency only and the others' prices go unconverted.
        conn.execute(
            """
            create table fx_daily as
            select days.day, fx.currency, fx.rate_to_reporting
            from (
                select calendar.day, calendar.order_date, currencies.currency
                from calendar cross join (select distinct currency from fx_frame) as currencies
            ) as days
            asof join fx_frame as fx
                on days.currency = fx.currency and days.order_date >= fx.rate_date
            """
        )

        progress(
            f"Writing the customer master ({len(customers):,} customers, {int(customers['is_prospect'].sum()):,} prospects)"
        )
        _copy(
            conn,
            """
            select customer_id, customer_name, industry, country, account_manager,
                   is_industry_leader::boolean as is_industry_leader,
                   reputation_score, estimated_annual_potential::decimal(18, 2) as estimated_annual_potential,
                   parent_customer_id::varchar as parent_customer_id
            from customer_frame order by customer_id
            """,
            output_dir / f"customers_{end_date.isoformat()}.{extension}",
            file_format,
        )
        progress(
            f"Writing {len(catalogue):,} products, {len(groups):,} customer groups and "
            f"{len(assessments):,} assessments of {assessments['customer_id'].nunique():,} customers"
        )
        _copy(
            conn,
            "select product_id, product_name, category from product_frame order by product_id",
            output_dir / f"products_{end_date.isoformat()}.{extension}",
            file_format,
        )
        _copy(
            conn,
            "select customer_id, factor, rating::integer as rating, assessed_on::date as assessed_on, "
            "assessor from assessment_frame order by assessed_on, customer_id, factor",
            output_dir / f"account_assessments_{end_date.isoformat()}.{extension}",
            file_format,
        )
        _copy(
            conn,
            "select rate_date, currency, rate_to_reporting from fx_frame order by rate_date, currency",
            output_dir / f"fx_rates_{end_date.isoformat()}.{extension}",
            file_format,
        )

        conn.execute(
            """
            create table sales_lines as
            select
                'SO' || lpad(line_frame.order_number::varchar, 9, '0') as order_id,
                line_frame.line_number,
                calendar.order_date,
                customer_frame.customer_id,
                'P' || lpad((line_frame.product_index + 1)::varchar, 5, '0') as product_id,
                line_frame.quantity,
                round(line_frame.price_eur / coalesce(fx_daily.rate_to_reporting, 1), 2) as unit_price,
                line_frame.discount,
                customer_frame.currency
            from line_frame
            inner join calendar on line_frame.day = calendar.day
            inner join customer_frame on line_frame.customer_index = customer_frame.customer_index
            left join fx_daily on line_frame.day = fx_daily.day and customer_frame.currency = fx_daily.currency
            order by order_id, line_number
            """
        )
        days_with_lines = [
            row[0]
            for row in conn.execute(
                "select distinct order_date from sales_lines order by 1"
            ).fetchall()
        ]
        staging = Path(tempfile.mkdtemp(prefix="sample_", dir=output_dir))
        try:
            progress(f"Writing {len(lines):,} sales lines as {len(days_with_lines):,} daily files")
            conn.execute(
                f"copy (select *, order_date as file_date from sales_lines order by order_id, line_number) "
                f"to '{staging}' ({_copy_format(file_format)}, "
                "partition_by (file_date), write_partition_columns false)"
            )
            for day in days_with_lines:
                written = next((staging / f"file_date={day.isoformat()}").iterdir())
                target = output_dir / f"sales_lines_{day.isoformat()}.{extension}"
                written.rename(target)
                _announce(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

        progress("Writing monthly service costs")
        conn.execute(
            f"""
            create table service_costs as
            with monthly as (
                select
                    customer_id,
                    -- Costs are booked at month end, or today for the month in progress.
                    least(last_day(order_date), date '{end_date}') as cost_date,
                    count(distinct order_id) as orders,
                    count(*) filter (where quantity < 0) as return_lines,
                    count(*) as lines
                from sales_lines
                group by all
            ),
            with_kam as (
                select monthly.*, customer_frame.account_manager is not null as has_kam
                from monthly inner join customer_frame using (customer_id)
            )
            select customer_id, cost_date, 'delivery' as cost_type, round(orders * 18.5, 2) as amount from with_kam
            union all
            select customer_id, cost_date, 'support', round(35 + lines * 1.2, 2) from with_kam where lines > 20
            union all
            select customer_id, cost_date, 'returns', round(return_lines * 25.0, 2) from with_kam where return_lines > 0
            union all
            select customer_id, cost_date, 'visit', 150.0 from with_kam where has_kam and month(cost_date) % 3 = 0
            """
        )
        months = [
            row[0]
            for row in conn.execute(
                "select distinct strftime(cost_date, '%Y-%m') from service_costs order by 1"
            ).fetchall()
        ]
        for month in months:
            _copy(
                conn,
                f"select * from service_costs where strftime(cost_date, '%Y-%m') = '{month}' order by customer_id, cost_type",
                output_dir / f"service_costs_{month}.{extension}",
                file_format,
            )
        conn.close()
    return SampleSummary(
        customers=len(customers),
        prospects=int(customers["is_prospect"].sum()),
        sales_lines=len(lines),
        sales_line_files=len(days_with_lines),
        first_date=first_day,
        last_date=end_date,
        output_dir=output_dir,
        products=len(catalogue),
        groups=len(groups),
        assessed_customers=int(assessments["customer_id"].nunique()),
        assessments=len(assessments),
    )
