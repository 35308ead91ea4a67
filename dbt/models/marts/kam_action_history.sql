{#-
    Every action raised for a Key Account Manager on every scored as-of date, with its
    lifecycle (docs/method.md "Signals"): `first_raised_on`, the first of the consecutive
    scored dates the signal fired on for the account, `days_open` since then, and
    `action_status` from the KAM's latest action_feedback recorded from that first date to the
    as-of date: `done` or `dismissed` close the action until the signal clears (a scored date
    without it) and fires again; `snoozed` hides it until its `until` date, then it is `open`
    again; no feedback: `open`. Rebuilt from the kept signals by each run, so feedback
    delivered late applies to every date after it was recorded. Published for BI.
-#}

with

signals as (

    select * from {{ ref('int_kam_signals') }}

),

action_feedback as (

    select * from {{ ref('stg_raw__action_feedback') }}

),

scored_dates as (

    select
        as_of_date,
        row_number() over (order by as_of_date) as date_index

    from (
        select distinct tiers.as_of_date
        from {{ ref('int_customer_tiers_assigned') }} as tiers
    ) as distinct_dates

),

-- Consecutive scored dates of one signal for one account share this number (gaps and islands).
stretches as (

    select
        signals.*,
        scored_dates.date_index - row_number() over (
            partition by signals.customer_id, signals.signal
            order by signals.as_of_date
        ) as stretch_key

    from signals
    inner join scored_dates
        on signals.as_of_date = scored_dates.as_of_date

),

raised as (

    select
        *,
        min(as_of_date) over (
            partition by customer_id, signal, stretch_key
        ) as first_raised_on

    from stretches

),

latest_feedback as (

    select
        raised.as_of_date,
        raised.customer_id,
        raised.signal,
        action_feedback.feedback_status,
        action_feedback.recorded_on,
        action_feedback.snoozed_until,
        action_feedback.recorded_by,
        action_feedback.feedback_note,
        row_number() over (
            partition by raised.as_of_date, raised.customer_id, raised.signal
            order by action_feedback.recorded_on desc
        ) as feedback_rank

    from raised
    inner join action_feedback
        on
            raised.customer_id = action_feedback.customer_id
            and raised.signal = action_feedback.signal
            and raised.first_raised_on <= action_feedback.recorded_on
            and raised.as_of_date >= action_feedback.recorded_on

),

final as (

    select
        raised.as_of_date,
        raised.account_manager,
        raised.customer_id,
        raised.customer_name,
        raised.industry,
        raised.tier,
        raised.signal,
        case
            when latest_feedback.feedback_status in ('done', 'dismissed')
                then latest_feedback.feedback_status
            when
                latest_feedback.feedback_status = 'snoozed'
                and raised.as_of_date < latest_feedback.snoozed_until
                then 'snoozed'
            else 'open'
        end as action_status,
        raised.reason,
        raised.first_raised_on,
        cast(
            {{ dbt.datediff('raised.first_raised_on', 'raised.as_of_date', 'day') }} as bigint  -- noqa: LT05
        ) as days_open,
        latest_feedback.feedback_status,
        latest_feedback.recorded_on as feedback_recorded_on,
        latest_feedback.recorded_by as feedback_recorded_by,
        latest_feedback.snoozed_until,
        latest_feedback.feedback_note,
        raised.revenue_at_stake,
        raised.recent_revenue,
        raised.prior_year_recent_revenue,
        raised.revenue_change_share,
        raised.has_revenue_drop,
        raised.last_order_date,
        raised.days_since_last_order,
        raised.median_order_gap_days,
        raised.longest_order_gap_days,
        raised.has_order_silence,
        raised.cross_sell_products,
        raised.cross_sell_product_count,
        raised.peer_account_count,
        raised.loyalty_since_date,
        raised.loyalty_scored_dates,
        raised.loyalty_first_tier_dates,
        raised.weighted_score,
        raised.estimated_annual_potential,
        raised.override_tier,
        raised.override_owner,
        raised.override_review_date,
        raised.config_version

    from raised
    left join latest_feedback
        on
            raised.as_of_date = latest_feedback.as_of_date
            and raised.customer_id = latest_feedback.customer_id
            and raised.signal = latest_feedback.signal
            and latest_feedback.feedback_rank = 1

)

select * from final
