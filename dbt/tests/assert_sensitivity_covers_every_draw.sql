-- Catches a customer lost or counted twice in a draw (a join or a partition gone wrong): on the
-- as-of date, every row of key_account_sensitivity must count each draw of int_weight_draws once.
{{ config(meta={'dagster': {'ref': {'name': 'key_account_sensitivity'}}}) }}

{{ config(meta={'dagster': {'ref': {'name': 'key_account_sensitivity'}}}) }}

with

configured_draws as (

    select count(*) as draw_count
    from {{ ref('int_weight_draws') }}

)

select sensitivity.*
from {{ ref('key_account_sensitivity') }} as sensitivity
cross join configured_draws
where
    {{ is_run_as_of_date('sensitivity.as_of_date') }}
    and sensitivity.draws != configured_draws.draw_count
