{#-
    Every product a watched account is missing against its peers on each as-of date of the run
    (docs/method.md "Signals"): bought in the window by at least
    `actions.cross_sell_min_peer_share` of the other first-tier accounts of its industry (at
    least `actions.cross_sell_min_peers` of them) and by at least `actions.cross_sell_min_lift`
    times the share of all scored customers that bought it, and not by this account: a product
    its peers buy much more than everyone, not one everybody buys. Ranked by the peers' median
    annual spend on it (the buyers' window revenue from it, annualised), then product_id.
-#}
{%- set actions = pipeline_var('actions') or {} -%}
{%- set window_months = pipeline_var('window_months') or 1 -%}

with

watched_accounts as (

    select * from {{ ref('int_kam_watched_accounts') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

products_in_window as (

    select * from {{ ref('int_customer_products_in_window') }}

),

product_buyers as (

    select * from {{ ref('int_product_buyers_in_window') }}

),

products as (

    select * from {{ ref('stg_raw__products') }}

),

first_tier_purchases as (

    select
        watched_accounts.as_of_date,
        watched_accounts.industry,
        products_in_window.customer_id,
        products_in_window.product_id,
        products_in_window.window_net_amount * 12.0 / {{ window_months }} as annual_spend

    from watched_accounts
    inner join products_in_window
        on
            watched_accounts.as_of_date = products_in_window.as_of_date
            and watched_accounts.customer_id = products_in_window.customer_id
    where watched_accounts.is_first_tier and watched_accounts.industry is not null

),

industry_first_tiers as (

    select
        as_of_date,
        industry,
        cast(count(*) as bigint) as first_tier_count

    from watched_accounts
    where is_first_tier and industry is not null
    group by as_of_date, industry

),

industry_products as (

    select
        as_of_date,
        industry,
        product_id,
        cast(count(*) as bigint) as first_tier_buyer_count,
        cast({{ median('annual_spend') }} as double) as median_annual_spend

    from first_tier_purchases
    group by as_of_date, industry, product_id

),

-- The account did not buy the product, so every first-tier buyer of it is one of its peers.
missing_products as (

    select
        watched_accounts.as_of_date,
        watched_accounts.customer_id,
        watched_accounts.industry,
        industry_products.product_id,
        industry_first_tiers.first_tier_count
        - case when watched_accounts.is_first_tier then 1 else 0 end as peer_account_count,
        industry_products.first_tier_buyer_count as peer_buyer_count,
        industry_products.median_annual_spend as peer_median_annual_spend,
        product_buyers.buyer_count,
        product_buyers.scored_customer_count

    from watched_accounts
    inner join industry_first_tiers
        on
            watched_accounts.as_of_date = industry_first_tiers.as_of_date
            and watched_accounts.industry = industry_first_tiers.industry
    inner join industry_products
        on
            watched_accounts.as_of_date = industry_products.as_of_date
            and watched_accounts.industry = industry_products.industry
    inner join product_buyers
        on
            industry_products.as_of_date = product_buyers.as_of_date
            and industry_products.product_id = product_buyers.product_id
    left join products_in_window as own_products
        on
            watched_accounts.as_of_date = own_products.as_of_date
            and watched_accounts.customer_id = own_products.customer_id
            and industry_products.product_id = own_products.product_id
    where own_products.product_id is null

),

-- Shares compared as products of counts, exactly: peer buyers / peers >= share, and
-- (peer buyers / peers) >= lift x (buyers / scored customers).
qualifying_products as (

    select *
    from missing_products
    where
        peer_account_count >= {{ actions.get('cross_sell_min_peers') }}
        and peer_buyer_count >= {{ actions.get('cross_sell_min_peer_share') }} * peer_account_count
        and peer_buyer_count * scored_customer_count
        >= {{ actions.get('cross_sell_min_lift') }} * buyer_count * peer_account_count

),

final as (

    select
        qualifying_products.as_of_date,
        qualifying_products.customer_id,
        qualifying_products.product_id,
        qualifying_products.industry,
        qualifying_products.peer_account_count,
        qualifying_products.peer_buyer_count,
        qualifying_products.peer_median_annual_spend,
        cast(qualifying_products.peer_buyer_count as double)
        / qualifying_products.peer_account_count as peer_buyer_share,
        cast(qualifying_products.buyer_count as double)
        / qualifying_products.scored_customer_count as buyer_share,
        -- A product is named by its name when the products master has it, its id always.
        case
            when products.product_name is not null
                then products.product_name || ' (' || qualifying_products.product_id || ')'
            else qualifying_products.product_id
        end as product_label,
        cast(row_number() over (
            partition by qualifying_products.as_of_date, qualifying_products.customer_id
            order by
                qualifying_products.peer_median_annual_spend desc,
                qualifying_products.product_id asc
        ) as bigint) as product_rank,
        cast(count(*) over (
            partition by qualifying_products.as_of_date, qualifying_products.customer_id
        ) as bigint) as missing_product_count

    from qualifying_products
    left join products
        on qualifying_products.product_id = products.product_id

)

select * from final
