{#-
    The open actions of the Key Account Managers on every scored as-of date: the rows of
    kam_action_history whose action_status is `open` (not done, dismissed nor snoozed). A KAM's
    worklist is this table on the latest as-of date. Published for BI.
-#}

with

action_history as (

    select * from {{ ref('kam_action_history') }}

),

final as (

    select *
    from action_history
    where action_status = 'open'

)

select * from final
