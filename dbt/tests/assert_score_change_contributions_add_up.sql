-- Catches an attribution that does not explain the move: on every customer scored on both
-- dates, the criteria's contributions, the weights' and the rounding add up to score_change.
{{ config(meta={'dagster': {'ref': {'name': 'score_changes'}}}) }}
{%- set criteria = pipeline_var('criteria') or {} %}

with

run_rows as (

    select score_changes.*
    from {{ ref('score_changes') }} as score_changes
    where {{ is_run_as_of_date('score_changes.as_of_date') }}

)

select *
from run_rows
where
    not is_newly_scored
    and not is_no_longer_scored
    and abs(
        score_change
        - (
            {{ sum_of_points(criteria, '_contribution') }}
            + weights_contribution
            + rounding_contribution
        )
    ) > 1e-9
