{#- Catches a value outside [min_value, max_value]: a share or a probability below 0 or above 1. -#}
{% test accepted_range(model, column_name, min_value, max_value) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
