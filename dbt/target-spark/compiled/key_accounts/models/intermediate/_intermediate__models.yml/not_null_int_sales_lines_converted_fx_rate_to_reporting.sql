
    
    



select fx_rate_to_reporting
from intermediate.int_sales_lines_converted
where fx_rate_to_reporting is null


