{#-
    The at_risk outcome of every watched account on every scored date, for the signal backtest
    (docs/method.md "Signals"): whether the signal fired on it, and whether its revenue in the
    `signal_backtest.at_risk_horizon_days` after the date is below `at_risk_outcome_share` of
    the same days before it, or it has none in either (an account silent before and after is
    lost, not steady). The outcome is known once horizon_end_date is on or before the latest
    scored date; signal_backtest keeps only those rows.
-#}
{%- set backtest = pipeline_var('signal_backtest') or {} -%}
{%- set at_risk_days = backtest.get('at_risk_horizon_days') or 90 -%}

with

signals as (

    select * from {{ ref('int_kam_signals') }}
    where signal = 'at_risk'

),

watched_accounts as (

    select * from {{ ref('int_kam_watched_accounts') }}

),

sales_by_day as (

    select * from {{ ref('int_customer_sales_by_day') }}

),

revenue as (

    select
        watched_accounts.as_of_date,
        watched_accounts.customer_id,
        sum(
            case
                when sales_by_day.order_date <= watched_accounts.as_of_date
                    then sales_by_day.net_amount
                else 0
            end
        ) as revenue_before,
        sum(
            case
                when sales_by_day.order_date > watched_accounts.as_of_date
                    then sales_by_day.net_amount
                else 0
            end
        ) as revenue_after

    from watched_accounts
    left join sales_by_day
        on
            watched_accounts.customer_id = sales_by_day.customer_id
            and sales_by_day.order_date
            > {{ days_before('watched_accounts.as_of_date', at_risk_days) }}
            and sales_by_day.order_date
            <= {{ days_after('watched_accounts.as_of_date', at_risk_days) }}
    group by watched_accounts.as_of_date, watched_accounts.customer_id

),

final as (

    select
        revenue.as_of_date,
        revenue.customer_id,
        {{ days_after('revenue.as_of_date', at_risk_days) }} as horizon_end_date,
        coalesce(revenue.revenue_before, 0) as revenue_before,
        coalesce(revenue.revenue_after, 0) as revenue_after,
        signals.customer_id is not null as is_fired,
        (
            coalesce(revenue.revenue_after, 0)
            < {{ backtest.get('at_risk_outcome_share') }}
            * coalesce(revenue.revenue_before, 0)
            or (
                coalesce(revenue.revenue_before, 0) <= 0
                and coalesce(revenue.revenue_after, 0) <= 0
            )
        ) as has_outcome

    from revenue
    left join signals
        on
            revenue.as_of_date = signals.as_of_date
            and revenue.customer_id = signals.customer_id

)

select * from final
