"""What the dashboard reads from the published file, and how it shows figures.

Every query opens the file read-only and closes it again, so the pipeline can publish while the
dashboard is open and the next page view reads the new version (README, "Reading the published
file from a BI tool").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from dagster_project.lib.configuration.settings import PipelinePaths

WEIGHT_PREFIX = "weight_"


def query(sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    with duckdb.connect(str(PipelinePaths.from_env().published), read_only=True) as conn:
        return conn.execute(sql, list(params)).df()


@dataclass(frozen=True)
class Publication:
    """publication_info, read once per page view."""

    facts: dict[str, str]
    as_of_dates: list[date]  # the scored dates, newest first

    @property
    def currency(self) -> str:
        return self.facts["reporting_currency"]

    @property
    def weights(self) -> dict[str, float]:
        """Each criterion's weight in the configuration that published the file, in its order."""
        return {
            key.removeprefix(WEIGHT_PREFIX): float(value)
            for key, value in self.facts.items()
            if key.startswith(WEIGHT_PREFIX)
        }

    @property
    def first_tier(self) -> str:
        return self.facts["first_tier"]

    def number(self, key: str) -> float | None:
        return float(self.facts[key]) if self.facts.get(key) else None


def publication() -> Publication:
    facts = query("select key, value from publication_info")
    days = query("select distinct as_of_date from customer_scores order by 1 desc")
    return Publication(
        dict(zip(facts["key"], facts["value"], strict=True)),
        [day.date() for day in pd.to_datetime(days["as_of_date"])],
    )


def percent(share: float | None) -> str:
    return "–" if share is None or pd.isna(share) else f"{share:.1%}"


def money(amount: float | None, currency: str) -> str:
    return "–" if amount is None or pd.isna(amount) else f"{amount:,.0f} {currency}"


def score(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.2f}"


def label(name: str) -> str:
    """A column or criterion name as a heading: current_revenue → Current revenue."""
    return name.replace("_", " ").capitalize()


def for_reading(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as a table shows it: days without a time, headings for names, a dash for none."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    return shown.fillna("–").rename(columns=label)


def markdown_table(frame: pd.DataFrame) -> str:
    """A frame as a markdown table: its cells are text a reader (and a test) finds on the page,
    and links work, unlike in st.dataframe's canvas."""
    cells = frame.astype(str).map(lambda text: text.replace("|", "\\|"))
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells.itertuples(index=False)]
    return "\n".join(lines)
