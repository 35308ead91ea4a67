{#-
    The key_prospect outcome of every prospect (tier key_prospect or prospect) on every scored
    date, for the signal backtest (docs/method.md "Signals"): whether the signal fired on it
    (its tier is key_prospect; the other prospects are the baseline), and whether it orders
    within `signal_backtest.key_prospect_horizon_days`. The outcome is known once
    horizon_end_date is on or before the latest scored date; signal_backtest keeps only those
    rows.
-#}
{%- set backtest = pipeline_var('signal_backtest') or {} -%}
{%- set key_prospect_days = backtest.get('key_prospect_horizon_days') or 180 -%}

with

tiers as (

    select * from {{ ref('int_customer_tiers_assigned') }}

),

sales_by_day as (

    select * from {{ ref('int_customer_sales_by_day') }}

),

prospects as (

    select * from tiers
    where tier in ('key_prospect', 'prospect')

),

final as (

    select
        prospects.as_of_date,
        prospects.customer_id,
        {{ days_after('prospects.as_of_date', key_prospect_days) }} as horizon_end_date,
        max(prospects.tier) = 'key_prospect' as is_fired,
        count(sales_by_day.order_date) > 0 as has_outcome

    from prospects
    left join sales_by_day
        on
            prospects.customer_id = sales_by_day.customer_id
            and sales_by_day.is_order_day
            and {{ in_days_after(
                'sales_by_day.order_date', 'prospects.as_of_date', key_prospect_days
            ) }}
    group by prospects.as_of_date, prospects.customer_id

)

select * from final
