{#-
    Every signal raised for a Key Account Manager, on every scored as-of date (docs/method.md "Signals"): one row per as-of date, customer and signal, with the account as it stood
    that day, a one-line reason with its numbers and the numbers themselves (null where a
    signal has none). Keeps every scored date: the actions' lifecycle (kam_action_history) and
    the signal backtest read the history.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

tiers as (

    select * from {{ ref('int_customer_tiers_assigned') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

at_risk as (

    select * from {{ ref('int_signal_at_risk') }}

),

cross_sell_gap as (

    select * from {{ ref('int_signal_cross_sell_gap') }}

),

loyalty as (

    select * from {{ ref('int_signal_loyalty') }}

),

key_prospect as (

    select * from {{ ref('int_signal_key_prospect') }}

),

no_kam as (

    select * from {{ ref('int_signal_no_kam') }}

),

override_review_due as (

    select * from {{ ref('int_signal_override_review_due') }}

),

signals as (

    {% for signal in pipeline_var('signals') or [] -%}
        select
            as_of_date,
            customer_id,
            '{{ signal }}' as signal,  -- noqa: RF04
            reason
        from {{ signal }}
        {{ 'union all' if not loop.last }}
    {% endfor %}
),

final as (

    select
        signals.as_of_date,
        weighted_scores.account_manager,
        signals.customer_id,
        weighted_scores.customer_name,
        weighted_scores.industry,
        tiers.tier,
        signals.signal,
        signals.reason,
        at_risk.revenue_at_stake,
        cast(at_risk.recent_revenue as double) as recent_revenue,
        cast(at_risk.prior_year_recent_revenue as double) as prior_year_recent_revenue,
        at_risk.revenue_change_share,
        at_risk.has_revenue_drop,
        at_risk.last_order_date,
        at_risk.days_since_last_order,
        at_risk.median_order_gap_days,
        at_risk.longest_order_gap_days,
        at_risk.has_order_silence,
        cross_sell_gap.cross_sell_products,
        cross_sell_gap.cross_sell_product_count,
        cross_sell_gap.peer_account_count,
        loyalty.loyalty_since_date,
        loyalty.loyalty_scored_dates,
        loyalty.loyalty_first_tier_dates,
        key_prospect.weighted_score,
        key_prospect.estimated_annual_potential,
        override_review_due.override_tier,
        override_review_due.override_owner,
        override_review_due.override_review_date,
        '{{ pipeline_var("config_version") }}' as config_version

    from signals
    inner join weighted_scores
        on
            signals.as_of_date = weighted_scores.as_of_date
            and signals.customer_id = weighted_scores.customer_id
    inner join tiers
        on
            signals.as_of_date = tiers.as_of_date
            and signals.customer_id = tiers.customer_id
    left join at_risk
        on
            signals.signal = 'at_risk'
            and signals.as_of_date = at_risk.as_of_date
            and signals.customer_id = at_risk.customer_id
    left join cross_sell_gap
        on
            signals.signal = 'cross_sell_gap'
            and signals.as_of_date = cross_sell_gap.as_of_date
            and signals.customer_id = cross_sell_gap.customer_id
    left join loyalty
        on
            signals.signal = 'loyalty'
            and signals.as_of_date = loyalty.as_of_date
            and signals.customer_id = loyalty.customer_id
    left join key_prospect
        on
            signals.signal = 'key_prospect'
            and signals.as_of_date = key_prospect.as_of_date
            and signals.customer_id = key_prospect.customer_id
    left join override_review_due
        on
            signals.signal = 'override_review_due'
            and signals.as_of_date = override_review_due.as_of_date
            and signals.customer_id = override_review_due.customer_id

)

select * from final
