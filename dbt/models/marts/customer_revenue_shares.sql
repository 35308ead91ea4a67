{#-
    One row per as-of date and customer in scope: its share of the window's net revenue, its rank
    and its ABC class (DESIGN.md, "Outputs"). Shares are over customers with positive revenue;
    the others have share 0 and class C. The ABC class looks at the cumulative share *before*
    the customer, so the largest customer is always A.
-#}
{{ config(unique_key='as_of_date') }}

with

customer_revenue as (

    select * from {{ ref('int_customer_revenue_in_window') }}

),

ranked as (

    select
        as_of_date,
        customer_id,
        net_revenue,
        greatest(net_revenue, 0) as positive_revenue,
        sum(greatest(net_revenue, 0)) over () as total_positive_revenue,
        row_number() over (order by net_revenue desc, customer_id asc) as revenue_rank

    from customer_revenue

),

accumulated as (

    select
        *,
        coalesce(
            sum(positive_revenue) over (
                order by revenue_rank rows between unbounded preceding and 1 preceding
            ),
            0
        ) as revenue_before

    from ranked

),

final as (

    select
        as_of_date,
        customer_id,
        net_revenue,
        case
            when total_positive_revenue > 0
                then cast(positive_revenue as double) / cast(total_positive_revenue as double)
            else 0
        end as revenue_share,
        case
            when total_positive_revenue > 0
                then
                    cast(revenue_before + positive_revenue as double)
                    / cast(total_positive_revenue as double)
            else 0
        end as cumulative_share,
        revenue_rank,
        -- Thresholds are compared in exact decimals, so a customer exactly on a cut-off lands on
        -- the side the rule says (share before 0.80 exactly is B, a share of 0.10 is major).
        case
            when net_revenue <= 0 then 'C'
            when revenue_before < {{ pipeline_var('abc_a_cutoff') }} * total_positive_revenue
                then 'A'
            when revenue_before < {{ pipeline_var('abc_b_cutoff') }} * total_positive_revenue
                then 'B'
            else 'C'
        end as abc_class,
        net_revenue > 0
        and net_revenue > {{ pipeline_var('mono_client_share') }} * total_positive_revenue
            as is_mono_client,
        net_revenue > 0
        and net_revenue >= {{ pipeline_var('major_customer_share') }} * total_positive_revenue
            as is_major_customer,
        '{{ pipeline_var("config_version") }}' as config_version

    from accumulated

)

select * from final
