
-- Fixture for int_customer_scores_weighted
select cast(null as double) as `cost_to_serve_points`, cast(null as double) as `current_revenue_points`, cast(null as double) as `order_stability_points`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_points`, cast(null as double) as `revenue_growth_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `current_revenue_score`, cast(null as double) as `order_stability_score`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `product_need_score`, cast(null as double) as `reputation_score`, cast(null as double) as `revenue_growth_score`, cast('2026-06-30' as date)
 as `as_of_date`, cast('c1' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast('Anna' as string)
 as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(50 as double)
 as `current_revenue_metric`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(null as double) as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast(null as int) as `account_rank`, cast('key' as string)
 as `tier`
union all
select cast(null as double) as `cost_to_serve_points`, cast(null as double) as `current_revenue_points`, cast(null as double) as `order_stability_points`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_points`, cast(null as double) as `revenue_growth_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `current_revenue_score`, cast(null as double) as `order_stability_score`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `product_need_score`, cast(null as double) as `reputation_score`, cast(null as double) as `revenue_growth_score`, cast('2026-06-30' as date)
 as `as_of_date`, cast('c2' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast('Anna' as string)
 as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(30 as double)
 as `current_revenue_metric`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(null as double) as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast(null as int) as `account_rank`, cast('ordinary' as string)
 as `tier`
union all
select cast(null as double) as `cost_to_serve_points`, cast(null as double) as `current_revenue_points`, cast(null as double) as `order_stability_points`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_points`, cast(null as double) as `revenue_growth_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `current_revenue_score`, cast(null as double) as `order_stability_score`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `product_need_score`, cast(null as double) as `reputation_score`, cast(null as double) as `revenue_growth_score`, cast('2026-06-30' as date)
 as `as_of_date`, cast('p1' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast('Anna' as string)
 as `account_manager`, cast(True as boolean)
 as `is_prospect`, cast(0 as double)
 as `current_revenue_metric`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(null as double) as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast(null as int) as `account_rank`, cast('prospect' as string)
 as `tier`
union all
select cast(null as double) as `cost_to_serve_points`, cast(null as double) as `current_revenue_points`, cast(null as double) as `order_stability_points`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_points`, cast(null as double) as `revenue_growth_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `current_revenue_score`, cast(null as double) as `order_stability_score`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `product_need_score`, cast(null as double) as `reputation_score`, cast(null as double) as `revenue_growth_score`, cast('2026-06-30' as date)
 as `as_of_date`, cast('c3' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast('Bruno' as string)
 as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(20 as double)
 as `current_revenue_metric`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(null as double) as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast(null as int) as `account_rank`, cast('development' as string)
 as `tier`
union all
select cast(null as double) as `cost_to_serve_points`, cast(null as double) as `current_revenue_points`, cast(null as double) as `order_stability_points`, cast(null as double) as `potential_revenue_points`, cast(null as double) as `product_need_points`, cast(null as double) as `reputation_points`, cast(null as double) as `revenue_growth_points`, cast(null as string) as `missing_criteria`, cast(null as double) as `cost_to_serve_score`, cast(null as double) as `current_revenue_score`, cast(null as double) as `order_stability_score`, cast(null as double) as `potential_revenue_score`, cast(null as double) as `product_need_score`, cast(null as double) as `reputation_score`, cast(null as double) as `revenue_growth_score`, cast('2026-06-30' as date)
 as `as_of_date`, cast('c4' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string)
 as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(100 as double)
 as `current_revenue_metric`, cast(null as double) as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(null as double) as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`, cast(null as double) as `weighted_score`, cast(null as bigint) as `score_rank`, cast(null as int) as `account_rank`, cast('key' as string)
 as `tier`