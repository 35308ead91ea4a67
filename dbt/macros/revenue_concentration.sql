{#-
    The revenue-concentration rules of docs/method.md ("Concentration"), per period, shared by the as-of
    marts and the month-end trend so both follow exactly the same rules.
-#}

{#-
    From rows (period, customer_id, net_revenue): each customer's share of the period's
    positive revenue, rank (revenue descending, ties by customer_id), cumulative share, ABC
    class by the cumulative share *before* the customer, and the mono-client and major-customer
    flags. Thresholds are compared in exact decimals, so a customer exactly on a cut-off lands
    on the side the rule says (a share of exactly 0.10 is major; a share before of exactly 0.80
    is B). Customers without positive revenue have share 0 and class C.

    The same rules over groups of customers under common control (IFRS 8.34 / ASC 280-10-50-42
    count a group as one customer): rows keyed by `key` (group_id), the flags named `mono_flag`
    and `major_flag`.
-#}
{% macro revenue_shares_by_period(
    revenue_relation,
    period,
    key='customer_id',
    mono_flag='is_mono_client',
    major_flag='is_major_customer'
) -%}
    with

    ranked as (

        select
            {{ period }},
            {{ key }},
            net_revenue,
            greatest(net_revenue, 0) as positive_revenue,
            sum(greatest(net_revenue, 0)) over (partition by {{ period }}) as total_positive_revenue,
            -- bigint on every engine (Spark's row_number is an int).
            cast(row_number() over (
                partition by {{ period }} order by net_revenue desc, {{ key }} asc
            ) as bigint) as revenue_rank

        from {{ revenue_relation }}

    ),

    accumulated as (

        select
            *,
            coalesce(
                sum(positive_revenue) over (
                    partition by {{ period }}
                    order by revenue_rank
                    rows between unbounded preceding and 1 preceding
                ),
                0
            ) as revenue_before

        from ranked

    )

    select
        {{ period }},
        {{ key }},
        net_revenue,
        case
            when total_positive_revenue > 0
                then cast(positive_revenue as double) / cast(total_positive_revenue as double)
            else 0
        end as revenue_share,
        case
            when total_positive_revenue > 0
                then cast(revenue_before + positive_revenue as double) / cast(total_positive_revenue as double)
            else 0
        end as cumulative_share,
        revenue_rank,
        case
            when net_revenue <= 0 then 'C'
            when revenue_before < {{ pipeline_var('abc_a_cutoff') }} * total_positive_revenue then 'A'
            when revenue_before < {{ pipeline_var('abc_b_cutoff') }} * total_positive_revenue then 'B'
            else 'C'
        end as abc_class,
        net_revenue > 0
        and net_revenue > {{ pipeline_var('mono_client_share') }} * total_positive_revenue as {{ mono_flag }},
        net_revenue > 0
        and net_revenue >= {{ pipeline_var('major_customer_share') }} * total_positive_revenue as {{ major_flag }}

    from accumulated
{%- endmacro %}

{#-
    From the rows of revenue_shares_by_period: one row per period with customers of positive
    revenue. s = R / ΣR; HHI = 10,000 × Σs²; effective customers = 1 / Σs²; top-k shares; top
    20% = the top ⌈0.2·n⌉ customers; Gini = ΣᵢΣⱼ|xᵢ − xⱼ| / (2n²·mean), computed in its sorted
    form Σ (n + 1 − 2·rank) · x / (n · Σx) with rank 1 the largest.
    So that a rerun gives the same last bit, the sums are of exact decimal revenue, divided
    once at the end; Σs², which must be summed in doubles, is summed in rank order.

    Over groups (rows of revenue_shares_by_period keyed by group_id), pass the key and the
    flags' names: the figures keep the customers' column names (customer_count, mono_client_id,
    major_customer_count), for the caller to name.
-#}
{% macro concentration_by_period(
    shares_relation,
    period,
    key='customer_id',
    mono_flag='is_mono_client',
    major_flag='is_major_customer'
) -%}
    {%- set sum_of_squared_shares = aggregate_in_order(
        'sum', 'revenue_share * revenue_share', 'revenue_rank'
    ) -%}
    with

    paying_customers as (

        select
            *,
            count(*) over (partition by {{ period }}) as customer_count

        from {{ shares_relation }}
        where net_revenue > 0

    )

    select
        {{ period }},
        sum(net_revenue) as total_net_revenue,
        count(*) as customer_count,
        10000 * {{ sum_of_squared_shares }} as hhi,
        1 / {{ sum_of_squared_shares }} as effective_customers,
        {% for top, condition in [
            ('top1', 'revenue_rank <= 1'),
            ('top5', 'revenue_rank <= 5'),
            ('top10', 'revenue_rank <= 10'),
            ('top20pct', 'revenue_rank <= ceiling(0.2 * customer_count)'),
        ] -%}
            cast(sum(case when {{ condition }} then net_revenue else 0 end) as double)
            / cast(sum(net_revenue) as double) as {{ top }}_share,
        {% endfor -%}
        cast(sum((customer_count + 1 - 2 * revenue_rank) * net_revenue) as double)
        / (max(customer_count) * cast(sum(net_revenue) as double)) as gini,
        -- The largest, when a threshold below one half lets several customers pass it.
        max(case when {{ mono_flag }} and revenue_rank = 1 then {{ key }} end) as mono_client_id,
        count(case when {{ major_flag }} then 1 end) as major_customer_count

    from paying_customers
    group by {{ period }}
{%- endmacro %}
