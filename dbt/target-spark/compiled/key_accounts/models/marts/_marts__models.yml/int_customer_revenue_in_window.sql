
-- Fixture for int_customer_revenue_in_window
select cast('2026-06-30' as date)
 as `as_of_date`, cast('e' as string)
 as `customer_id`, cast(20 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('c' as string)
 as `customer_id`, cast(20 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('neg' as string)
 as `customer_id`, cast(-3 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('a' as string)
 as `customer_id`, cast(20 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('d' as string)
 as `customer_id`, cast(20 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('b' as string)
 as `customer_id`, cast(20 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`