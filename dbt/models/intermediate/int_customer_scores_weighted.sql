{#-
    The points-based ranking table of every as-of date of the run (docs/method.md "Scoring"), each date on its own: each criterion's 1..scale score by its method
    (macros/criterion_score.sql), its points, the weighted score, its completeness, the factors
    that raise and lower it most, and the rank. The tiers are assigned after it
    (int_customer_tiers_assigned), as they depend on the previous scored date.

    A criterion applies to every account, and to a prospect only when it is a prospect
    criterion. It has no score where its metric is missing or it does not apply, and for no one
    on a date it carries no information; the weighted score is the weighted mean of the criteria
    present, so a blank field neither raises nor lowers it.
-#}
{%- set criteria = pipeline_var('criteria') or {} -%}
{%- set scale = pipeline_var('scale') -%}
{%- set prospect_criteria = pipeline_var('prospect_criteria') or [] -%}
{%- set weighted = weighted_criteria(criteria) -%}
{#- A criterion a KAM may judge (int_customer_criteria_metrics: `_basis` assessment): the
    judgement is scored as a rating, the other customers' data proxies by the criterion's method
    among themselves. -#}
{%- set factors = pipeline_var('assessment_factors') or [] -%}
{%- set judged = [] -%}
{%- for name in criteria if name in factors -%}{%- do judged.append(name) -%}{%- endfor -%}
{%- set value_where_it_applies = {} -%}
{%- set judgement_where_it_applies = {} -%}
{%- for name in criteria -%}
    {%- set applies = '' if name in prospect_criteria else 'not is_prospect and ' -%}
    {%- set judgement = name ~ "_basis = 'assessment'" -%}
    {%- if name in judged -%}
        {%- do value_where_it_applies.update({name: 'case when ' ~ applies ~ 'not coalesce('
            ~ judgement ~ ', false) then ' ~ name ~ '_metric end'}) -%}
        {%- do judgement_where_it_applies.update({name: 'case when ' ~ applies ~ judgement
            ~ ' then ' ~ name ~ '_metric end'}) -%}
    {%- else -%}
        {%- do value_where_it_applies.update({name: name ~ '_metric' if not applies
            else 'case when not is_prospect then ' ~ name ~ '_metric end'}) -%}
    {%- endif -%}
{%- endfor -%}

with

metrics as (

    select * from {{ ref('int_customer_criteria_metrics') }}

),

-- Each criterion's value where it applies: a prospect is scored on the prospect criteria only.
applicable_values as (

    select
        {% for name in criteria -%}
            {{ value_where_it_applies[name] }} as {{ name }}_value,
        {% endfor -%}
        {% for name in judged -%}
            {{ judgement_where_it_applies[name] }} as {{ name }}_judgement,
        {% endfor -%}
        {% for name in criteria -%}
            {{ 'true' if name in prospect_criteria else 'not is_prospect' }} as {{ name }}_applies,
        {% endfor -%}
        metrics.*

    from metrics

),

informative_values as (

    select
        {% for name in criteria -%}
            {% if name in judged -%}
                {{ criterion_is_informative(name ~ '_value') }} as {{ name }}_data_is_informative,
                {{ criterion_is_informative(name ~ '_value') }}
                or count(applicable_values.{{ name }}_judgement)
                    over (partition by applicable_values.as_of_date) > 0
                    as {{ name }}_is_informative,
            {% else -%}
                {{ criterion_is_informative(name ~ '_value') }} as {{ name }}_is_informative,
            {% endif -%}
        {% endfor -%}
        applicable_values.*

    from applicable_values

),

criterion_scores as (

    select
        *,
        {% for name, criterion in criteria.items() -%}
            {% if name in judged -%}
                {%- set as_rating = {'direction': criterion.direction, 'method': 'rating'} -%}
                case
                    when {{ name }}_judgement is not null
                        then {{ criterion_score(name ~ '_judgement', as_rating, scale) }}
                    when {{ name }}_data_is_informative
                        then {{ criterion_score(name ~ '_value', criterion, scale) }}
                end as {{ name }}_score,
            {% else -%}
                case
                    when {{ name }}_is_informative
                        then {{ criterion_score(name ~ '_value', criterion, scale) }}
                end as {{ name }}_score,
            {% endif -%}
        {% endfor -%}
        -- Doubles on every engine (Spark sums decimal literals in decimals).
        cast(
            {% for name in weighted -%}
                case
                    when {{ name }}_applies and {{ name }}_is_informative
                        then {{ criteria[name].weight }}
                    else 0
                end{{ ' +' if not loop.last }}
            {% endfor %}
            as double
        ) as informative_weight

    from informative_values

),

present_weights as (

    select
        *,
        cast(
            {% for name in weighted -%}
                case
                    when {{ name }}_score is not null then {{ criteria[name].weight }}
                    else 0
                end{{ ' +' if not loop.last }}
            {% endfor %}
            as double
        ) as present_weight

    from criterion_scores

),

criterion_points as (

    select
        *,
        {% for name in criteria -%}
            {{ criteria[name].weight }} * {{ name }}_score / nullif(present_weight, 0)
                as {{ name }}_points,
        {% endfor -%}
        -- Against a neutral customer, one scored in the middle of the scale on every criterion.
        {% for name in weighted -%}
            ({{ name }}_score - {{ (1 + scale) / 2 }}) * {{ criteria[name].weight }}
            / nullif(present_weight, 0) as {{ name }}_contribution,
        {% endfor -%}
        {{ names_where(weighted, '{}_applies and {}_is_informative and {}_score is null') }}
            as missing_criteria,
        {{ names_where(weighted, 'not {}_is_informative') }} as uninformative_criteria,
        round(
            case when informative_weight > 0 then present_weight / informative_weight else 1 end, 6
        ) as score_completeness

    from present_weights

),

weighted as (

    select
        *,
        -- With no criterion present, the bottom of the scale.
        round(
            case
                when present_weight > 0 then {{ sum_over(weighted, 'coalesce({}_points, 0)') }}
                else 1
            end,
            6
        ) as weighted_score,
        {{ top_factors(weighted, 'positive') }} as top_positive_factors,
        {{ top_factors(weighted, 'negative') }} as top_negative_factors

    from criterion_points

),

final as (

    select
        *,
        -- bigint on every engine (Spark's row_number is an int).
        cast(
            row_number() over (
                partition by as_of_date order by weighted_score desc, customer_id asc
            ) as bigint
        ) as score_rank

    from weighted

)

select * from final
