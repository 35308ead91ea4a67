"""Great Expectations on a customer snapshot with groups: parents in the snapshot, no cycles.

Valid files pass every expectation with 0 unexpected rows and a bad one fails only where
it is bad, with its exact count (why: tests/integration/contracts/validation_helpers.py).
"""

from tests.integration.contracts.validation_helpers import (
    assert_passes_with_zero_unexpected,
    validate_delivery,
)

CUSTOMERS = "customer_id,customer_name,parent_customer_id"
PARENT_RULE = (
    "`parent_customer_id`, when given, is the `customer_id` of a customer in the same snapshot: "
    "a parent is delivered with its subsidiaries."
)
CYCLE_RULE = (
    "No customer is its own parent or ancestor: following `parent_customer_id` from parent to "
    "parent never comes back to where it started (each customer in such a cycle counts as a row)."
)


def test_a_snapshot_with_groups_passes_every_expectation_with_zero_unexpected(tmp_path):
    """Two groups: 001 above 002 above 003 (a chain of three), and 004 above 005, 006 and 007."""
    validation = validate_delivery(
        tmp_path,
        "customers_2026-11-27.csv",
        f"{CUSTOMERS}\n001,Uno,\n002,Due,001\n003,Tre,002\n004,Quattro,\n005,Cinque,004\n"
        "006,Sei,004\n007,Sette,004",
    )
    assert_passes_with_zero_unexpected(validation, 7)


def test_a_parent_outside_the_snapshot_and_each_customer_of_a_cycle_fail_with_exact_counts(
    tmp_path,
):
    """004 and 005 are each other's parent, 006 its own: three customers in a cycle. 007 sits
    under the cycle without being in it, and 008's parent 999 is not in the snapshot."""
    validation = validate_delivery(
        tmp_path,
        "customers_2026-11-27.csv",
        f"{CUSTOMERS}\n001,Uno,\n002,Due,001\n003,Tre,002\n004,Quattro,005\n005,Cinque,004\n"
        "006,Sei,006\n007,Sette,004\n008,Otto,999",
    )
    failures = {o.description: o for o in validation.failures}
    assert {rule: o.unexpected_count for rule, o in failures.items()} == {
        PARENT_RULE: 1,
        CYCLE_RULE: 3,
    }
    assert failures[PARENT_RULE].sample_values == [
        {"customer_id": "008", "parent_customer_id": "999"}
    ]
    assert sorted(failures[CYCLE_RULE].sample_values) == ["004", "005", "006"]
