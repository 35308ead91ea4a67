{#-
    One row per draw of the sensitivity (key_account_sensitivity): each criterion's weight in
    that draw, the configured weight times the draw's factor for the criterion (a weight of 0
    stays 0).

    The factors come from weight_draw_factors() (macros/weight_draws.sql: uniform in
    1 ± weight_spread from a seeded generator, drawn when the SQL compiles), one list per draw
    in the order below. That order is not the `criteria` var's: the pipeline passes its vars
    with sorted keys.
-#}
{%- set criteria = pipeline_var('criteria') or {} -%}
{%- set draws = weight_draw_factors() -%}
{#- scoring_config.CRITERIA -#}
{%- set factor_order = [
    'current_revenue',
    'potential_revenue',
    'revenue_growth',
    'order_stability',
    'cost_to_serve',
    'product_need',
    'reputation',
] -%}


with

drawn_factors as (

    {% for factors in draws -%}
        select
            {% for name in factor_order -%}
                cast({{ factors[loop.index0] }} as decimal(9, 6)) as {{ name }}_factor,
            {% endfor -%}
            {{ loop.index }} as draw_id
        {{ 'union all' if not loop.last }}
    {% endfor %}

),

-- Weight × factor is exact in decimals, then rounded once to a double: the same on every engine.
drawn_weights as (

    select
        {% for name in factor_order -%}
            cast({{ (criteria[name] or {}).weight or 0 }} * {{ name }}_factor as double)
                as {{ name }}_weight,
        {% endfor -%}
        draw_id

    from drawn_factors

),

final as (

    select
        {% for name in factor_order -%}
            {{ name }}_weight,
        {% endfor -%}
        draw_id

    from drawn_weights

)

select * from final
