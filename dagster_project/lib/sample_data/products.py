"""The product catalogue and which products each industry's lines take: each industry buys
mostly from its own categories, a little from the general ones, and now and then anything."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.vocabulary import INDUSTRIES

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


def product_catalogue(rng: np.random.Generator, products: int) -> pd.DataFrame:
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


def product_choice_cdf(catalogue: pd.DataFrame) -> dict[str, np.ndarray]:
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
