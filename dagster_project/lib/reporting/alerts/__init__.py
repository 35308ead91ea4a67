"""Warnings about the published figures of one as-of date: mono-client risk, major customers,
the concentration limits and trend, key accounts and their managers (docs/method.md,
"Concentration").

Each function reads the published file, as BI users see it, and returns an Alert: whether it
fires, a one-line description and the figures behind it. The Dagster asset checks in
defs/alerts report them as warnings; they never block a run.
"""

from dagster_project.lib.reporting.alerts.alert import Alert
from dagster_project.lib.reporting.alerts.concentration import (
    concentration_limits,
    concentration_trend,
)
from dagster_project.lib.reporting.alerts.customers import major_customers, mono_client
from dagster_project.lib.reporting.alerts.key_accounts import (
    kam_revenue_share,
    key_account_tier_drops,
    key_accounts_without_kam,
)

__all__ = [
    "Alert",
    "concentration_limits",
    "concentration_trend",
    "kam_revenue_share",
    "key_account_tier_drops",
    "key_accounts_without_kam",
    "major_customers",
    "mono_client",
]
