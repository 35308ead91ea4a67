with

 __dbt__cte__int_customer_criteria_metrics as (

-- Fixture for int_customer_criteria_metrics
select cast(null as date) as `as_of_date`, cast('c1' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(100 as double)
 as `current_revenue_metric`, cast(1 as double)
 as `potential_revenue_metric`, cast(1 as double)
 as `revenue_growth_metric`, cast(0.5 as double)
 as `order_stability_metric`, cast(1 as double)
 as `cost_to_serve_metric`, cast(1 as double)
 as `product_need_metric`, cast(1 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('c2' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(100 as double)
 as `current_revenue_metric`, cast(1 as double)
 as `potential_revenue_metric`, cast(1 as double)
 as `revenue_growth_metric`, cast(0.2 as double)
 as `order_stability_metric`, cast(1 as double)
 as `cost_to_serve_metric`, cast(1 as double)
 as `product_need_metric`, cast(1 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('c3' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(50 as double)
 as `current_revenue_metric`, cast(1 as double)
 as `potential_revenue_metric`, cast(1 as double)
 as `revenue_growth_metric`, cast(null as double)
 as `order_stability_metric`, cast(1 as double)
 as `cost_to_serve_metric`, cast(1 as double)
 as `product_need_metric`, cast(1 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('c4' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(200 as double)
 as `current_revenue_metric`, cast(1 as double)
 as `potential_revenue_metric`, cast(1 as double)
 as `revenue_growth_metric`, cast(0.2 as double)
 as `order_stability_metric`, cast(1 as double)
 as `cost_to_serve_metric`, cast(1 as double)
 as `product_need_metric`, cast(1 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('c5' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(50.0000004 as double)
 as `current_revenue_metric`, cast(1 as double)
 as `potential_revenue_metric`, cast(1 as double)
 as `revenue_growth_metric`, cast(0.35 as double)
 as `order_stability_metric`, cast(1 as double)
 as `cost_to_serve_metric`, cast(1 as double)
 as `product_need_metric`, cast(1 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
), metrics as (

    select * from __dbt__cte__int_customer_criteria_metrics

),

criterion_scores as (

    select
        case
        when current_revenue_metric is null then 1
        when count(current_revenue_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by current_revenue_metric is null
            order by round(current_revenue_metric, 6) asc
        )
    end as current_revenue_score,
        case
        when potential_revenue_metric is null then 1
        when count(potential_revenue_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by potential_revenue_metric is null
            order by round(potential_revenue_metric, 6) asc
        )
    end as potential_revenue_score,
        case
        when revenue_growth_metric is null then 1
        when count(revenue_growth_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by revenue_growth_metric is null
            order by round(revenue_growth_metric, 6) asc
        )
    end as revenue_growth_score,
        case
        when order_stability_metric is null then 1
        when count(order_stability_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by order_stability_metric is null
            order by round(order_stability_metric, 6) desc
        )
    end as order_stability_score,
        case
        when cost_to_serve_metric is null then 1
        when count(cost_to_serve_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by cost_to_serve_metric is null
            order by round(cost_to_serve_metric, 6) desc
        )
    end as cost_to_serve_score,
        case
        when product_need_metric is null then 1
        when count(product_need_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by product_need_metric is null
            order by round(product_need_metric, 6) asc
        )
    end as product_need_score,
        case
        when reputation_metric is null then 1
        when count(reputation_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by reputation_metric is null
            order by round(reputation_metric, 6) asc
        )
    end as reputation_score,
        metrics.*

    from metrics

),

criterion_points as (

    select
        case
        when is_prospect then 0
        else 1 * current_revenue_score / 2
    end as current_revenue_points,
        case
        when is_prospect then 0 * potential_revenue_score / 0
        else 0 * potential_revenue_score / 2
    end as potential_revenue_points,
        case
        when is_prospect then 0
        else 0 * revenue_growth_score / 2
    end as revenue_growth_points,
        case
        when is_prospect then 0
        else 1 * order_stability_score / 2
    end as order_stability_points,
        case
        when is_prospect then 0
        else 0 * cost_to_serve_score / 2
    end as cost_to_serve_points,
        case
        when is_prospect then 0
        else 0 * product_need_score / 2
    end as product_need_points,
        case
        when is_prospect then 0 * reputation_score / 0
        else 0 * reputation_score / 2
    end as reputation_points,
        nullif(concat_ws(', ', case when current_revenue_metric is null then 'current_revenue' end, case when potential_revenue_metric is null then 'potential_revenue' end, case when revenue_growth_metric is null then 'revenue_growth' end, case when order_stability_metric is null then 'order_stability' end, case when cost_to_serve_metric is null then 'cost_to_serve' end, case when product_need_metric is null then 'product_need' end, case when reputation_metric is null then 'reputation' end), '') as missing_criteria,
        criterion_scores.*

    from criterion_scores

),

weighted as (

    select
        *,
        round(current_revenue_points + potential_revenue_points + revenue_growth_points + order_stability_points + cost_to_serve_points + product_need_points + reputation_points, 6) as weighted_score

    from criterion_points

),

ranked as (

    select
        *,
        -- bigint on every engine (Spark's row_number is an int).
        cast(row_number() over (order by weighted_score desc, customer_id asc) as bigint)
        as score_rank,
        case
            when not is_prospect
                then row_number() over (
                    partition by is_prospect order by weighted_score desc, customer_id asc
                )
        end as account_rank

    from weighted

),

-- How many accounts reach each tier's minimum; the last tier's minimum is 1, so everyone.
tier_qualification as (

    select
        sum(
                case
                    when not is_prospect and weighted_score >= 7.5 then 1
                    else 0
                end
            ) as qualified_0,
        sum(
                case
                    when not is_prospect and weighted_score >= 5.0 then 1
                    else 0
                end
            ) as qualified_1,
        sum(
                case
                    when not is_prospect and weighted_score >= 1 then 1
                    else 0
                end
            ) as qualified_2,
        count(*) as scored_customers

    from ranked

),

-- Accounts ranked up to last_rank_i are in tier i or above. Tier i adds those that qualify and
-- are not above it yet, up to its max_accounts; the overflow qualifies for the next tier too.

    tier_bound_0 as (

        select
            *,
            0 + least(30, greatest(0, qualified_0 - 0)) as last_rank_0

        from tier_qualification

    ),

    tier_bound_1 as (

        select
            *,
            last_rank_0 + greatest(0, qualified_1 - last_rank_0) as last_rank_1

        from tier_bound_0

    ),

    tier_bound_2 as (

        select
            *,
            last_rank_1 + greatest(0, qualified_2 - last_rank_1) as last_rank_2

        from tier_bound_1

    ),


final as (

    select
        ranked.*,
        case
            when
                ranked.is_prospect
                and ranked.weighted_score >= 7.5
                then 'key_prospect'
            when ranked.is_prospect then 'prospect'
            when ranked.account_rank <= tier_bounds.last_rank_0
                    then 'key'
            when ranked.account_rank <= tier_bounds.last_rank_1
                    then 'development'
            when ranked.account_rank <= tier_bounds.last_rank_2
                    then 'ordinary'
            
        end as tier

    from ranked
    cross join tier_bound_2 as tier_bounds

)

select * from final