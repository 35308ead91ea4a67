"""The reference inputs of every scored date, read once: the customer master and its groups,
the FX rates, the service costs and the KAMs' ratings (docs/method.md, "Inputs")."""

from __future__ import annotations

from pathlib import Path

from benchmarks.baseline.inputs import DATASETS, delivered_rows
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import MONEY, date_sql, text


def load_reference_inputs(session: Session, files: dict[str, list[Path]]) -> None:
    """Everything but the sales lines, in the temporary tables the later steps read."""
    register_input_files(session, files)
    session.step("customer master, FX rates and service costs")
    load_customer_master(session, files)
    resolve_groups(session)
    load_fx_rates(session, files)
    load_service_costs(session, files)
    load_assessments(session, files)


def register_input_files(session: Session, files: dict[str, list[Path]]) -> None:
    all_files = [str(path) for dataset in DATASETS for path in files[dataset]]
    # Position of each file in file-name order: a later file wins.
    session.conn.execute(
        "create temp table input_files as "
        "select unnest($files) as source_file, unnest(range(1, $count + 1)) as file_order",
        {"files": all_files, "count": len(all_files)},
    )


def load_customer_master(session: Session, files: dict[str, list[Path]]) -> None:
    conn = session.conn
    # The latest snapshot is the master.
    session.execute(f"""
        create temp table customer_master as
        select
            customer_id,
            customer_name,
            industry,
            account_manager,
            try_cast(is_industry_leader as boolean) as is_industry_leader,
            cast(reputation_score as {MONEY}) as reputation_score,
            cast(estimated_annual_potential as {MONEY}) as estimated_annual_potential,
            parent_customer_id
        from {delivered_rows(conn, "customers", files["customers"][-1:])}
    """)


def load_fx_rates(session: Session, files: dict[str, list[Path]]) -> None:
    conn = session.conn
    # Rates: the latest delivery of a (rate_date, currency) wins; each rate applies from its
    # date until the next one, as one row per day, and the last one from its date on.
    session.execute(f"""
        create temp table fx_rate_spans as
        with

        delivered_rates as (
            select
                cast(rates.rate_date as date) as rate_date,
                upper(rates.currency) as currency,
                cast(rates.rate_to_reporting as decimal(18, 8)) as rate_to_reporting,
                input_files.file_order
            from {delivered_rows(conn, "fx_rates", files["fx_rates"])} as rates
            inner join input_files on rates.source_file = input_files.source_file
        ),

        latest_rates as (
            select *
            from delivered_rates
            qualify row_number() over (
                partition by rate_date, currency order by file_order desc
            ) = 1
        )

        select
            currency,
            rate_date,
            lead(rate_date) over (partition by currency order by rate_date) as next_rate_date,
            rate_to_reporting
        from latest_rates
    """)
    session.execute("""
        create temp table fx_daily_rates as
        select
            currency,
            cast(unnest(range(rate_date, next_rate_date, interval 1 day)) as date) as rate_day,
            rate_to_reporting
        from fx_rate_spans
        where next_rate_date is not null
    """)
    session.execute("""
        create temp table fx_last_rates as
        select currency, rate_date, rate_to_reporting
        from fx_rate_spans
        where next_rate_date is null
    """)


def load_service_costs(session: Session, files: dict[str, list[Path]]) -> None:
    conn, w = session.conn, session.config.window_months
    first, last = date_sql(session.dates[0]), date_sql(session.dates[-1])
    # The service costs of the windows of the dates scored, per customer and day.
    session.execute(f"""
        create temp table service_cost_days as
        with costs as (
            select customer_id, cast(cost_date as date) as cost_date, cast(amount as {MONEY}) as amount
            from {delivered_rows(conn, "service_costs", files["service_costs"])}
        )
        select customer_id, cost_date, sum(amount) as service_cost
        from costs
        where cost_date > {first} - to_months({w}) and cost_date <= {last}
        group by customer_id, cost_date
    """)


def load_assessments(session: Session, files: dict[str, list[Path]]) -> None:
    conn, config = session.conn, session.config
    # A KAM's judgements add up; the same (customer_id, factor, assessed_on) delivered again
    # replaces the earlier rating (the latest file wins). Only the configured factors count.
    factors = config.assessment_factors
    session.execute(f"""
        create temp table assessments as
        with delivered as (
            select
                assessments.customer_id,
                assessments.factor,
                cast(assessments.rating as double) as rating,
                cast(assessments.assessed_on as date) as assessed_on,
                input_files.file_order
            from {delivered_rows(conn, "account_assessments", files["account_assessments"])}
                as assessments
            inner join input_files on assessments.source_file = input_files.source_file
        )
        select customer_id, factor, rating, assessed_on
        from delivered
        where {f"factor in ({', '.join(text(f) for f in factors)})" if factors else "false"}
        qualify row_number() over (
            partition by customer_id, factor, assessed_on order by file_order desc
        ) = 1
    """)


def resolve_groups(session: Session) -> None:
    """Each customer of the master with its group under common control: the top of its
    chain of parents (parent_customer_id), a customer without a parent its own group, named
    after the top customer. Walked in Python, each chain once: the master is small."""
    master = session.conn.execute(
        "select customer_id, parent_customer_id, customer_name from customer_master"
    ).fetchall()
    parents = {customer_id: parent for customer_id, parent, _ in master}
    names = {customer_id: name for customer_id, _, name in master}
    tops: dict[str, str] = {}
    for customer_id in parents:
        chain, current = [], customer_id
        # Up to a customer whose top is known, or without a parent in the master (the input
        # is valid: a parent is in the same snapshot and there is no cycle).
        while current not in tops:
            if current in chain:
                raise ValueError(f"customers: a cycle of parents through {current}")
            chain.append(current)
            parent = parents.get(current)
            if parent is None or parent not in parents:
                tops[current] = current
                break
            current = parent
        for member in chain:
            tops[member] = tops[current]
    ids = list(tops)
    if not ids:
        session.execute(
            "create temp table customer_groups as select '' as customer_id, "
            "'' as group_id, '' as group_name where false"
        )
        return
    session.conn.execute(
        "create temp table customer_groups as select "
        "unnest($ids) as customer_id, unnest($groups) as group_id, "
        "unnest($names) as group_name",
        {
            "ids": ids,
            "groups": [tops[c] for c in ids],
            "names": [names[tops[c]] for c in ids],
        },
    )


# -- scores ------------------------------------------------------------------------------
