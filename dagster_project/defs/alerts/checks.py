"""Warnings on the published figures: concentration risks and key accounts needing attention.

Non-blocking asset checks with severity WARN: a run that fires one still publishes; the UI
shows the warning with its figures. The logic is in dagster_project/lib/reporting/alerts/.
"""

from collections.abc import Callable

import dagster as dg
import duckdb

from dagster_project.defs.daily_run.partitions import run_as_of_date
from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.configuration.settings import PipelinePaths
from dagster_project.lib.reporting import alerts


def _alert_check(
    asset: str, name: str, description: str, evaluate: Callable
) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["published", asset]), name=name, description=description, blocking=False
    )
    def _check(
        context: dg.AssetCheckExecutionContext, paths: dg.ResourceParam[PipelinePaths]
    ) -> dg.AssetCheckResult:
        config = load_scoring_config(paths.config_file)
        with duckdb.connect(str(paths.published), read_only=True) as conn:
            as_of = run_as_of_date(context, conn)
            alert = evaluate(conn, as_of, config)
        return dg.AssetCheckResult(
            passed=not alert.fired,
            severity=dg.AssetCheckSeverity.WARN,
            description=alert.description,
            metadata={"as_of_date": as_of.isoformat(), **alert.metadata},
        )

    return _check


alert_checks = [
    _alert_check(
        "revenue_concentration",
        "no_mono_client",
        "Warns when one customer, or one group of customers under common control, holds more "
        "than mono_client_share (50%) of the window's revenue.",
        alerts.mono_client,
    ),
    _alert_check(
        "customer_revenue_shares",
        "no_major_customer",
        "Warns when customers, or groups of customers under common control (one customer under "
        "IFRS 8.34 / ASC 280-10-50-42), reach major_customer_share (10%) of revenue.",
        alerts.major_customers,
    ),
    _alert_check(
        "revenue_concentration",
        "concentration_within_limits",
        "Warns when the top-5 share or the HHI is above its configured limit.",
        alerts.concentration_limits,
    ),
    _alert_check(
        "revenue_concentration",
        "concentration_not_rising",
        "Warns when the HHI rose by more than hhi_rise_warning (50%) of its value 12 months "
        "earlier, or the largest customer's share by more than top1_rise_warning (5 points). "
        "12 months earlier is the scored date exactly 12 months before, else the last month end "
        "on or before it in revenue_concentration_monthly; the result names the date and table "
        "compared with. Passes when there is no full window of history 12 months back.",
        alerts.concentration_trend,
    ),
    _alert_check(
        "customer_scores",
        "key_accounts_have_a_kam",
        "Warns about key accounts without a Key Account Manager.",
        alerts.key_accounts_without_kam,
    ),
    _alert_check(
        "kam_portfolio",
        "no_kam_holds_too_much_revenue",
        "Warns when one Key Account Manager's accounts hold more than kam_max_share (30%) of the "
        "window's net revenue (kam_portfolio.revenue_share), naming each with their share and "
        "number of accounts. The customers without a KAM are not a KAM.",
        alerts.kam_revenue_share,
    ),
    _alert_check(
        "customer_scores",
        "no_key_account_dropped_a_tier",
        "Warns about key accounts of the previous scored date that are no longer key.",
        alerts.key_account_tier_drops,
    ),
]
