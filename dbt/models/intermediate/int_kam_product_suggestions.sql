{#-
    The products suggested to each watched account on every scored as-of date, kept for the
    signal backtest: the products its cross_sell_gap signal lists (`suggestion` =
    'cross_sell_gap'), and for a watched account without the signal the naive suggestion it is
    compared with (`suggestion` = 'most_bought'): the `actions.cross_sell_max_products`
    products bought by the most first-tier accounts on that date, of any industry, that it did
    not buy in the window.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}
{%- set max_products = (pipeline_var('actions') or {}).get('cross_sell_max_products') -%}

with

watched_accounts as (

    select * from {{ ref('int_kam_watched_accounts') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

cross_sell_products as (

    select * from {{ ref('int_kam_cross_sell_products') }}

),

products_in_window as (

    select * from {{ ref('int_customer_products_in_window') }}

),

first_tier_buyers as (

    select
        watched_accounts.as_of_date,
        products_in_window.product_id,
        count(*) as first_tier_buyer_count

    from watched_accounts
    inner join products_in_window
        on
            watched_accounts.as_of_date = products_in_window.as_of_date
            and watched_accounts.customer_id = products_in_window.customer_id
    where watched_accounts.is_first_tier
    group by watched_accounts.as_of_date, products_in_window.product_id

),

accounts_with_gaps as (

    select distinct
        as_of_date,
        customer_id

    from cross_sell_products

),

accounts_without_gaps as (

    select watched_accounts.*
    from watched_accounts
    left join accounts_with_gaps as with_gaps
        on
            watched_accounts.as_of_date = with_gaps.as_of_date
            and watched_accounts.customer_id = with_gaps.customer_id
    where with_gaps.customer_id is null

),

most_bought as (

    select
        accounts_without_gaps.as_of_date,
        accounts_without_gaps.customer_id,
        first_tier_buyers.product_id,
        row_number() over (
            partition by accounts_without_gaps.as_of_date, accounts_without_gaps.customer_id
            order by
                first_tier_buyers.first_tier_buyer_count desc,
                first_tier_buyers.product_id asc
        ) as suggestion_rank

    from accounts_without_gaps
    inner join first_tier_buyers
        on accounts_without_gaps.as_of_date = first_tier_buyers.as_of_date
    left join products_in_window as own_products
        on
            accounts_without_gaps.as_of_date = own_products.as_of_date
            and accounts_without_gaps.customer_id = own_products.customer_id
            and first_tier_buyers.product_id = own_products.product_id
    where own_products.product_id is null

),

final as (

    select
        as_of_date,
        customer_id,
        product_id,
        'cross_sell_gap' as suggestion,
        product_rank as suggestion_rank

    from cross_sell_products
    where product_rank <= {{ max_products }}

    union all

    select
        as_of_date,
        customer_id,
        product_id,
        'most_bought' as suggestion,
        cast(suggestion_rank as bigint) as suggestion_rank

    from most_bought
    where suggestion_rank <= {{ max_products }}

)

select * from final
