{#-
    One row per as-of date, customer and signal for its Key Account Manager, for every as-of
    date of the run: a key account at
    risk, eligible for the loyalty programme, with cross-sell gaps or without a KAM, and a key
    prospect to approach. Each row carries a one-line reason with its numbers and the numbers
    themselves; the thresholds are the `actions` of the scoring configuration. Published for BI.
-#}
{{ config(**replace_by_key('as_of_date')) }}
{#- Defaults only for parsing: a run without the vars stops in pipeline_var. -#}
{%- set actions = pipeline_var('actions') or {} -%}
{%- set recent_days = actions.get('recent_days', 90) -%}
{%- set revenue_drop = actions.get('revenue_drop', 0.3) -%}
{%- set silence_factor = actions.get('silence_factor', 2.0) -%}
{%- set loyalty_min_months = actions.get('loyalty_min_months', 12) -%}
{%- set cross_sell_min_peer_share = actions.get('cross_sell_min_peer_share', 0.5) -%}
{%- set cross_sell_min_peers = actions.get('cross_sell_min_peers', 3) -%}
{%- set key_tier = key_tier_name() -%}
{%- set window_months = pipeline_var('window_months') or 0 -%}
{%- set scale = pipeline_var('scale') -%}
{#- The reason names the first products missing; missing_product_count counts them all. -#}
{%- set listed_products = 10 -%}

{#-
    Numbers in the reasons: amounts as printf('%,d') of the whole amount (comma thousands on
    DuckDB and on Spark alike, whatever the locale), one decimal as tenths rounded half up in
    floating point, the same operations on every engine, so the text is identical on both.
-#}

with

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

weighted_scores as (

    select
        scores.*,
        tiers.tier

    from {{ ref('int_customer_scores_weighted') }} as scores
    inner join {{ ref('int_customer_tiers_assigned') }} as tiers
        on
            scores.as_of_date = tiers.as_of_date
            and scores.customer_id = tiers.customer_id

),

orders_summarized as (

    select * from {{ ref('int_customer_orders_summarized') }}

),

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

tier_history as (

    select * from {{ ref('tier_history') }}

),

key_accounts as (

    select *
    from weighted_scores
    where tier = '{{ key_tier }}'

),

-- At risk: recent revenue more than revenue_drop below the same days a year earlier, or no
-- order for more than silence_factor times the usual interval between order days.
at_risk_checks as (

    select
        key_accounts.as_of_date,
        key_accounts.customer_id,
        orders_summarized.recent_revenue,
        orders_summarized.prior_year_recent_revenue,
        orders_summarized.revenue_change_share,
        orders_summarized.last_order_date,
        orders_summarized.days_since_last_order,
        orders_summarized.usual_order_interval_days,
        -- In decimals, so revenue of exactly (1 - revenue_drop) times a year earlier's is no drop.
        coalesce(
            orders_summarized.prior_year_recent_revenue > 0
            and orders_summarized.recent_revenue
            < (1 - {{ revenue_drop }}) * orders_summarized.prior_year_recent_revenue,
            false
        ) as has_revenue_drop,
        -- days > factor × span / gaps, compared as days × gaps > factor × span: exact.
        coalesce(
            orders_summarized.order_day_count >= 2
            and orders_summarized.days_since_last_order * (orders_summarized.order_day_count - 1)
            > {{ silence_factor }} * orders_summarized.order_span_days,
            false
        ) as has_order_silence

    from key_accounts
    inner join orders_summarized
        on
            key_accounts.as_of_date = orders_summarized.as_of_date
            and key_accounts.customer_id = orders_summarized.customer_id

),

at_risk_figures as (

    select
        *,
        -- Tenths of a percent and of a day, rounded half up, for the reason.
        cast(floor(-revenue_change_share * 1000 + 0.5) as bigint) as revenue_drop_permille,
        cast(floor(usual_order_interval_days * 10 + 0.5) as bigint) as usual_interval_tenths

    from at_risk_checks
    where has_revenue_drop or has_order_silence

),

at_risk as (

    select
        as_of_date,
        customer_id,
        recent_revenue,
        prior_year_recent_revenue,
        revenue_change_share,
        has_revenue_drop,
        last_order_date,
        days_since_last_order,
        usual_order_interval_days,
        has_order_silence,
        concat_ws(
            '; ',
            case
                when has_revenue_drop
                    then printf(
                        'Revenue in the last {{ recent_days }} days %,d is %d.%d%% below'
                        || ' the same days a year earlier (%,d)',
                        cast(round(recent_revenue, 0) as bigint),
                        cast(floor(revenue_drop_permille / 10) as bigint),
                        revenue_drop_permille % 10,
                        cast(round(prior_year_recent_revenue, 0) as bigint)
                    )
            end,
            case
                when has_order_silence
                    then printf(
                        'No order for %d days, more than {{ "%g" | format(silence_factor) }} times'
                        || ' the usual %d.%d days between its orders',
                        days_since_last_order,
                        cast(floor(usual_interval_tenths / 10) as bigint),
                        usual_interval_tenths % 10
                    )
            end
        ) as reason

    from at_risk_figures

),

-- Loyalty: key on every scored date for at least loyalty_min_months months, that is since on
-- or before the as-of date minus that many months (month arithmetic, as for the window).
key_stretches as (

    select
        key_accounts.as_of_date,
        key_accounts.customer_id,
        tier_history.valid_from as key_since_date

    from key_accounts
    inner join tier_history
        on
            key_accounts.customer_id = tier_history.customer_id
            and tier_history.tier = '{{ key_tier }}'
            and key_accounts.as_of_date >= tier_history.valid_from
            and (
                tier_history.valid_to is null or key_accounts.as_of_date < tier_history.valid_to
            )

),

key_month_boundaries as (

    select
        as_of_date,
        customer_id,
        key_since_date,
        cast(
            12 * (extract(year from as_of_date) - extract(year from key_since_date))
            + extract(month from as_of_date) - extract(month from key_since_date)
            as bigint
        ) as month_boundaries

    from key_stretches

),

-- Whole months: the most months m with key_since_date <= as_of - m months.
key_tenure as (

    select
        as_of_date,
        customer_id,
        key_since_date,
        month_boundaries - case
            when
                key_since_date
                > cast({{ dbt.dateadd('month', '-1 * month_boundaries', 'as_of_date') }} as date)
                then 1
            else 0
        end as key_months

    from key_month_boundaries

),

loyalty as (

    select
        as_of_date,
        customer_id,
        key_since_date,
        key_months,
        printf(
            'Key account on every scored date since %s, %d months'
            || ' ({{ loyalty_min_months }} needed): eligible for the loyalty programme',
            cast(key_since_date as string),
            key_months
        ) as reason

    from key_tenure
    where key_since_date <= {{ months_before('as_of_date', loyalty_min_months) }}

),

-- Cross-sell gaps: products that at least cross_sell_min_peer_share of the other key accounts
-- of the same industry bought in the window, and this one did not.
products_bought as (

    select distinct
        as_of_dates.as_of_date,
        sales_lines.customer_id,
        sales_lines.product_id

    from sales_lines
    inner join as_of_dates
        on {{ in_window('sales_lines.order_date', 'as_of_dates.as_of_date', window_months) }}
    where
        sales_lines.quantity > 0
        and sales_lines.customer_id in (select key_accounts.customer_id from key_accounts)

),

key_account_products as (

    select
        key_accounts.as_of_date,
        key_accounts.customer_id,
        key_accounts.industry,
        products_bought.product_id

    from key_accounts
    inner join products_bought
        on
            key_accounts.as_of_date = products_bought.as_of_date
            and key_accounts.customer_id = products_bought.customer_id
    where key_accounts.industry is not null

),

industry_key_accounts as (

    select
        as_of_date,
        industry,
        count(*) as key_account_count

    from key_accounts
    where industry is not null
    group by as_of_date, industry

),

industry_product_buyers as (

    select
        as_of_date,
        industry,
        product_id,
        count(*) as buyer_count

    from key_account_products
    group by as_of_date, industry, product_id

),

-- The account did not buy the product, so all its industry's buyers are its peers.
missing_products as (

    select
        key_accounts.as_of_date,
        key_accounts.customer_id,
        key_accounts.industry,
        industry_product_buyers.product_id,
        industry_product_buyers.buyer_count as peer_buyer_count,
        industry_key_accounts.key_account_count - 1 as peer_key_accounts

    from key_accounts
    inner join industry_key_accounts
        on
            key_accounts.as_of_date = industry_key_accounts.as_of_date
            and key_accounts.industry = industry_key_accounts.industry
    inner join industry_product_buyers
        on
            key_accounts.as_of_date = industry_product_buyers.as_of_date
            and key_accounts.industry = industry_product_buyers.industry
    left join key_account_products as own_products
        on
            key_accounts.as_of_date = own_products.as_of_date
            and key_accounts.customer_id = own_products.customer_id
            and industry_product_buyers.product_id = own_products.product_id
    where
        own_products.product_id is null
        and industry_key_accounts.key_account_count - 1 >= {{ cross_sell_min_peers }}
        and industry_product_buyers.buyer_count
        >= {{ cross_sell_min_peer_share }} * (industry_key_accounts.key_account_count - 1)

),

-- A product is shown by its name when the products master has it, its id always.
ranked_missing_products as (

    select
        missing_products.*,
        case
            when products.product_name is not null
                then products.product_name || ' (' || missing_products.product_id || ')'
            else missing_products.product_id
        end as product_label,
        row_number() over (
            partition by missing_products.as_of_date, missing_products.customer_id
            order by missing_products.peer_buyer_count desc, missing_products.product_id asc
        ) as product_rank

    from missing_products
    left join {{ ref('stg_raw__products') }} as products
        on missing_products.product_id = products.product_id

),

-- The first products by rank, listed without an ordered aggregate (Spark's has no order).
cross_sell_lists as (

    select
        as_of_date,
        customer_id,
        max(industry) as industry,
        cast(max(peer_key_accounts) as bigint) as peer_key_accounts,
        cast(count(*) as bigint) as missing_product_count,
        concat_ws(
            ', ',
            {%- for rank in range(1, listed_products + 1) %}
                max(
                    case when product_rank = {{ rank }} then product_label end
                ){{ ',' if not loop.last }}
            {%- endfor %}
        ) as missing_products

    from ranked_missing_products
    group by as_of_date, customer_id

),

cross_sell_gaps as (

    select
        as_of_date,
        customer_id,
        missing_products,
        missing_product_count,
        peer_key_accounts,
        printf(
            '%d %s bought in the last {{ window_months }} months by at least'
            || ' {{ "%g" | format(cross_sell_min_peer_share * 100) }}%% of the %d other key'
            || ' accounts in %s but not by this one: %s%s',
            missing_product_count,
            case when missing_product_count = 1 then 'product' else 'products' end,
            peer_key_accounts,
            industry,
            missing_products,
            case
                when missing_product_count > {{ listed_products }}
                    then printf(' and %d more', missing_product_count - {{ listed_products }})
                else ''
            end
        ) as reason

    from cross_sell_lists

),

key_prospect_figures as (

    select
        *,
        cast(floor(weighted_score * 10 + 0.5) as bigint) as weighted_score_tenths

    from weighted_scores
    where tier = 'key_prospect'

),

key_prospects as (

    select
        as_of_date,
        customer_id,
        weighted_score,
        potential_revenue_metric as estimated_annual_potential,
        printf(
            'Key prospect with a weighted score of %d.%d of {{ scale }} and an estimated annual'
            || ' potential of %,d, no sales in the last {{ window_months }} months: approach it',
            cast(floor(weighted_score_tenths / 10) as bigint),
            weighted_score_tenths % 10,
            cast(round(potential_revenue_metric, 0) as bigint)
        ) as reason

    from key_prospect_figures

),

unassigned_key_accounts as (

    select
        as_of_date,
        customer_id,
        'Key account without a Key Account Manager: assign one' as reason

    from key_accounts
    where account_manager is null or trim(account_manager) = ''

),

signals as (

    select
        as_of_date,
        customer_id,
        'at_risk' as signal  -- noqa: RF04
    from at_risk
    union all
    select
        as_of_date,
        customer_id,
        'loyalty' as signal  -- noqa: RF04
    from loyalty
    union all
    select
        as_of_date,
        customer_id,
        'cross_sell_gap' as signal  -- noqa: RF04
    from cross_sell_gaps
    union all
    select
        as_of_date,
        customer_id,
        'key_prospect' as signal  -- noqa: RF04
    from key_prospects
    union all
    select
        as_of_date,
        customer_id,
        'no_kam' as signal  -- noqa: RF04
    from unassigned_key_accounts

),

final as (

    select
        weighted_scores.as_of_date,
        weighted_scores.account_manager,
        weighted_scores.customer_id,
        weighted_scores.customer_name,
        weighted_scores.industry,
        weighted_scores.tier,
        signals.signal,
        coalesce(
            at_risk.reason,
            loyalty.reason,
            cross_sell_gaps.reason,
            key_prospects.reason,
            unassigned_key_accounts.reason
        ) as reason,
        cast(at_risk.recent_revenue as double) as recent_revenue,
        cast(at_risk.prior_year_recent_revenue as double) as prior_year_recent_revenue,
        at_risk.revenue_change_share,
        at_risk.has_revenue_drop,
        at_risk.last_order_date,
        at_risk.days_since_last_order,
        at_risk.usual_order_interval_days,
        at_risk.has_order_silence,
        loyalty.key_since_date,
        loyalty.key_months,
        cross_sell_gaps.missing_products,
        cross_sell_gaps.missing_product_count,
        cross_sell_gaps.peer_key_accounts,
        key_prospects.weighted_score,
        key_prospects.estimated_annual_potential,
        '{{ pipeline_var("config_version") }}' as config_version

    from signals
    inner join weighted_scores
        on
            signals.as_of_date = weighted_scores.as_of_date
            and signals.customer_id = weighted_scores.customer_id
    left join at_risk
        on
            signals.signal = 'at_risk'
            and signals.as_of_date = at_risk.as_of_date
            and signals.customer_id = at_risk.customer_id
    left join loyalty
        on
            signals.signal = 'loyalty'
            and signals.as_of_date = loyalty.as_of_date
            and signals.customer_id = loyalty.customer_id
    left join cross_sell_gaps
        on
            signals.signal = 'cross_sell_gap'
            and signals.as_of_date = cross_sell_gaps.as_of_date
            and signals.customer_id = cross_sell_gaps.customer_id
    left join key_prospects
        on
            signals.signal = 'key_prospect'
            and signals.as_of_date = key_prospects.as_of_date
            and signals.customer_id = key_prospects.customer_id
    left join unassigned_key_accounts
        on
            signals.signal = 'no_kam'
            and signals.as_of_date = unassigned_key_accounts.as_of_date
            and signals.customer_id = unassigned_key_accounts.customer_id

)

select * from final
