{#-
    Per as-of date of the run and product: how many of the scored customers bought it in the
    window, and out of how many scored customers (prospects included): the base rate a
    cross-sell suggestion must beat by `actions.cross_sell_min_lift`.
-#}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

products_in_window as (

    select * from {{ ref('int_customer_products_in_window') }}

),

scored_counts as (

    select
        as_of_date,
        cast(count(*) as bigint) as scored_customer_count

    from weighted_scores
    group by as_of_date

),

buyer_counts as (

    select
        as_of_date,
        product_id,
        cast(count(*) as bigint) as buyer_count

    from products_in_window
    group by as_of_date, product_id

),

final as (

    select
        buyer_counts.as_of_date,
        buyer_counts.product_id,
        buyer_counts.buyer_count,
        scored_counts.scored_customer_count

    from buyer_counts
    inner join scored_counts
        on buyer_counts.as_of_date = scored_counts.as_of_date

)

select * from final
