{#-
    Key Account Identification and Selection Matrix (McDonald / Woodburn, Cranfield; docs/method.md
    "KAISM"): each scored customer's attractiveness and
    relative strength, each the weighted mean, on the 1..scale, of the axis's configured
    factors that are present (kaism_attractiveness, kaism_relative_strength):
    - a criterion: its score (int_customer_scores_weighted);
    - an assessment factor: its rating in force brought to the scale, 1 + (scale - 1) × (r - 1) / 9;
    - share_of_wallet: annualised window revenue / potential, capped at 1 (a potential below what
      the customer already buys is stale), scored 1 + (scale - 1) × share.
    Relative strength is ours as the customer sees it: strength_basis is `assessed` when an
    assessment factor of the axis is in force, `data_only` when the axis rests on data alone.
    An axis with no factor present is null, and the quadrant `unassessed`. An axis is high from
    the split up (default: the middle of the scale). A prospect buys nothing yet: its share of
    wallet is 0, so without an assessment it is placed by its attractiveness (star or streamline).
-#}
{%- set attractiveness = pipeline_var('kaism_attractiveness') or {} -%}
{%- set relative_strength = pipeline_var('kaism_relative_strength') or {} -%}
{%- set split = pipeline_var('kaism_split') -%}
{%- set scale = pipeline_var('scale') -%}
{%- set criteria = pipeline_var('criteria') or {} -%}
{%- set factors = pipeline_var('assessment_factors') or [] -%}
{#- Assessment factors that are not criteria (a criterion's score already uses its judgement). -#}
{%- set rated = [] -%}
{%- for factor in factors if factor not in criteria -%}{%- do rated.append(factor) -%}{%- endfor -%}
{%- set strength_assessments = [] -%}
{%- for factor, weight in relative_strength.items() if weight and factor in factors -%}
    {%- do strength_assessments.append(factor) -%}
{%- endfor -%}
{%- set rating = {'direction': 'higher', 'method': 'rating'} -%}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

shares_of_wallet as (

    select
        *,
        -- Spelled out: least() and greatest() skip a null on some engines.
        case
            when share_of_wallet_metric > 1 then 1
            when share_of_wallet_metric < 0 then 0
            else share_of_wallet_metric
        end as share_of_wallet,
        coalesce(share_of_wallet_metric > 1, false) as is_potential_stale

    from weighted_scores

),

factor_scores as (

    select
        *,
        1 + ({{ scale }} - 1) * share_of_wallet as share_of_wallet_score,
        {% for factor in rated -%}
            {{ criterion_score(factor ~ '_rating', rating, scale) }} as {{ factor }}_score,
        {% endfor -%}
        {% if strength_assessments -%}
            {% for factor in strength_assessments -%}
                cast({{ factor }}_rating is not null as integer){{ ' +' if not loop.last }}
            {% endfor -%}
        {%- else -%}
            0
        {%- endif %} as strength_assessments_in_force

    from shares_of_wallet

),

axes as (

    select
        as_of_date,
        customer_id,
        customer_name,
        is_prospect,
        share_of_wallet_metric,
        share_of_wallet,
        share_of_wallet_score,
        is_potential_stale,
        round({{ weighted_average_of_scores(attractiveness) }}, 6) as attractiveness,
        round({{ weighted_average_of_scores(relative_strength) }}, 6) as relative_strength,
        strength_assessments_in_force

    from factor_scores

),

quadrants as (

    select
        as_of_date,
        customer_id,
        customer_name,
        is_prospect,
        attractiveness,
        relative_strength,
        case
            when relative_strength is null then null
            when strength_assessments_in_force > 0 then 'assessed'
            else 'data_only'
        end as strength_basis,
        case
            when attractiveness is null or relative_strength is null then 'unassessed'
            when attractiveness >= {{ split }} and relative_strength >= {{ split }} then 'strategic'
            when attractiveness >= {{ split }} then 'star'
            when relative_strength >= {{ split }} then 'status'
            else 'streamline'
        end as kaism_quadrant,
        share_of_wallet_metric,
        share_of_wallet,
        share_of_wallet_score,
        is_potential_stale

    from axes

),

final as (

    select
        *,
        -- The resource strategy of each quadrant (McDonald / Woodburn).
        case kaism_quadrant
            when 'strategic' then 'invest'
            when 'star' then 'build'
            when 'status' then 'maintain'
            when 'streamline' then 'serve_efficiently'
        end as kaism_strategy

    from quadrants

)

select * from final
