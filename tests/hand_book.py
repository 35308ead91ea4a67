"""A tiny book of business whose figures are computed by hand (see test_daily_job_by_hand_*.py)."""

from datetime import date
from pathlib import Path

from dagster_project.lib.configuration.settings import DEFAULT_CONFIG_FILE
from tests.conftest import write_csv

AS_OF = date(2026, 6, 30)
HEADER = (
    "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency"
)
DAILY_LINES = {
    "2025-06-30": "OLD1,1,2025-06-30,001,P1,1000,1,0,EUR",
    "2025-07-01": "B1,1,2025-07-01,002,P1,4,50,0,EUR",
    "2026-01-15": "A1,1,2026-01-15,001,P1,10,50,,",
    "2026-02-01": "D1,1,2026-02-01,004,P2,3,50,0,EUR",
    "2026-02-05": "D2,1,2026-02-05,004,P2,-1,50,0,EUR",
    "2026-03-10": "C1,1,2026-03-10,003,P3,2,62.5,0,usd",
    "2026-04-01": "E1,1,2026-04-01,005,P1,-1,50,0,EUR",
    "2026-06-30": "A2,1,2026-06-30,001,P2,5,25,0.2,EUR",
    "2026-07-01": "F1,1,2026-07-01,001,P1,1,999,0,EUR",
}


def write_hand_book(landing: Path) -> None:
    """The hand book's files; Vier GmbH (004) is Three Inc's (003) subsidiary: one group."""
    write_csv(
        landing / "customers.csv",
        """
        customer_id,customer_name,industry,country,account_manager,is_industry_leader,reputation_score,estimated_annual_potential,parent_customer_id
        001,Uno SpA,Retail,IT,Anna,true,9,2000,
        002,Due Srl,Retail,IT,Anna,false,6,,
        003,Three Inc,Machinery,US,Tom,,5,,
        004,Vier GmbH,Machinery,DE,,,4,,003
        005,Cinq SA,Textiles,FR,,,,,
        006,Sei Prospect SpA,Retail,IT,Anna,,8,5000,
        007,Sette Dormant Srl,Retail,IT,,,,,
    """,
    )
    write_csv(
        landing / "fx_rates.csv",
        """
        rate_date,currency,rate_to_reporting
        2026-03-09,USD,0.8
        2026-03-11,USD,0.9
        2026-03-10,GBP,1.2
    """,
    )
    write_csv(
        landing / "service_costs_2026.csv",
        """
        customer_id,cost_date,cost_type,amount
        001,2026-03-31,delivery,30
        001,2025-06-30,visit,100
        002,2026-01-31,support,50
    """,
    )
    # Anna's ratings of 001 are in force on AS_OF; her rating of 002 is more than 12 months old.
    write_csv(
        landing / "account_assessments.csv",
        """
        customer_id,factor,rating,assessed_on,assessor
        001,our_relative_position,8,2026-03-01,Anna
        001,relationship_stage,5,2026-05-01,Anna
        002,our_relative_position,9,2025-05-01,Anna
    """,
    )
    for day, line in DAILY_LINES.items():
        write_csv(landing / f"sales_lines_{day}.csv", f"{HEADER}\n{line}")


def write_config_with_cost_to_serve_weight_70(folder: Path) -> Path:
    """The default configuration with cost_to_serve weighing 70 instead of 10 (Σ 160)."""
    text = DEFAULT_CONFIG_FILE.read_text()
    changed = text.replace(
        "cost_to_serve:        # service costs in the window / net revenue in the window\n    weight: 10",
        "cost_to_serve:        # service costs in the window / net revenue in the window\n    weight: 70",
    )
    assert changed != text
    config = folder / "key_accounts.yml"
    config.write_text(changed)
    return config
