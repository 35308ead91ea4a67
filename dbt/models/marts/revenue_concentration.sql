{#-
    One row per as-of date: how concentrated the window's revenue is (DESIGN.md, "Outputs").
    Over customers with positive net revenue, s = R / ΣR: HHI = 10,000 × Σs², effective customers
    = 1 / Σs², top-k shares, Gini = ΣᵢΣⱼ|xᵢ − xⱼ| / (2n²·mean), computed in its sorted form
    Σ (n + 1 − 2·rank) · x / (n · Σx) with rank 1 the largest.
-#}
{{ config(unique_key='as_of_date') }}

with

revenue_shares as (

    select * from {{ ref('customer_revenue_shares') }}
    where as_of_date = {{ as_of_date() }}

),

paying_customers as (

    select
        *,
        count(*) over () as customer_count

    from revenue_shares
    where net_revenue > 0

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        coalesce(sum(net_revenue), 0) as total_net_revenue,
        count(*) as customer_count,
        10000 * sum(revenue_share * revenue_share) as hhi,
        1 / sum(revenue_share * revenue_share) as effective_customers,
        sum(case when revenue_rank <= 1 then revenue_share else 0 end) as top1_share,
        sum(case when revenue_rank <= 5 then revenue_share else 0 end) as top5_share,
        sum(case when revenue_rank <= 10 then revenue_share else 0 end) as top10_share,
        sum(
            case when revenue_rank <= ceiling(0.2 * customer_count) then revenue_share else 0 end
        ) as top20pct_share,
        sum((customer_count + 1 - 2 * revenue_rank) * cast(net_revenue as double))
        / (max(customer_count) * sum(cast(net_revenue as double))) as gini,
        max(case when is_mono_client then customer_id end) as mono_client_id,
        count(case when is_major_customer then 1 end) as major_customer_count,
        '{{ pipeline_var("config_version") }}' as config_version

    from paying_customers

)

select * from final
