{#-
    One row per customer and stretch of consecutive scored as-of dates in the same tier
    (docs/published-tables.md): valid_from is the first as-of date of the stretch, valid_to the
    scored date that ended it (null while it is current), previous_tier the tier of the
    customer's stretch before. Rebuilt from every scored date of customer_scores by each run,
    so backfills in any order and reruns give the same history. A customer missing from a
    scored date (out of scope that day) ends its stretch there.
-#}

with

customer_scores as (

    select * from {{ ref('customer_scores') }}

),

scored_dates as (

    select
        as_of_date,
        row_number() over (order by as_of_date) as date_index,
        lead(as_of_date) over (order by as_of_date) as next_as_of_date

    from (select distinct as_of_date from customer_scores) as distinct_dates

),

customer_tiers as (

    select
        customer_scores.customer_id,
        customer_scores.tier,
        customer_scores.as_of_date,
        -- Consecutive scored dates in one tier share this number (gaps and islands).
        scored_dates.date_index - row_number() over (
            partition by customer_scores.customer_id, customer_scores.tier
            order by customer_scores.as_of_date
        ) as stretch_key

    from customer_scores
    inner join scored_dates
        on customer_scores.as_of_date = scored_dates.as_of_date

),

stretches as (

    select
        customer_id,
        tier,
        min(as_of_date) as valid_from,
        max(as_of_date) as last_scored_date

    from customer_tiers
    group by customer_id, tier, stretch_key

),

final as (

    select
        stretches.customer_id,
        stretches.tier,
        stretches.valid_from,
        -- The scored date after the stretch's last; null when the stretch is current.
        scored_dates.next_as_of_date as valid_to,
        lag(stretches.tier) over (
            partition by stretches.customer_id order by stretches.valid_from
        ) as previous_tier

    from stretches
    inner join scored_dates
        on stretches.last_scored_date = scored_dates.as_of_date

)

select * from final
