{#-
    The weight vectors of the sensitivity analysis (key_account_sensitivity): for each of
    `sensitivity.draws` draws, one factor per criterion (int_weight_draws assigns them to the
    criteria in scoring_config.CRITERIA's order), uniform in [1 − weight_spread,
    1 + weight_spread], rounded to 6 decimals.

    Drawn when the SQL is compiled, from a 64-bit linear congruential generator (Knuth's MMIX
    constants) seeded with `sensitivity.seed`: the same seed gives the same draws on every
    engine and every run. The var `sensitivity_weight_factors` (a list of such lists) replaces
    them, to test or to replay chosen scenarios.
-#}
{% macro weight_draw_factors() -%}
    {%- set given = var('sensitivity_weight_factors', none) -%}
    {%- if given is not none -%}
        {{ return(fromjson(given) if given is string else given) }}
    {%- endif -%}
    {%- set sensitivity = pipeline_var('sensitivity') or {} -%}
    {%- set criteria = pipeline_var('criteria') or {} -%}
    {%- set modulus = 18446744073709551616 -%}
    {%- set ns = namespace(state=(sensitivity.get('seed', 0) | int) % modulus, draws=[]) -%}
    {%- for _ in range(sensitivity.get('draws', 0) | int) -%}
        {%- set factors = [] -%}
        {%- for _ in range(criteria | length) -%}
            {%- set ns.state = (6364136223846793005 * ns.state + 1442695040888963407) % modulus -%}
            {#- The top 53 bits, a double in [0, 1). -#}
            {%- set uniform = (ns.state // 2048) / 9007199254740992 -%}
            {%- do factors.append(
                (1 + sensitivity.weight_spread * (2 * uniform - 1)) | round(6)
            ) -%}
        {%- endfor -%}
        {%- do ns.draws.append(factors) -%}
    {%- endfor -%}
    {{ return(ns.draws) }}
{%- endmacro %}
