{#-
    The tier rule, in one place: the published tiers and every draw of the sensitivity use it
    (docs/method.md, "Scoring", "Tiers"). For an account (a customer with sales), in order:
    1. an override in force sets its tier (tier_source override);
    2. a major customer, alone or as the largest member of a major group, is in the first tier
       (major_customer; int_customer_revenue_shares.is_major_for_tiers);
    3. the others compete for the first tier by score: an incumbent (in the first tier on the
       previous scored date) with its score plus incumbent_margin, for the minimum and the
       ranking; an account whose score_completeness is below min_completeness_for_key cannot
       enter it by score. Overrides and major customers take the first tier's places first; the
       best of the rest take what is left (ties by customer). tier_source is incumbent_margin
       where the margin decided it (the account would not be in without any margin), else score;
    4. the rest take the other tiers highest first, by their score: a tier takes the accounts
       whose score reaches its min_score and are in no tier above; when more than its
       max_accounts (less the overrides into it) do, the best scores stay and the rest fall to
       the next tier.
    A prospect is key_prospect from key_prospect_min_score (with the completeness floor), at most
    max_key_prospects by score less the overrides to key_prospect, else prospect; an override may
    set either.

    Emits CTEs for a model's `with` list (call it between two CTEs), their names starting with
    `prefix`. The last one, named `into`, holds every row of the CTE `scores` with tier and
    tier_source. `scores` needs is_prospect, weighted_score (never null), score_completeness,
    is_incumbent, is_major_for_tiers, override_tier (an override in force that fits the customer,
    else null), the customer_key and the partition_by columns; its other columns are carried.
    The rule applies within each partition (none: all rows together). Equal scores rank by
    customer_key: customer_id, or a number given in customer_id order.

    Only the candidates of the capped places are ranked; the account at each bound is its
    cutoff, and every row takes its tier in one pass from its own figures and its partition's
    cutoffs: the sensitivity's 200 draws of 150,000 customers are 30 million rows, of which a few
    thousand a draw are candidates.
-#}
{% macro assign_tiers(scores, into, partition_by=[], customer_key='customer_id', prefix='') -%}
    {#- Parsing passes no vars: any one tier will do. -#}
    {%- set tiers = pipeline_var('tiers') or [{'name': 'key'}] -%}
    {%- set first = tiers[0] -%}
    {%- set first_minimum = first.min_score or 1 -%}
    {%- set lower_tiers = tiers[1:] -%}
    {%- set capped = [] -%}
    {%- for tier in lower_tiers -%}
        {%- if tier.max_accounts -%}{%- do capped.append(loop.index0) -%}{%- endif -%}
    {%- endfor -%}
    {#- Minimums decrease down the tiers: the last capped tier has the lowest capped minimum. -#}
    {%- set ranked_tiers = lower_tiers[:capped[-1] + 1] if capped else [] -%}
    {%- set unranked_tiers = lower_tiers[ranked_tiers | length:] -%}
    {%- set margin = pipeline_var('incumbent_margin') -%}
    {%- set floor = pipeline_var('min_completeness_for_key') -%}
    {%- set partition = ('partition by ' ~ (partition_by | join(', ')) ~ ' ') if partition_by else '' -%}
    {%- set s = scores -%}
    {%- set forced -%}
        ({{ s }}.override_tier is not null or ({{ s }}.is_major_for_tiers and not {{ s }}.is_prospect))
    {%- endset -%}
    {%- set adjusted -%}
        ({{ s }}.weighted_score + case when {{ s }}.is_incumbent then {{ margin }} else 0 end)
    {%- endset -%}
    {%- set complete = s ~ '.score_completeness >= ' ~ floor -%}
    {%- set first_eligible -%}
        (not {{ s }}.is_prospect and not {{ forced }} and {{ adjusted }} >= {{ first_minimum }}
        and {{ complete }})
    {%- endset -%}
    {%- set raw_eligible -%}
        ({{ first_eligible }} and {{ s }}.weighted_score >= {{ first_minimum }})
    {%- endset -%}
    {%- set prospect_eligible -%}
        ({{ s }}.is_prospect and {{ s }}.override_tier is null
        and {{ s }}.weighted_score >= {{ pipeline_var('key_prospect_min_score') }} and {{ complete }})
    {%- endset -%}
    {%- set key_partition = partition_by | list -%}

    -- The candidates for the capped places of the first tier (by score plus the incumbent's
    -- margin, and by score alone, to tell where the margin decided) and of key_prospect.
    {{ prefix }}candidates as (

        select
            {% for column in partition_by -%}
                {{ s }}.{{ column }},
            {% endfor -%}
            {{ s }}.{{ customer_key }},
            {{ s }}.is_prospect,
            {{ s }}.weighted_score,
            {{ adjusted }} as ranking_score,
            {{ raw_eligible }} as is_raw_eligible,
            -- bigint on every engine (Spark's row_number is an int).
            cast(row_number() over (
                partition by {{ (key_partition + [s ~ '.is_prospect']) | join(', ') }}
                order by {{ adjusted }} desc, {{ s }}.{{ customer_key }} asc
            ) as bigint) as candidate_rank,
            cast(row_number() over (
                partition by {{ (key_partition + [s ~ '.is_prospect']) | join(', ') }}
                order by
                    case when {{ raw_eligible }} then 0 else 1 end,
                    {{ s }}.weighted_score desc,
                    {{ s }}.{{ customer_key }} asc
            ) as bigint) as raw_rank

        from {{ s }}
        where {{ first_eligible }} or {{ prospect_eligible }}

    ),

    -- Per partition: the places left for the candidates once overrides and major customers
    -- have taken theirs, and how many candidates there are.
    {{ prefix }}places as (

        select
            {% for column in partition_by -%}
                {{ s }}.{{ column }},
            {% endfor -%}
            {%- if first.max_accounts %}
                greatest(0, {{ first.max_accounts }} - sum(
                    case
                        when {{ s }}.override_tier = '{{ first.name }}'
                            or ({{ s }}.override_tier is null and {{ s }}.is_major_for_tiers
                            and not {{ s }}.is_prospect)
                            then 1
                        else 0
                    end
                )) as first_places,
            {%- endif %}
            greatest(0, {{ pipeline_var('max_key_prospects') }} - sum(
                case when {{ s }}.override_tier = 'key_prospect' then 1 else 0 end
            )) as prospect_places,
            {% for tier in ranked_tiers -%}
                sum(case when {{ s }}.override_tier = '{{ tier.name }}' then 1 else 0 end)
                    as overrides_{{ loop.index0 }},
            {% endfor -%}
            sum(case when {{ first_eligible }} then 1 else 0 end) as first_candidates,
            sum(case when {{ raw_eligible }} then 1 else 0 end) as raw_candidates,
            sum(case when {{ prospect_eligible }} then 1 else 0 end) as prospect_candidates

        from {{ s }}
        {% if partition_by %}group by {{ partition_by | join(', ') }}{% endif %}

    ),

    -- The candidate at each bound: a candidate within it orders no later than that one. Null
    -- where there is no candidate at the bound (fewer candidates than places, or no place).
    {{ prefix }}cutoffs as (

        select
            {{ prefix }}places.*,
            first_cutoff.ranking_score as first_cutoff_score,
            first_cutoff.{{ customer_key }} as first_cutoff_key,
            raw_cutoff.weighted_score as raw_cutoff_score,
            raw_cutoff.{{ customer_key }} as raw_cutoff_key,
            prospect_cutoff.weighted_score as prospect_cutoff_score,
            prospect_cutoff.{{ customer_key }} as prospect_cutoff_key

        from {{ prefix }}places
        {% for cutoff, kind, rank, places in [
            ('first_cutoff', 'false', 'candidate_rank', 'first_places'),
            ('raw_cutoff', 'false', 'raw_rank', 'first_places'),
            ('prospect_cutoff', 'true', 'candidate_rank', 'prospect_places'),
        ] -%}
            left join {{ prefix }}candidates as {{ cutoff }}
                on
                {% for column in partition_by -%}
                    {{ prefix }}places.{{ column }} = {{ cutoff }}.{{ column }} and
                {% endfor -%}
                {{ cutoff }}.is_prospect = {{ kind }}
                {%- if places == 'first_places' and not first.max_accounts %}
                    and false
                {%- else %}
                    and {{ cutoff }}.{{ rank }} = {{ prefix }}places.{{ places }}
                {%- endif %}
                {%- if cutoff == 'raw_cutoff' %}
                    and {{ cutoff }}.is_raw_eligible
                {%- endif %}
        {% endfor %}

    ),

    -- Every row with whether it takes one of the capped places by score.
    {{ prefix }}placed as (

        select
            {{ s }}.*,
            {% for flag, eligible, count, score, cutoff in [
                ('is_first_by_score', first_eligible, 'first_candidates', adjusted, 'first'),
                ('is_first_by_score_alone', raw_eligible, 'raw_candidates', s ~ '.weighted_score', 'raw'),
                ('is_key_prospect_by_score', prospect_eligible, 'prospect_candidates', s ~ '.weighted_score', 'prospect'),
            ] -%}
                coalesce({{ eligible }} and (
                    {%- if cutoff != 'prospect' and not first.max_accounts %}
                    true
                    {%- else %}
                    {{ prefix }}cutoffs.{{ count }} <= {{ prefix }}cutoffs.{{ 'prospect' if cutoff == 'prospect' else 'first' }}_places
                    or {{ score }} > {{ prefix }}cutoffs.{{ cutoff }}_cutoff_score
                    or (
                        {{ score }} = {{ prefix }}cutoffs.{{ cutoff }}_cutoff_score
                        and {{ s }}.{{ customer_key }} <= {{ prefix }}cutoffs.{{ cutoff }}_cutoff_key
                    )
                    {%- endif %}
                ), false) as {{ flag }}{{ ',' if not loop.last }}
            {% endfor %}
        from {{ s }}
        {%- if partition_by %}
            left join {{ prefix }}cutoffs
                on
                {% for column in partition_by -%}
                    {{ s }}.{{ column }} = {{ prefix }}cutoffs.{{ column }}
                    {{- ' and' if not loop.last }}
                {% endfor %}
        {%- else %}
            cross join {{ prefix }}cutoffs
        {%- endif %}

    ),

    {%- set pool = 'not ' ~ prefix ~ 'placed.is_prospect and not (' ~ forced | replace(s ~ '.', prefix ~ 'placed.') ~ ') and not ' ~ prefix ~ 'placed.is_first_by_score' %}
    {%- if ranked_tiers %}
    -- The other accounts that reach the last capped tier's minimum, ranked by score.
    {{ prefix }}tier_candidates as (

        select
            {% for column in partition_by -%}
                {{ prefix }}placed.{{ column }},
            {% endfor -%}
            {{ prefix }}placed.{{ customer_key }},
            {{ prefix }}placed.weighted_score,
            cast(row_number() over (
                {{ partition }}order by {{ prefix }}placed.weighted_score desc, {{ prefix }}placed.{{ customer_key }} asc
            ) as bigint) as account_rank

        from {{ prefix }}placed
        where {{ pool }} and {{ prefix }}placed.weighted_score >= {{ ranked_tiers[-1].min_score }}

    ),

    -- How many of them reach each tier's minimum, with the places the overrides took.
    {{ prefix }}tier_qualification as (

        select
            {{ prefix }}tier_candidates_counts.*,
            {% for tier in ranked_tiers -%}
                {{ prefix }}places.overrides_{{ loop.index0 }}{{ ',' if not loop.last }}
            {% endfor %}
        from (
            select
                {% for column in partition_by -%}
                    {{ column }},
                {% endfor -%}
                {% for tier in ranked_tiers -%}
                    sum(case when weighted_score >= {{ tier.min_score }} then 1 else 0 end)
                        as qualified_{{ loop.index0 }}{{ ',' if not loop.last }}
                {% endfor %}
            from {{ prefix }}tier_candidates
            {% if partition_by %}group by {{ partition_by | join(', ') }}{% endif %}
        ) as {{ prefix }}tier_candidates_counts
        {%- if partition_by %}
            inner join {{ prefix }}places
                on
                {% for column in partition_by -%}
                    {{ prefix }}tier_candidates_counts.{{ column }} = {{ prefix }}places.{{ column }}
                    {{- ' and' if not loop.last }}
                {% endfor %}
        {%- else %}
            cross join {{ prefix }}places
        {%- endif %}

    ),

    -- Candidates ranked up to last_rank_i are in tier i or above. Tier i adds those that qualify
    -- and are not above it yet, up to its places; the overflow qualifies for the next tier.
    {% for tier in ranked_tiers %}
        {%- set previous = 'last_rank_' ~ (loop.index0 - 1) if not loop.first else '0' -%}
        {%- set added = 'greatest(0, qualified_' ~ loop.index0 ~ ' - ' ~ previous ~ ')' -%}
        {%- if tier.max_accounts -%}
            {%- set added = 'least(greatest(0, ' ~ tier.max_accounts ~ ' - overrides_'
                ~ loop.index0 ~ '), ' ~ added ~ ')' -%}
        {%- endif %}
        {{ prefix }}tier_bound_{{ loop.index0 }} as (

            select
                *,
                {{ previous }} + {{ added }} as last_rank_{{ loop.index0 }}

            from {{ prefix ~ 'tier_qualification' if loop.first else prefix ~ 'tier_bound_' ~ (loop.index0 - 1) }}

        ),
    {% endfor %}

    {{ prefix }}tier_cutoffs as (

        select
            {% for column in partition_by -%}
                tier_bounds.{{ column }},
            {% endfor -%}
            {% for tier in ranked_tiers -%}
                cutoff_{{ loop.index0 }}.weighted_score as cutoff_score_{{ loop.index0 }},
                cutoff_{{ loop.index0 }}.{{ customer_key }} as cutoff_key_{{ loop.index0 }}
                {{- ',' if not loop.last }}
            {% endfor %}
        from {{ prefix }}tier_bound_{{ ranked_tiers | length - 1 }} as tier_bounds
        {% for tier in ranked_tiers -%}
            {%- set cutoff = 'cutoff_' ~ loop.index0 %}
            left join {{ prefix }}tier_candidates as {{ cutoff }}
                on
                {% for column in partition_by -%}
                    tier_bounds.{{ column }} = {{ cutoff }}.{{ column }} and
                {% endfor -%}
                {{ cutoff }}.account_rank = tier_bounds.last_rank_{{ loop.index0 }}
        {% endfor %}

    ),
    {% endif %}

    {%- set p = prefix ~ 'placed' %}
    {{ into }} as (

        select
            {{ p }}.*,
            case
                when {{ p }}.override_tier is not null then {{ p }}.override_tier
                when {{ p }}.is_key_prospect_by_score then 'key_prospect'
                when {{ p }}.is_prospect then 'prospect'
                when {{ p }}.is_major_for_tiers or {{ p }}.is_first_by_score then '{{ first.name }}'
                {% for tier in ranked_tiers -%}
                    when
                        {{ p }}.weighted_score >= {{ ranked_tiers[-1].min_score }}
                        and (
                            {{ p }}.weighted_score > {{ prefix }}tier_cutoffs.cutoff_score_{{ loop.index0 }}
                            or (
                                {{ p }}.weighted_score = {{ prefix }}tier_cutoffs.cutoff_score_{{ loop.index0 }}
                                and {{ p }}.{{ customer_key }}
                                <= {{ prefix }}tier_cutoffs.cutoff_key_{{ loop.index0 }}
                            )
                        )
                        then '{{ tier.name }}'
                {% endfor -%}
                {% if not lower_tiers -%}
                    else '{{ first.name }}'
                {% endif -%}
                {% for tier in unranked_tiers -%}
                    {% if loop.last -%}
                        else '{{ tier.name }}'
                    {% else -%}
                        when {{ p }}.weighted_score >= {{ tier.min_score }}
                            then '{{ tier.name }}'
                    {% endif -%}
                {% endfor %}
            end as tier,
            case
                when {{ p }}.override_tier is not null then 'override'
                when {{ p }}.is_major_for_tiers and not {{ p }}.is_prospect then 'major_customer'
                when {{ p }}.is_first_by_score and not {{ p }}.is_first_by_score_alone
                    then 'incumbent_margin'
                else 'score'
            end as tier_source

        from {{ p }}
        {%- if ranked_tiers -%}
            {%- if partition_by %}
                left join {{ prefix }}tier_cutoffs
                    on
                    {% for column in partition_by -%}
                        {{ p }}.{{ column }} = {{ prefix }}tier_cutoffs.{{ column }}
                        {{- ' and' if not loop.last }}
                    {% endfor %}
            {%- else %}
                cross join {{ prefix }}tier_cutoffs
            {%- endif %}
        {%- endif %}

    )
{%- endmacro %}
