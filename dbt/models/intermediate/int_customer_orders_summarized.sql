{#-
    Each customer's recent revenue on every as-of date of the run, the numbers behind the
    revenue drop of the at_risk signal (int_signal_at_risk): net revenue in the last
    `actions.recent_days` days and in the same days a year earlier.
-#}

with

sales_by_period as (

    select * from {{ ref('int_customer_sales_by_period') }}

),

activity as (

    select
        as_of_date,
        customer_id,
        sum(recent_revenue) as recent_revenue,
        sum(prior_year_recent_revenue) as prior_year_revenue

    from sales_by_period
    group by as_of_date, customer_id

),

final as (

    select
        as_of_date,
        customer_id,
        recent_revenue,
        prior_year_revenue as prior_year_recent_revenue,
        case
            when prior_year_revenue > 0
                then cast(recent_revenue as double) / cast(prior_year_revenue as double) - 1
        end as revenue_change_share

    from activity

)

select * from final
