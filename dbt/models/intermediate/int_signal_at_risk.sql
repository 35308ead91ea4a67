{#-
    The at_risk signal on every as-of date of the run (docs/method.md "Signals"): a watched
    account whose revenue in the last `actions.recent_days` days is more than
    `actions.revenue_drop` below the same days a year earlier (revenue drop), or that has not
    ordered for longer than both `actions.silence_factor` times the median gap between its
    order days and its longest gap, in the 365 days before its last order, with at least
    `actions.silence_min_order_days` order days in them (silence: its own rhythm, so a customer
    that orders in bursts is not flagged in a pause it always takes). The money at stake is its
    revenue in the window.
-#}
{%- set actions = pipeline_var('actions') or {} -%}
{%- set recent_days = actions.get('recent_days') -%}
{%- set revenue_drop = actions.get('revenue_drop') -%}
{%- set silence_factor = actions.get('silence_factor') or 0 -%}
{%- set silence_min_order_days = actions.get('silence_min_order_days') -%}
{%- set window_months = pipeline_var('window_months') -%}

with

watched_accounts as (

    select * from {{ ref('int_kam_watched_accounts') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

orders_summarized as (

    select * from {{ ref('int_customer_orders_summarized') }}

),

order_rhythm as (

    select * from {{ ref('int_customer_order_rhythm') }}

),

checks as (

    select
        watched_accounts.as_of_date,
        watched_accounts.customer_id,
        watched_accounts.net_revenue as revenue_at_stake,
        orders_summarized.recent_revenue,
        orders_summarized.prior_year_recent_revenue,
        orders_summarized.revenue_change_share,
        order_rhythm.last_order_date,
        order_rhythm.days_since_last_order,
        order_rhythm.rhythm_order_days,
        order_rhythm.median_order_gap_days,
        order_rhythm.longest_order_gap_days,
        -- In decimals, so revenue of exactly (1 - revenue_drop) times a year earlier's is no drop.
        coalesce(
            orders_summarized.prior_year_recent_revenue > 0
            and orders_summarized.recent_revenue
            < (1 - {{ revenue_drop }}) * orders_summarized.prior_year_recent_revenue,
            false
        ) as has_revenue_drop,
        coalesce(
            order_rhythm.rhythm_order_days >= {{ silence_min_order_days }}
            and order_rhythm.days_since_last_order
            > {{ silence_factor }} * order_rhythm.median_order_gap_days
            and order_rhythm.days_since_last_order > order_rhythm.longest_order_gap_days,
            false
        ) as has_order_silence

    from watched_accounts
    left join orders_summarized
        on
            watched_accounts.as_of_date = orders_summarized.as_of_date
            and watched_accounts.customer_id = orders_summarized.customer_id
    left join order_rhythm
        on
            watched_accounts.as_of_date = order_rhythm.as_of_date
            and watched_accounts.customer_id = order_rhythm.customer_id

),

-- Tenths of a percent and of a day, rounded half up, for the reason.
figures as (

    select
        *,
        cast(floor(-revenue_change_share * 1000 + 0.5) as bigint) as revenue_drop_permille,
        cast(floor(median_order_gap_days * 10 + 0.5) as bigint) as median_gap_tenths

    from checks
    where has_revenue_drop or has_order_silence

),

final as (

    select
        as_of_date,
        customer_id,
        recent_revenue,
        prior_year_recent_revenue,
        revenue_change_share,
        has_revenue_drop,
        last_order_date,
        days_since_last_order,
        rhythm_order_days,
        median_order_gap_days,
        longest_order_gap_days,
        has_order_silence,
        revenue_at_stake,
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
                        'No order for %d days, longer than its longest gap (%d days) and'
                        || ' {{ "%g" | format(silence_factor) }} times its median gap (%d.%d'
                        || ' days) between orders in the year before its last order on %s',
                        days_since_last_order,
                        longest_order_gap_days,
                        cast(floor(median_gap_tenths / 10) as bigint),
                        median_gap_tenths % 10,
                        cast(last_order_date as string)
                    )
            end,
            printf(
                '%,d of revenue in the last {{ window_months }} months at stake',
                cast(round(revenue_at_stake, 0) as bigint)
            )
        ) as reason

    from figures

)

select * from final
