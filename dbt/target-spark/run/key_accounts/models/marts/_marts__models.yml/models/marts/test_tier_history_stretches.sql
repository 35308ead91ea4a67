
    -- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    `customer_id`,`tier`,`valid_from`,`valid_to`,`previous_tier`, 'actual' as `actual_or_expected`
  from (
    

with

 __dbt__cte__customer_scores as (

-- Fixture for customer_scores
select cast('a' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `current_revenue_score`, cast(null as double) as `current_revenue_points`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `revenue_growth_score`, cast(null as double) as `revenue_growth_points`, cast(null as double) as `order_stability_metric`, cast(null as double) as `order_stability_score`, cast(null as double) as `order_stability_points`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `cost_to_serve_points`, cast(null as double) as `product_need_metric`, cast(null as double) as `product_need_score`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_metric`, cast(null as double) as `reputation_score`, cast(null as double) as `reputation_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast('key' as string)
 as `tier`, cast(null as string) as `abc_class`, cast(null as string) as `kaism_quadrant`, cast(null as boolean) as `is_mono_client`, cast(null as boolean) as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-01' as date)
 as `as_of_date`
union all
select cast('a' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `current_revenue_score`, cast(null as double) as `current_revenue_points`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `revenue_growth_score`, cast(null as double) as `revenue_growth_points`, cast(null as double) as `order_stability_metric`, cast(null as double) as `order_stability_score`, cast(null as double) as `order_stability_points`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `cost_to_serve_points`, cast(null as double) as `product_need_metric`, cast(null as double) as `product_need_score`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_metric`, cast(null as double) as `reputation_score`, cast(null as double) as `reputation_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast('key' as string)
 as `tier`, cast(null as string) as `abc_class`, cast(null as string) as `kaism_quadrant`, cast(null as boolean) as `is_mono_client`, cast(null as boolean) as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-02' as date)
 as `as_of_date`
union all
select cast('a' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `current_revenue_score`, cast(null as double) as `current_revenue_points`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `revenue_growth_score`, cast(null as double) as `revenue_growth_points`, cast(null as double) as `order_stability_metric`, cast(null as double) as `order_stability_score`, cast(null as double) as `order_stability_points`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `cost_to_serve_points`, cast(null as double) as `product_need_metric`, cast(null as double) as `product_need_score`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_metric`, cast(null as double) as `reputation_score`, cast(null as double) as `reputation_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast('development' as string)
 as `tier`, cast(null as string) as `abc_class`, cast(null as string) as `kaism_quadrant`, cast(null as boolean) as `is_mono_client`, cast(null as boolean) as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-03' as date)
 as `as_of_date`
union all
select cast('a' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `current_revenue_score`, cast(null as double) as `current_revenue_points`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `revenue_growth_score`, cast(null as double) as `revenue_growth_points`, cast(null as double) as `order_stability_metric`, cast(null as double) as `order_stability_score`, cast(null as double) as `order_stability_points`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `cost_to_serve_points`, cast(null as double) as `product_need_metric`, cast(null as double) as `product_need_score`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_metric`, cast(null as double) as `reputation_score`, cast(null as double) as `reputation_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast('key' as string)
 as `tier`, cast(null as string) as `abc_class`, cast(null as string) as `kaism_quadrant`, cast(null as boolean) as `is_mono_client`, cast(null as boolean) as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-04' as date)
 as `as_of_date`
union all
select cast('b' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `current_revenue_score`, cast(null as double) as `current_revenue_points`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `revenue_growth_score`, cast(null as double) as `revenue_growth_points`, cast(null as double) as `order_stability_metric`, cast(null as double) as `order_stability_score`, cast(null as double) as `order_stability_points`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `cost_to_serve_points`, cast(null as double) as `product_need_metric`, cast(null as double) as `product_need_score`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_metric`, cast(null as double) as `reputation_score`, cast(null as double) as `reputation_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast('ordinary' as string)
 as `tier`, cast(null as string) as `abc_class`, cast(null as string) as `kaism_quadrant`, cast(null as boolean) as `is_mono_client`, cast(null as boolean) as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-01' as date)
 as `as_of_date`
union all
select cast('b' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `current_revenue_score`, cast(null as double) as `current_revenue_points`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `revenue_growth_score`, cast(null as double) as `revenue_growth_points`, cast(null as double) as `order_stability_metric`, cast(null as double) as `order_stability_score`, cast(null as double) as `order_stability_points`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `cost_to_serve_points`, cast(null as double) as `product_need_metric`, cast(null as double) as `product_need_score`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_metric`, cast(null as double) as `reputation_score`, cast(null as double) as `reputation_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast('ordinary' as string)
 as `tier`, cast(null as string) as `abc_class`, cast(null as string) as `kaism_quadrant`, cast(null as boolean) as `is_mono_client`, cast(null as boolean) as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-03' as date)
 as `as_of_date`
union all
select cast('b' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(null as boolean) as `is_prospect`, cast(null as double) as `current_revenue_metric`, cast(null as double) as `current_revenue_score`, cast(null as double) as `current_revenue_points`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `revenue_growth_score`, cast(null as double) as `revenue_growth_points`, cast(null as double) as `order_stability_metric`, cast(null as double) as `order_stability_score`, cast(null as double) as `order_stability_points`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `cost_to_serve_points`, cast(null as double) as `product_need_metric`, cast(null as double) as `product_need_score`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_metric`, cast(null as double) as `reputation_score`, cast(null as double) as `reputation_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast('ordinary' as string)
 as `tier`, cast(null as string) as `abc_class`, cast(null as string) as `kaism_quadrant`, cast(null as boolean) as `is_mono_client`, cast(null as boolean) as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-04' as date)
 as `as_of_date`
), customer_scores as (

    select * from __dbt__cte__customer_scores

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
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    `customer_id`, `tier`, `valid_from`, `valid_to`, `previous_tier`, 'expected' as `actual_or_expected`
  from (
    select cast('a' as string)
 as `customer_id`, cast('development' as string)
 as `tier`, cast('2026-06-03' as date)
 as `valid_from`, cast('2026-06-04' as date)
 as `valid_to`, cast('key' as string)
 as `previous_tier`
union all
select cast('a' as string)
 as `customer_id`, cast('key' as string)
 as `tier`, cast('2026-06-01' as date)
 as `valid_from`, cast('2026-06-03' as date)
 as `valid_to`, cast(null as string)
 as `previous_tier`
union all
select cast('a' as string)
 as `customer_id`, cast('key' as string)
 as `tier`, cast('2026-06-04' as date)
 as `valid_from`, cast(null as date)
 as `valid_to`, cast('development' as string)
 as `previous_tier`
union all
select cast('b' as string)
 as `customer_id`, cast('ordinary' as string)
 as `tier`, cast('2026-06-01' as date)
 as `valid_from`, cast('2026-06-02' as date)
 as `valid_to`, cast(null as string)
 as `previous_tier`
union all
select cast('b' as string)
 as `customer_id`, cast('ordinary' as string)
 as `tier`, cast('2026-06-03' as date)
 as `valid_from`, cast(null as date)
 as `valid_to`, cast('ordinary' as string)
 as `previous_tier`
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected