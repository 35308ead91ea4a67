{#-
    An aggregate of doubles that adds its rows in a fixed order, so a rerun on the same input
    gives the same result to the last bit. Floating-point addition is not associative, and
    DuckDB's threads each aggregate a part of the rows and combine their parts in whichever
    order they finish: `stddev_pop` or `sum` over doubles can then differ in the last bits
    from one run to the next. Exact decimals need no order (their sums are exact), so this is
    only for aggregates that must be doubles. `order_by` must be unique within each group.
-#}
{% macro aggregate_in_order(function, expression, order_by) -%}
    {{ return(adapter.dispatch('aggregate_in_order', 'key_accounts')(function, expression, order_by)) }}
{%- endmacro %}

{% macro default__aggregate_in_order(function, expression, order_by) -%}
    {{ function }}({{ expression }} order by {{ order_by }})
{%- endmacro %}
