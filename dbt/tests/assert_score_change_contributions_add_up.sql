-- Catches an attribution that does not explain the move: on every customer scored on both
-- dates, the criteria's contributions, the weights' and the rounding add up to score_change.
{{ config(meta={'dagster': {'ref': {'name': 'score_changes'}}}) }}
{%- set criteria = pipeline_var('criteria') or {} %}

select *
from {{ ref('score_changes') }}
where
    as_of_date in (select as_of_date from {{ ref('stg_raw__as_of_dates') }})
    and not is_newly_scored
    and not is_no_longer_scored
    and abs(
        score_change
        - (
            {{ sum_of_points(criteria, '_contribution') }}
            + weights_contribution
            + rounding_contribution
        )
    ) > 1e-9
