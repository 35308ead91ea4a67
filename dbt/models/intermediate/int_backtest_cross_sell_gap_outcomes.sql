{#-
    The cross_sell_gap outcome of every watched account given suggestions on every scored date,
    for the signal backtest (docs/method.md "Signals"): whether the signal fired on it (its
    products are the ones the signal lists) or it got the naive suggestion of
    int_kam_product_suggestions (the products most bought by the first tier, not bought by the
    account), and whether it bought one of its suggested products within
    `signal_backtest.cross_sell_horizon_days`. The outcome is known once horizon_end_date is on
    or before the latest scored date; signal_backtest keeps only those rows.
-#}
{%- set backtest = pipeline_var('signal_backtest') or {} -%}
{%- set cross_sell_days = backtest.get('cross_sell_horizon_days') or 180 -%}

with

product_suggestions as (

    select * from {{ ref('int_kam_product_suggestions') }}

),

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

final as (

    select
        product_suggestions.as_of_date,
        product_suggestions.customer_id,
        {{ days_after('product_suggestions.as_of_date', cross_sell_days) }} as horizon_end_date,
        max(product_suggestions.suggestion) = 'cross_sell_gap' as is_fired,
        count(sales_lines.product_id) > 0 as has_outcome

    from product_suggestions
    left join sales_lines
        on
            product_suggestions.customer_id = sales_lines.customer_id
            and product_suggestions.product_id = sales_lines.product_id
            and sales_lines.quantity > 0
            and {{ in_days_after(
                'sales_lines.order_date', 'product_suggestions.as_of_date', cross_sell_days
            ) }}
    group by product_suggestions.as_of_date, product_suggestions.customer_id

)

select * from final
