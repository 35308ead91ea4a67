"""The whole book drawn in memory, in the order the seeded generator draws it: any change of
that order changes every file after it, so it lives in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.assessments import assessments
from dagster_project.lib.sample_data.customers import customer_master
from dagster_project.lib.sample_data.fx_rates import fx_rates
from dagster_project.lib.sample_data.groups import CustomerGroup, in_a_group
from dagster_project.lib.sample_data.orders import draw_orders
from dagster_project.lib.sample_data.products import product_catalogue
from dagster_project.lib.sample_data.revenue import (
    set_annual_potential,
    shape_revenue,
    window_revenue,
    year_before,
)
from dagster_project.lib.sample_data.rhythms import draw_rhythms
from dagster_project.lib.sample_data.sales_lines import sales_lines
from dagster_project.lib.sample_data.signature_products import signature_adoption
from dagster_project.lib.sample_data.size import SampleSize


@dataclass(frozen=True)
class DrawnBook:
    """The frames the landing files are written from; they are joined when written (a line's
    customer, its day's rate), so all of them are drawn first."""

    customers: pd.DataFrame
    groups: list[CustomerGroup]
    catalogue: pd.DataFrame
    lines: pd.DataFrame
    fx_rates: pd.DataFrame
    assessments: pd.DataFrame


def draw_book(
    rng: np.random.Generator, size: SampleSize, first_day: date, end_date: date
) -> DrawnBook:
    """Draw the book of size whose history runs from first_day to end_date."""
    customers, groups = customer_master(rng, size)
    rhythms = draw_rhythms(rng, customers, size.days, always_active=in_a_group(customers, groups))
    orders = draw_orders(rng, size, customers, rhythms, first_day)
    rates = fx_rates(rng, first_day, size.days)
    catalogue = product_catalogue(rng, size.products)
    adoption = signature_adoption(rng, customers, catalogue, size.days)
    lines = sales_lines(rng, customers, orders, catalogue, adoption)
    first_window_day = max(0, (year_before(end_date) - first_day).days + 1)
    shape_revenue(rng, lines, groups, window_revenue(lines, len(customers), first_window_day))
    set_annual_potential(rng, customers, lines, size.days)
    # The window's revenue again, now that it is shaped: the KAMs assess the largest of it.
    shaped_revenue = window_revenue(lines, len(customers), first_window_day)
    return DrawnBook(
        customers=customers,
        groups=groups,
        catalogue=catalogue,
        lines=lines,
        fx_rates=rates,
        assessments=assessments(rng, customers, shaped_revenue, end_date),
    )
