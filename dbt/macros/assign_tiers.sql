{#-
    The tier rule, in one place: the daily scores and every draw of the sensitivity use it.
    Accounts take the configured tiers highest first: a tier takes the accounts whose weighted
    score reaches its min_score and are in no tier above; when more than its max_accounts do,
    the best scores stay (ties by customer_id) and the rest fall to the next tier. Prospects are
    key_prospect from key_prospect_min_score, else prospect, and never count against a cap.

    Emits CTEs for a model's `with` list (call it between two CTEs). The last one, named `into`,
    holds every row of the CTE `scores` (which needs is_prospect, weighted_score, never null,
    the customer_key and the partition_by columns; its other columns are carried) with tier and,
    unless with_account_rank is false, account_rank. The rule applies within each partition
    (none: all rows together). Equal scores rank by customer_key: customer_id, or a number given
    in customer_id order.

    Ranks matter only down to the last capped tier, so only the accounts that reach its minimum
    are ranked (account_rank; null for the others) and counted; the counts give each tier's
    bound, and the account at each bound is its cutoff. Every row then takes its tier in one
    pass over `scores`, from its own score and its partition's cutoffs: a ranked account is in
    the tier of the first bound it does not order after, and every other row takes the first of
    the (uncapped) tiers after them whose min_score its score reaches (an uncapped tier keeps
    every account that reaches it). One pass, joined to a row per partition: the sensitivity's
    200 draws of 150,000 customers are 30 million rows, of which a few thousand a draw are
    ranked, and DuckDB turns two complementary filters of those rows into a nested-loop join.
-#}
{% macro assign_tiers(
    scores, into, partition_by=[], customer_key='customer_id', with_account_rank=true
) -%}
    {%- set tiers = pipeline_var('tiers') or [] -%}
    {%- set capped = [] -%}
    {%- for tier in tiers -%}
        {%- if tier.max_accounts -%}{%- do capped.append(loop.index0) -%}{%- endif -%}
    {%- endfor -%}
    {#- Minimums decrease down the tiers: the last capped tier has the lowest capped minimum. -#}
    {%- set ranked_tiers = tiers[:capped[-1] + 1] if capped else [] -%}
    {%- set unranked_tiers = tiers[ranked_tiers | length:] -%}
    {%- set is_ranked -%}
        not {{ scores }}.is_prospect
        and {{ scores }}.weighted_score >= {{ ranked_tiers[-1].min_score if ranked_tiers else 0 }}
    {%- endset -%}
    {%- if ranked_tiers %}
    -- The accounts that reach the last capped tier's minimum, ranked by weighted score (ties by
    -- customer) within their partition.
    tier_candidates as (

        select
            {{ scores }}.*,
            -- bigint on every engine (Spark's row_number is an int).
            cast(row_number() over (
                {% if partition_by %}partition by {{ partition_by | join(', ') }} {% endif -%}
                order by {{ scores }}.weighted_score desc, {{ scores }}.{{ customer_key }} asc
            ) as bigint) as account_rank

        from {{ scores }}
        where {{ is_ranked }}

    ),

    -- How many accounts reach each tier's minimum, down to the last capped tier.
    tier_qualification as (

        select
            {% for column in partition_by -%}
                {{ column }},
            {% endfor -%}
            {% for tier in ranked_tiers -%}
                sum(
                    case when weighted_score >= {{ tier.min_score }} then 1 else 0 end
                ) as qualified_{{ loop.index0 }}{{ ',' if not loop.last }}
            {% endfor %}
        from tier_candidates
        {% if partition_by %}group by {{ partition_by | join(', ') }}{% endif %}

    ),

    -- Accounts ranked up to last_rank_i are in tier i or above. Tier i adds those that qualify
    -- and are not above it yet, up to its max_accounts; the overflow qualifies for the next tier.
    {% for tier in ranked_tiers %}
        {%- set previous = 'last_rank_' ~ (loop.index0 - 1) if not loop.first else '0' -%}
        {%- set added = 'greatest(0, qualified_' ~ loop.index0 ~ ' - ' ~ previous ~ ')' -%}
        {%- if tier.max_accounts -%}
            {%- set added = 'least(' ~ tier.max_accounts ~ ', ' ~ added ~ ')' -%}
        {%- endif %}
        tier_bound_{{ loop.index0 }} as (

            select
                *,
                {{ previous }} + {{ added }} as last_rank_{{ loop.index0 }}

            from {{ 'tier_qualification' if loop.first else 'tier_bound_' ~ (loop.index0 - 1) }}

        ),
    {% endfor %}

    -- The account at each bound: a row ranks within the bound when it orders (score descending,
    -- customer ascending) no later than that account. Null where no account is within the bound.
    tier_cutoffs as (

        select
            {% for column in partition_by -%}
                tier_bounds.{{ column }},
            {% endfor -%}
            {% for tier in ranked_tiers -%}
                cutoff_{{ loop.index0 }}.weighted_score as cutoff_score_{{ loop.index0 }},
                cutoff_{{ loop.index0 }}.{{ customer_key }} as cutoff_key_{{ loop.index0 }}
                {{- ',' if not loop.last }}
            {% endfor %}
        from tier_bound_{{ ranked_tiers | length - 1 }} as tier_bounds
        {% for tier in ranked_tiers -%}
            {%- set cutoff = 'cutoff_' ~ loop.index0 %}
            left join tier_candidates as {{ cutoff }}
                on
                {% for column in partition_by -%}
                    tier_bounds.{{ column }} = {{ cutoff }}.{{ column }} and
                {% endfor -%}
                {{ cutoff }}.account_rank = tier_bounds.last_rank_{{ loop.index0 }}
        {% endfor %}

    ),
    {% endif %}

    {{ into }} as (

        select
            {{ scores }}.*,
            {% if with_account_rank -%}
                {%- if ranked_tiers -%}
                    ranked_accounts.account_rank,
                {%- else -%}
                    cast(null as bigint) as account_rank,
                {%- endif %}
            {% endif -%}
            case
                when
                    {{ scores }}.is_prospect
                    and {{ scores }}.weighted_score >= {{ pipeline_var('key_prospect_min_score') }}
                    then 'key_prospect'
                when {{ scores }}.is_prospect then 'prospect'
                {% for tier in ranked_tiers -%}
                    when
                        ({{ is_ranked }})
                        and (
                            {{ scores }}.weighted_score > tier_cutoffs.cutoff_score_{{ loop.index0 }}
                            or (
                                {{ scores }}.weighted_score = tier_cutoffs.cutoff_score_{{ loop.index0 }}
                                and {{ scores }}.{{ customer_key }}
                                <= tier_cutoffs.cutoff_key_{{ loop.index0 }}
                            )
                        )
                        then '{{ tier.name }}'
                {% endfor -%}
                {% for tier in unranked_tiers -%}
                    {% if loop.last -%}
                        else '{{ tier.name }}'
                    {% else -%}
                        when {{ scores }}.weighted_score >= {{ tier.min_score }}
                            then '{{ tier.name }}'
                    {% endif -%}
                {% endfor %}
            end as tier

        from {{ scores }}
        {% if ranked_tiers -%}
            {%- if partition_by %}
                left join tier_cutoffs
                    on
                    {% for column in partition_by -%}
                        {{ scores }}.{{ column }} = tier_cutoffs.{{ column }}
                        {{- ' and' if not loop.last }}
                    {% endfor %}
            {%- else %}
                cross join tier_cutoffs
            {%- endif %}
            {%- if with_account_rank %}
                left join tier_candidates as ranked_accounts
                    on
                    {% for column in partition_by -%}
                        {{ scores }}.{{ column }} = ranked_accounts.{{ column }} and
                    {% endfor -%}
                    {{ scores }}.{{ customer_key }} = ranked_accounts.{{ customer_key }}
            {%- endif %}
        {%- endif %}

    )
{%- endmacro %}
