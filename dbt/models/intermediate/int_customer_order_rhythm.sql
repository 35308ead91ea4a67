{#-
    Each watched account's own rhythm of ordering on every as-of date of the run, the numbers
    behind the silence part of the at_risk signal: its last order day on or before the as-of
    date, the days since, and over its order days in the 365 days up to that last order day
    (an order day is a day with a line of positive quantity), their count, the median gap and
    the longest gap between consecutive ones. A customer that orders in bursts has a short
    median gap and a long longest gap: a silence is unusual only when it is longer than both.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

watched_accounts as (

    select * from {{ ref('int_kam_watched_accounts') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

sales_by_day as (

    select * from {{ ref('int_customer_sales_by_day') }}
    where is_order_day

),

-- A watched account has revenue in the window, so its last order day is less than a window
-- before the as-of date, and its rhythm a year before that.
order_days as (

    select
        watched_accounts.as_of_date,
        watched_accounts.customer_id,
        sales_by_day.order_date

    from watched_accounts
    inner join sales_by_day
        on
            watched_accounts.customer_id = sales_by_day.customer_id
            and watched_accounts.as_of_date >= sales_by_day.order_date
            and {{ days_before(
                months_before('watched_accounts.as_of_date', window_months), 366
            ) }} < sales_by_day.order_date

),

last_order_days as (

    select
        as_of_date,
        customer_id,
        max(order_date) as last_order_date

    from order_days
    group by as_of_date, customer_id

),

gaps as (

    select
        order_days.as_of_date,
        order_days.customer_id,
        order_days.order_date,
        cast({{ dbt.datediff(
            'lag(order_days.order_date) over ('
            ~ 'partition by order_days.as_of_date, order_days.customer_id'
            ~ ' order by order_days.order_date)',
            'order_days.order_date',
            'day'
        ) }} as bigint) as gap_days

    from order_days
    inner join last_order_days
        on
            order_days.as_of_date = last_order_days.as_of_date
            and order_days.customer_id = last_order_days.customer_id
    where order_days.order_date >= {{ days_before('last_order_days.last_order_date', 365) }}

),

rhythm as (

    select
        as_of_date,
        customer_id,
        cast(count(*) as bigint) as rhythm_order_days,
        {{ median('gap_days') }} as median_order_gap_days,
        cast(max(gap_days) as bigint) as longest_order_gap_days

    from gaps
    group by as_of_date, customer_id

),

final as (

    select
        last_order_days.as_of_date,
        last_order_days.customer_id,
        last_order_days.last_order_date,
        cast({{ dbt.datediff(
            'last_order_days.last_order_date', 'last_order_days.as_of_date', 'day'
        ) }} as bigint) as days_since_last_order,
        rhythm.rhythm_order_days,
        cast(rhythm.median_order_gap_days as double) as median_order_gap_days,
        rhythm.longest_order_gap_days

    from last_order_days
    inner join rhythm
        on
            last_order_days.as_of_date = rhythm.as_of_date
            and last_order_days.customer_id = rhythm.customer_id

)

select * from final
