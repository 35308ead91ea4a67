"""The lines of the orders: products by the customer's industry and hallmark take-up,
quantities and discounts by its size, a few returns, prices around the list price."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.customers import industry_codes
from dagster_project.lib.sample_data.products import product_choice_cdf
from dagster_project.lib.sample_data.signature_products import (
    SIGNATURE_ORDER_SHARE,
    SIGNATURE_PRODUCTS,
    Adoption,
)
from dagster_project.lib.sample_data.vocabulary import INDUSTRIES


def sales_lines(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    catalogue: pd.DataFrame,
    adoption: Adoption,
) -> pd.DataFrame:
    """Every order's lines, with prices in EUR: the currency of a line is its customer's, and
    its price is converted only when the files are written, at that day's rate."""
    # An order of a customer that has taken up a hallmark product holds it with
    # SIGNATURE_ORDER_SHARE chance, as its first lines (one more line when it had too few).
    order_customer = orders["customer_index"].to_numpy()
    signature = (adoption.day[order_customer] <= orders["day"].to_numpy()[:, None]) & (
        rng.random((len(orders), SIGNATURE_PRODUCTS)) < SIGNATURE_ORDER_SHARE
    )
    line_count = np.maximum(orders["line_count"].to_numpy(), signature.sum(axis=1))
    order_row = np.repeat(np.arange(len(orders)), line_count)
    first_line = np.cumsum(line_count) - line_count
    line_number = np.arange(int(line_count.sum())) - first_line[order_row] + 1
    customer = order_customer[order_row]
    product = _line_products(rng, customers, catalogue, customer)
    slot = np.cumsum(signature, axis=1) - 1  # the line (from 0) each hallmark product takes
    for k in range(SIGNATURE_PRODUCTS):
        holding = np.flatnonzero(signature[:, k])
        product[first_line[holding] + slot[holding, k]] = adoption.product[
            order_customer[holding], k
        ]
    quantity, discount, price_eur = _line_amounts(rng, customers, catalogue, customer, product)
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


def _line_products(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    catalogue: pd.DataFrame,
    customer: np.ndarray,
) -> np.ndarray:
    """Each line's product (its catalogue row) by its customer's industry: one uniform draw per
    line, read through the industry's cumulative probabilities."""
    draw = rng.random(len(customer))
    industry = industry_codes(customers)[customer]
    product = np.zeros(len(customer), dtype=np.int64)
    for name, cdf in product_choice_cdf(catalogue).items():
        of_industry = industry == INDUSTRIES.index(name)
        product[of_industry] = np.searchsorted(cdf, draw[of_industry], side="right")
    return np.minimum(product, len(catalogue) - 1)


def _line_amounts(
    rng: np.random.Generator,
    customers: pd.DataFrame,
    catalogue: pd.DataFrame,
    customer: np.ndarray,
    product: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each line's quantity (negative for a return), discount and price in EUR."""
    total = len(customer)
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
    return quantity, discount, price_eur
