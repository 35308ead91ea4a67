{#-
    The 1..scale score of one criterion (docs/method.md "Scoring"), among the rows of
    the same as-of date that have a value (`value`: null where the metric is missing or the
    criterion does not apply). Null where the value is; the caller nulls it too where the
    criterion carries no information (criterion_is_informative).
    - percent_rank: 1 + (scale - 1) × percent_rank, values rounded to 6 decimals first so that
      values equal in exact arithmetic tie, ties share the lowest rank, the best value ranks
      highest; a single value scores the top of the scale;
    - log_range: 1 + (scale - 1) × the place of ln(1 + x) between ln(1 + lo) and ln(1 + hi),
      x = max(value, 0), lo and hi the smallest and largest x of the date; reversed when lower
      is better; one x for all scores the top;
    - bands: 1 + (scale - 1) × the share of the ascending thresholds the value reaches (at or
      below it; at or above it when lower is better);
    - rating: a value on 1..10 brought to 1..scale (10 - value when lower is better).
-#}
{% macro criterion_score(value, criterion, scale) -%}
    {%- set higher = criterion.direction == 'higher' -%}
    {%- set method = criterion.method -%}
    {#- greatest() skips a null: the missing values would count as 0 in the range. -#}
    {%- set x = 'case when ' ~ value ~ ' > 0 then ' ~ value ~ ' when ' ~ value ~ ' is not null then 0 end' -%}
    case
        when {{ value }} is null then null
        {% if method == 'percent_rank' -%}
            when count({{ value }}) over (partition by as_of_date) = 1
                then {{ scale }}
            else 1 + ({{ scale }} - 1) * percent_rank() over (
                partition by as_of_date, {{ value }} is null
                order by round({{ value }}, 6) {{ 'asc' if higher else 'desc' }}
            )
        {%- elif method == 'log_range' -%}
            {#- The place between lo and hi is divided first: at hi it is exactly 1 (9 × y / y
                need not be 9, and a score may not pass the scale). -#}
            {%- set lo = 'ln(1 + min(' ~ x ~ ') over (partition by as_of_date))' -%}
            {%- set hi = 'ln(1 + max(' ~ x ~ ') over (partition by as_of_date))' -%}
            when {{ hi }} = {{ lo }} then {{ scale }}
            else 1 + ({{ scale }} - 1) * (
                ({{ 'ln(1 + (' ~ x ~ ')) - ' ~ lo if higher else hi ~ ' - ln(1 + (' ~ x ~ '))' }})
                / ({{ hi }} - {{ lo }})
            )
        {%- elif method == 'bands' -%}
            {%- set thresholds = criterion.thresholds or [] -%}
            else 1 + ({{ scale }} - 1) * (
                {% for threshold in thresholds -%}
                    case when {{ value }} {{ '>=' if higher else '<=' }} {{ threshold }} then 1 else 0 end
                    {{- ' + ' if not loop.last }}
                {%- endfor %}
            ) / {{ thresholds | length }}
        {%- elif method == 'rating' -%}
            else 1 + ({{ scale }} - 1) * ({{ value ~ ' - 1' if higher else '10 - ' ~ value }}) / 9
        {%- elif execute -%}
            {{ exceptions.raise_compiler_error(
                'Criterion scoring method ' ~ (method or '(none)') ~ ' is not one of percent_rank, '
                ~ 'log_range, bands, rating: pass the criteria from the scoring configuration.'
            ) }}
        {%- endif %}
    end
{%- endmacro %}

{#-
    Whether a criterion carries information on the row's as-of date: some row has a value, and
    they are not all equal (one value, or two or more that differ at 6 decimals). A criterion
    that carries none scores no one: it would move every score by the same amount.
-#}
{% macro criterion_is_informative(value) -%}
    coalesce(
        count({{ value }}) over (partition by as_of_date) = 1
        or min(round({{ value }}, 6)) over (partition by as_of_date)
        < max(round({{ value }}, 6)) over (partition by as_of_date),
        false
    )
{%- endmacro %}
