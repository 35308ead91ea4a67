{#-
    The cross_sell_gap signal on every as-of date of the run (docs/method.md "Signals"): a
    watched account missing products its first-tier peers buy (int_kam_cross_sell_products),
    the top `actions.cross_sell_max_products` named with the peers' median annual spend, and
    all of them counted.
-#}
{%- set actions = pipeline_var('actions') or {} -%}
{%- set max_products = actions.get('cross_sell_max_products') or 1 -%}
{%- set window_months = pipeline_var('window_months') -%}

with

cross_sell_products as (

    select * from {{ ref('int_kam_cross_sell_products') }}

),

listed_products as (

    select
        *,
        product_label || ' ' || printf(
            '%,d', cast(round(peer_median_annual_spend, 0) as bigint)
        ) as listed_product

    from cross_sell_products
    where product_rank <= {{ max_products }}

),

-- The products by rank, listed without an ordered aggregate (Spark's has no order).
lists as (

    select
        as_of_date,
        customer_id,
        max(industry) as industry,
        max(peer_account_count) as peer_account_count,
        max(missing_product_count) as missing_product_count,
        concat_ws(
            ', ',
            {%- for rank in range(1, max_products + 1) %}
                max(
                    case when product_rank = {{ rank }} then listed_product end
                ){{ ',' if not loop.last }}
            {%- endfor %}
        ) as cross_sell_products

    from listed_products
    group by as_of_date, customer_id

),

final as (

    select
        as_of_date,
        customer_id,
        cross_sell_products,
        missing_product_count as cross_sell_product_count,
        peer_account_count,
        printf(
            '%d %s bought in the last {{ window_months }} months by at least'
            || ' {{ "%g" | format(actions.get("cross_sell_min_peer_share", 0) * 100) }}%% of the'
            || ' %d other first-tier accounts in %s, and by at least'
            || ' {{ "%g" | format(actions.get("cross_sell_min_lift", 0)) }} times the share of'
            || ' all customers, but not by this one; by the peers'' median annual spend: %s%s',
            missing_product_count,
            case when missing_product_count = 1 then 'product' else 'products' end,
            peer_account_count,
            industry,
            cross_sell_products,
            case
                when missing_product_count > {{ max_products }}
                    then printf(' and %d more', missing_product_count - {{ max_products }})
                else ''
            end
        ) as reason

    from lists

)

select * from final
