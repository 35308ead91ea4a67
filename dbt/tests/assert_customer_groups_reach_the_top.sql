-- Catches a chain of parents cut before its top (longer than int_customer_groups walks up, or a
-- parent missing from the snapshot): every customer's group must be a customer without a parent.
{{ config(meta={'dagster': {'ref': {'name': 'int_customer_groups'}}}) }}

select customer_groups.*

from {{ ref('int_customer_groups') }} as customer_groups
left join {{ ref('stg_raw__customers') }} as customers
    on customer_groups.group_id = customers.customer_id
where customers.customer_id is null or customers.parent_customer_id is not null
