
    
    



select tier
from marts.tier_history
where tier is null


