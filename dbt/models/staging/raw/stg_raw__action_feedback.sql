with

source as (

    select * from {{ source('raw', 'action_feedback') }}

),

renamed as (

    select
        customer_id,
        signal,
        status as feedback_status,
        recorded_on,
        until as snoozed_until,
        {{ adapter.quote('by') }} as recorded_by,
        note as feedback_note,
        source_file_name

    from source

)

select * from renamed
