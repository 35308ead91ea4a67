with

 __dbt__cte__int_customer_scores_weighted as (

-- Fixture for int_customer_scores_weighted
select cast(null as double) as `cost_to_serve_points`, cast(null as double) as `current_revenue_points`, cast(null as double) as `order_stability_points`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_points`, cast(null as double) as `revenue_growth_points`, cast(null as string) as `missing_criteria`, cast(3 as double)
 as `cost_to_serve_score`, cast(null as double) as `current_revenue_score`, cast(1 as double)
 as `order_stability_score`, cast(10 as double)
 as `potential_revenue_score`, cast(4 as double)
 as `product_need_score`, cast(7 as double)
 as `reputation_score`, cast(4 as double)
 as `revenue_growth_score`, cast(null as date) as `as_of_date`, cast('x' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(null as double) as `reputation_metric`, cast(0.5 as double)
 as `share_of_wallet_metric`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast(null as int) as `account_rank`, cast(null as string) as `tier`
union all
select cast(null as double) as `cost_to_serve_points`, cast(null as double) as `current_revenue_points`, cast(null as double) as `order_stability_points`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_points`, cast(null as double) as `revenue_growth_points`, cast(null as string) as `missing_criteria`, cast(1 as double)
 as `cost_to_serve_score`, cast(null as double) as `current_revenue_score`, cast(10 as double)
 as `order_stability_score`, cast(1 as double)
 as `potential_revenue_score`, cast(10 as double)
 as `product_need_score`, cast(1 as double)
 as `reputation_score`, cast(1 as double)
 as `revenue_growth_score`, cast(null as date) as `as_of_date`, cast('y' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(null as double) as `reputation_metric`, cast(0.25 as double)
 as `share_of_wallet_metric`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast(null as int) as `account_rank`, cast(null as string) as `tier`
), weighted_scores as (

    select * from __dbt__cte__int_customer_scores_weighted

),

factor_scores as (

    select
        *,
        case
        when share_of_wallet_metric is null then 1
        when count(share_of_wallet_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by share_of_wallet_metric is null
            order by round(share_of_wallet_metric, 6) asc
        )
    end as share_of_wallet_score

    from weighted_scores

),

axes as (

    select
        as_of_date,
        customer_id,
        share_of_wallet_metric,
        share_of_wallet_score,
        round((1 * potential_revenue_score + 1 * revenue_growth_score + 1 * reputation_score + 1 * cost_to_serve_score) / 4, 6) as attractiveness,
        round((1 * share_of_wallet_score + 1 * order_stability_score + 1 * product_need_score) / 3, 6) as relative_strength

    from factor_scores

),

final as (

    select
        *,
        case
            when attractiveness >= 5.5 and relative_strength >= 5.5 then 'strategic'
            when attractiveness >= 5.5 then 'star'
            when relative_strength >= 5.5 then 'status'
            else 'streamline'
        end as kaism_quadrant

    from axes

)

select * from final