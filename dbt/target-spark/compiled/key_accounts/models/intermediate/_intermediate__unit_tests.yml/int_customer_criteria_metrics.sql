
-- Fixture for int_customer_criteria_metrics
select cast(null as date) as `as_of_date`, cast('a1' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(300 as double)
 as `current_revenue_metric`, cast(400 as double)
 as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(5 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('a2' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(200 as double)
 as `current_revenue_metric`, cast(100 as double)
 as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(6 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('a3' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(False as boolean)
 as `is_prospect`, cast(100 as double)
 as `current_revenue_metric`, cast(null as double)
 as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(7 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('p1' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(True as boolean)
 as `is_prospect`, cast(0 as double)
 as `current_revenue_metric`, cast(1000 as double)
 as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(9 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`
union all
select cast(null as date) as `as_of_date`, cast('p2' as string)
 as `customer_id`, cast(null as string) as `customer_name`, cast(null as string) as `industry`, cast(null as string) as `account_manager`, cast(True as boolean)
 as `is_prospect`, cast(0 as double)
 as `current_revenue_metric`, cast(50 as double)
 as `potential_revenue_metric`, cast(null as double) as `revenue_growth_metric`, cast(null as double) as `order_stability_metric`, cast(null as double) as `cost_to_serve_metric`, cast(null as double) as `product_need_metric`, cast(2 as double)
 as `reputation_metric`, cast(null as double) as `share_of_wallet_metric`