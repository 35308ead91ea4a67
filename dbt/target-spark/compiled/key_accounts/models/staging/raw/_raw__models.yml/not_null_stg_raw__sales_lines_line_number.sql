
    
    



select line_number
from staging.stg_raw__sales_lines
where line_number is null


