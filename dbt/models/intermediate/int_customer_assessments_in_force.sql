{#-
    The judgements in force on each as-of date of the run (docs/method.md "KAISM"): per customer and configured assessment factor, the latest rating with
    assessed_on on or before the as-of date and at most assessment_max_age_months before it.
    An older rating is no longer in force; a factor no longer configured is left out.
-#}
{%- set factors = pipeline_var('assessment_factors') or [] -%}
{%- set max_age_months = pipeline_var('assessment_max_age_months') or 0 -%}

with

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

assessments as (

    select * from {{ ref('stg_raw__account_assessments') }}

),

recent_assessments as (

    select
        as_of_dates.as_of_date,
        assessments.customer_id,
        assessments.factor,
        assessments.rating,
        assessments.assessed_on,
        assessments.assessor,
        row_number() over (
            partition by as_of_dates.as_of_date, assessments.customer_id, assessments.factor
            order by assessments.assessed_on desc
        ) as recency

    from assessments
    inner join as_of_dates
        on
            assessments.assessed_on <= as_of_dates.as_of_date
            and assessments.assessed_on
            >= {{ months_before('as_of_dates.as_of_date', max_age_months) }}
    {% if factors -%}
        where assessments.factor in (
            {% for factor in factors -%}
                '{{ factor }}'{{ ',' if not loop.last }}
            {% endfor -%}
        )
    {%- else -%}
        where false
    {%- endif %}

),

final as (

    select
        as_of_date,
        customer_id,
        factor,
        rating,
        assessed_on,
        assessor

    from recent_assessments
    where recency = 1

)

select * from final
