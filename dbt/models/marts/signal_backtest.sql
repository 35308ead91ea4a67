{#-
    How well each KAM signal predicted what followed it, recomputed by each run from the kept
    history of scored dates (docs/method.md "Signals"): over the scored dates whose outcome
    is known (its horizon ends on or before the latest scored date), the share of the signals
    fired that were followed by the outcome they predict, the same share among the watched
    accounts it did not fire on (the baseline), and their ratio, the lift. A lift near 1 is a
    signal no better than chance.
    - at_risk: the account's revenue in the `signal_backtest.at_risk_horizon_days` after the
      date is below `at_risk_outcome_share` of the same days before it, or it has none in
      either (an account silent before and after is lost, not steady).
    - cross_sell_gap: a listed product bought within `cross_sell_horizon_days`; the baseline
      is the naive suggestion of int_kam_product_suggestions (the products most bought by the
      first tier, not bought by the account) for the watched accounts without the signal.
    - key_prospect: the prospect orders within `key_prospect_horizon_days`; the baseline is
      the other prospects.
    - loyalty, no_kam and override_review_due predict nothing: their row counts them.
    The outcome of each case is computed by int_backtest_at_risk_outcomes,
    int_backtest_cross_sell_gap_outcomes and int_backtest_key_prospect_outcomes; this model
    keeps the cases whose horizon has ended and counts them.
    One row per signal. Published for BI.
-#}
{%- set backtest = pipeline_var('signal_backtest') or {} -%}
{%- set at_risk_days = backtest.get('at_risk_horizon_days') or 90 -%}
{%- set cross_sell_days = backtest.get('cross_sell_horizon_days') or 180 -%}
{%- set key_prospect_days = backtest.get('key_prospect_horizon_days') or 180 -%}
{%- set max_products = (pipeline_var('actions') or {}).get('cross_sell_max_products') -%}

with

signals as (

    select * from {{ ref('int_kam_signals') }}

),

at_risk_outcomes as (

    select * from {{ ref('int_backtest_at_risk_outcomes') }}

),

cross_sell_gap_outcomes as (

    select * from {{ ref('int_backtest_cross_sell_gap_outcomes') }}

),

key_prospect_outcomes as (

    select * from {{ ref('int_backtest_key_prospect_outcomes') }}

),

tiers as (

    select * from {{ ref('int_customer_tiers_assigned') }}

),

run_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

-- The run's dates are scored even when nobody is in scope on them.
latest as (

    select max(scored_dates.as_of_date) as latest_scored_date

    from (
        select tiers.as_of_date from tiers
        union all
        select run_dates.as_of_date from run_dates
    ) as scored_dates

),

-- The cases whose outcome is known: their horizon ends on or before the latest scored date.
cases as (

    select
        outcomes.as_of_date,
        outcomes.signal,
        outcomes.is_fired,
        outcomes.has_outcome

    from (
        select
            'at_risk' as signal,  -- noqa: RF04
            as_of_date,
            horizon_end_date,
            is_fired,
            has_outcome
        from at_risk_outcomes
        union all
        select
            'cross_sell_gap' as signal,  -- noqa: RF04
            as_of_date,
            horizon_end_date,
            is_fired,
            has_outcome
        from cross_sell_gap_outcomes
        union all
        select
            'key_prospect' as signal,  -- noqa: RF04
            as_of_date,
            horizon_end_date,
            is_fired,
            has_outcome
        from key_prospect_outcomes
    ) as outcomes
    cross join latest
    where outcomes.horizon_end_date <= latest.latest_scored_date

),

measured as (

    select
        signal,
        cast(count(distinct as_of_date) as bigint) as evaluated_date_count,
        min(as_of_date) as first_evaluated_date,
        max(as_of_date) as last_evaluated_date,
        cast(sum(case when is_fired then 1 else 0 end) as bigint) as fired_count,
        cast(sum(case when is_fired and has_outcome then 1 else 0 end) as bigint)
            as fired_with_outcome,
        cast(sum(case when not is_fired then 1 else 0 end) as bigint) as baseline_count,
        cast(sum(case when not is_fired and has_outcome then 1 else 0 end) as bigint)
            as baseline_with_outcome

    from cases
    group by signal

),

-- The signals that predict nothing, counted over every scored date.
counted as (

    select
        signal,
        cast(count(distinct as_of_date) as bigint) as evaluated_date_count,
        min(as_of_date) as first_evaluated_date,
        max(as_of_date) as last_evaluated_date,
        cast(count(*) as bigint) as fired_count

    from signals
    where signal in ('loyalty', 'no_kam', 'override_review_due')
    group by signal

),

signal_outcomes as (

    select
        'at_risk' as signal,  -- noqa: RF04
        {{ at_risk_days }} as horizon_days,
        'revenue in the {{ at_risk_days }} days after below'
        || ' {{ "%g" | format(backtest.get("at_risk_outcome_share", 0) * 100) }}% of the'
        || ' {{ at_risk_days }} days before, or none in either' as predicted_outcome,
        'the watched accounts without the signal' as baseline
    union all
    select
        'cross_sell_gap' as signal,  -- noqa: RF04
        {{ cross_sell_days }} as horizon_days,
        'a listed product bought within {{ cross_sell_days }} days' as predicted_outcome,
        'the watched accounts without the signal, for the {{ max_products }} products most bought'
        || ' by the first tier that they did not buy' as baseline
    union all
    select
        'loyalty' as signal,  -- noqa: RF04
        null as horizon_days,
        null as predicted_outcome,
        null as baseline
    union all
    select
        'key_prospect' as signal,  -- noqa: RF04
        {{ key_prospect_days }} as horizon_days,
        'a first order within {{ key_prospect_days }} days' as predicted_outcome,
        'the other prospects' as baseline
    union all
    select
        'no_kam' as signal,  -- noqa: RF04
        null as horizon_days,
        null as predicted_outcome,
        null as baseline
    union all
    select
        'override_review_due' as signal,  -- noqa: RF04
        null as horizon_days,
        null as predicted_outcome,
        null as baseline

),

final as (

    select
        signal_outcomes.signal,
        signal_outcomes.predicted_outcome,
        signal_outcomes.baseline,
        signal_outcomes.horizon_days,
        coalesce(measured.evaluated_date_count, counted.evaluated_date_count, 0)
            as evaluated_date_count,
        coalesce(measured.first_evaluated_date, counted.first_evaluated_date)
            as first_evaluated_date,
        coalesce(measured.last_evaluated_date, counted.last_evaluated_date)
            as last_evaluated_date,
        coalesce(measured.fired_count, counted.fired_count, 0) as fired_count,
        measured.fired_with_outcome,
        case
            when measured.fired_count > 0
                then cast(measured.fired_with_outcome as double) / measured.fired_count
        end as fired_outcome_share,
        measured.baseline_count,
        measured.baseline_with_outcome,
        case
            when measured.baseline_count > 0
                then cast(measured.baseline_with_outcome as double) / measured.baseline_count
        end as baseline_outcome_share,
        -- (fired with outcome / fired) / (baseline with outcome / baseline)
        case
            when measured.fired_count > 0 and measured.baseline_with_outcome > 0
                then
                    cast(measured.fired_with_outcome as double) * measured.baseline_count
                    / (cast(measured.baseline_with_outcome as double) * measured.fired_count)
        end as lift,
        latest.latest_scored_date,
        '{{ pipeline_var("config_version") }}' as config_version

    from signal_outcomes
    cross join latest
    left join measured
        on signal_outcomes.signal = measured.signal
    left join counted
        on signal_outcomes.signal = counted.signal

),

-- Judged once it fired min_signals times: a lift of at least min_lift beats chance.
judged as (

    select
        *,
        case
            when predicted_outcome is not null and fired_count >= {{ backtest.get('min_signals') }}
                then coalesce(lift >= {{ backtest.get('min_lift') }}, false)
        end as beats_chance

    from final

)

select
    signal,
    predicted_outcome,
    baseline,
    horizon_days,
    evaluated_date_count,
    first_evaluated_date,
    last_evaluated_date,
    fired_count,
    fired_with_outcome,
    fired_outcome_share,
    baseline_count,
    baseline_with_outcome,
    baseline_outcome_share,
    lift,
    beats_chance,
    latest_scored_date,
    config_version

from judged
