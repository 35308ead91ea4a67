{#-
    One row per scored as-of date and customer: its tier and the rule that decided it
    (macros/assign_tiers.sql), with what the rule looked at: the override in force, whether it is
    a major customer (alone, or as the largest member of a major group), and whether it is an
    incumbent (in the first tier on the previous scored date). Keeps every scored date, so the
    next date finds its incumbents here.

    An incumbent's margin makes a date depend on the tiers of the scored date before it, so the
    dates of a run are tiered one after the other, oldest first, each from the latest scored
    date before it (of this run, or kept from an earlier run): a backfill of a range gives the
    rows of scoring its dates one by one in order. A date scored before an already scored later
    one leaves that later date's tiers as they are until it is scored again.
-#}
{#- It keeps every scored date: a column added later is added to a warehouse scored before it
    (null on those dates), as in the marts. -#}
{{ config(**replace_by_key_config('as_of_date')) }}
{%- set key_tier = key_tier_name() -%}
{%- set tier_names = (pipeline_var('tiers') or []) | map(attribute='name') | list -%}
{%- set quoted_tier_names = "'" ~ (tier_names | join("', '")) ~ "'" -%}
{#- The run's dates, oldest first, when the warehouse holds them (not when parsing, linting or
    unit testing, whose dates are rows of the test). -#}
{%- set run_dates = [] -%}
{%- if execute and model.resource_type != 'unit_test'
    and load_relation(ref('stg_raw__as_of_dates')) is not none -%}
    {%- set found = run_query(
        'select cast(as_of_date as ' ~ dbt.type_string() ~ ') from '
        ~ ref('stg_raw__as_of_dates') ~ ' order by 1'
    ) -%}
    {%- do run_dates.extend(found.columns[0].values()) -%}
{%- endif -%}
{#- One block of the rule per date, each from the one before; one for all when a run has one
    date, or the dates are not known. -#}
{%- set blocks = run_dates if run_dates | length > 1 else [none] -%}

-- The run's as-of dates, whose rows the pre-hook replaces (macros/replace_by_key_config.sql).
-- depends_on: {{ ref('stg_raw__as_of_dates') }}
with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

revenue_shares as (

    select * from {{ ref('int_customer_revenue_shares') }}

),

account_overrides as (

    select * from {{ ref('stg_raw__account_overrides') }}

),

-- An override applies on the as-of dates up to its review date, and only with a tier of the
-- customer's kind on that date: a configured tier for an account, a prospect's for a prospect.
tier_inputs as (

    select
        weighted_scores.as_of_date,
        weighted_scores.customer_id,
        weighted_scores.is_prospect,
        weighted_scores.weighted_score,
        weighted_scores.score_completeness,
        coalesce(revenue_shares.is_major_customer, false) as is_major_customer,
        coalesce(revenue_shares.is_major_for_tiers, false) as is_major_for_tiers,
        account_overrides.tier as override_tier,
        account_overrides.override_reason

    from weighted_scores
    left join revenue_shares
        on
            weighted_scores.as_of_date = revenue_shares.as_of_date
            and weighted_scores.customer_id = revenue_shares.customer_id
    left join account_overrides
        on
            weighted_scores.customer_id = account_overrides.customer_id
            and weighted_scores.as_of_date <= account_overrides.review_date
            and (
                (
                    weighted_scores.is_prospect
                    and account_overrides.tier in ('key_prospect', 'prospect')
                )
                or (
                    not weighted_scores.is_prospect
                    and account_overrides.tier in ({{ quoted_tier_names }})
                )
            )

),

-- The tiers of the dates scored by earlier runs (none on a first build).
kept_tiers as (

    {% if is_incremental() -%}
        select
            kept.as_of_date,
            kept.customer_id,
            kept.tier

        from {{ this }} as kept
        where not {{ is_run_as_of_date('kept.as_of_date') }}
    {%- else -%}
        select
            cast(null as date) as as_of_date,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_string() }}) as tier

        where false
    {%- endif %}

),

-- Per date of the run, the latest date before it scored by an earlier run.
previous_kept_dates as (

    select
        as_of_dates.as_of_date,
        max(kept_tiers.as_of_date) as previous_as_of_date

    from {{ ref('stg_raw__as_of_dates') }} as as_of_dates
    inner join kept_tiers
        on as_of_dates.as_of_date > kept_tiers.as_of_date
    group by as_of_dates.as_of_date

),

-- The customers in the first tier on that date.
kept_incumbents as (

    select
        previous_kept_dates.as_of_date,
        kept_tiers.customer_id

    from previous_kept_dates
    inner join kept_tiers
        on
            previous_kept_dates.previous_as_of_date = kept_tiers.as_of_date
            and kept_tiers.tier = '{{ key_tier }}'

),

-- One block of CTEs per date, written by a loop: sqlfluff cannot follow its indentation.
-- noqa: disable=LT02
{%- for day in blocks %}
    {%- set number = loop.index0 %}
    {%- set previous_day = blocks[number - 1] if number > 0 else none %}

-- {{ day or 'Each date' }}: its incumbents, in the first tier on the scored date before it.
date_{{ number }}_inputs as (

    select
        tier_inputs.*,
        {% if previous_day -%}
            case
                when previous_kept_dates.previous_as_of_date > cast('{{ previous_day }}' as date)
                    then kept_incumbents.customer_id is not null
                else coalesce(previous_tiers.tier = '{{ key_tier }}', false)
            end as is_incumbent
        {%- else -%}
            kept_incumbents.customer_id is not null as is_incumbent
        {%- endif %}

    from tier_inputs
    {%- if previous_day %}
        left join previous_kept_dates
            on tier_inputs.as_of_date = previous_kept_dates.as_of_date
    {%- endif %}
    left join kept_incumbents
        on
            tier_inputs.as_of_date = kept_incumbents.as_of_date
            and tier_inputs.customer_id = kept_incumbents.customer_id
    {%- if previous_day %}
        left join date_{{ number - 1 }}_tiers as previous_tiers
            on tier_inputs.customer_id = previous_tiers.customer_id
    {%- endif %}
    {%- if day %}
        where tier_inputs.as_of_date = cast('{{ day }}' as date)
    {%- endif %}

),

{{ assign_tiers(
    'date_' ~ number ~ '_inputs',
    into='date_' ~ number ~ '_tiers',
    partition_by=['as_of_date'],
    prefix='date_' ~ number ~ '_'
) }},
{%- endfor %}

final as (

    {% for day in blocks -%}
        select
            as_of_date,
            customer_id,
            is_incumbent,
            is_major_customer,
            is_major_for_tiers,
            override_tier,
            override_reason,
            tier,
            tier_source

        from date_{{ loop.index0 }}_tiers
        {{ 'union all' if not loop.last }}
    {% endfor %}
)

-- noqa: enable=LT02
select * from final
