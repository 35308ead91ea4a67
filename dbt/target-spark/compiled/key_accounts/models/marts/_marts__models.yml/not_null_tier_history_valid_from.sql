
    
    



select valid_from
from marts.tier_history
where valid_from is null


