
-- Fixture for customer_revenue_shares
select cast('c1' as string)
 as `customer_id`, cast(62.5 as decimal(38,6))
 as `net_revenue`, cast(0.625 as double)
 as `revenue_share`, cast(null as double) as `cumulative_share`, cast(1 as bigint)
 as `revenue_rank`, cast(null as string) as `abc_class`, cast(True as boolean)
 as `is_mono_client`, cast(True as boolean)
 as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-30' as date)
 as `as_of_date`
union all
select cast('c2' as string)
 as `customer_id`, cast(25 as decimal(38,6))
 as `net_revenue`, cast(0.25 as double)
 as `revenue_share`, cast(null as double) as `cumulative_share`, cast(2 as bigint)
 as `revenue_rank`, cast(null as string) as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(True as boolean)
 as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-30' as date)
 as `as_of_date`
union all
select cast('c3' as string)
 as `customer_id`, cast(6.25 as decimal(38,6))
 as `net_revenue`, cast(0.0625 as double)
 as `revenue_share`, cast(null as double) as `cumulative_share`, cast(3 as bigint)
 as `revenue_rank`, cast(null as string) as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(False as boolean)
 as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-30' as date)
 as `as_of_date`
union all
select cast('c4' as string)
 as `customer_id`, cast(6.25 as decimal(38,6))
 as `net_revenue`, cast(0.0625 as double)
 as `revenue_share`, cast(null as double) as `cumulative_share`, cast(4 as bigint)
 as `revenue_rank`, cast(null as string) as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(False as boolean)
 as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-30' as date)
 as `as_of_date`
union all
select cast('p1' as string)
 as `customer_id`, cast(0 as decimal(38,6))
 as `net_revenue`, cast(0 as double)
 as `revenue_share`, cast(null as double) as `cumulative_share`, cast(5 as bigint)
 as `revenue_rank`, cast(null as string) as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(False as boolean)
 as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-30' as date)
 as `as_of_date`