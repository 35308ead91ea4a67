{#-
    The override_review_due signal on every as-of date of the run (docs/method.md "Signals"): a sales director's override (account_overrides) whose review date has passed, so it
    no longer sets the tier; for its owner and the account's KAM to renew it with a new review
    date or remove it.
-#}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

account_overrides as (

    select * from {{ ref('stg_raw__account_overrides') }}

),

due_overrides as (

    select
        weighted_scores.as_of_date,
        weighted_scores.customer_id,
        account_overrides.tier as override_tier,
        account_overrides.override_reason,
        account_overrides.override_owner,
        account_overrides.review_date as override_review_date,
        cast({{ dbt.datediff(
            'account_overrides.review_date', 'weighted_scores.as_of_date', 'day'
        ) }} as bigint) as days_overdue

    from weighted_scores
    inner join account_overrides
        on
            weighted_scores.customer_id = account_overrides.customer_id
            and weighted_scores.as_of_date > account_overrides.review_date

),

final as (

    select
        as_of_date,
        customer_id,
        override_tier,
        override_owner,
        override_review_date,
        printf(
            'The override to %s by %s ("%s") was due for review on %s, %d %s ago, and no longer'
            || ' sets the tier: renew it with a new review date or remove it',
            override_tier,
            override_owner,
            override_reason,
            cast(override_review_date as string),
            days_overdue,
            case when days_overdue = 1 then 'day' else 'days' end
        ) as reason

    from due_overrides

)

select * from final
