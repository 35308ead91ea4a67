"""The tiers of a scored date (docs/method.md, "Tiers"): the first tier with its major
customers, its cap and the incumbents' margin, the next tiers by score, and the key prospects."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.baseline.config import Config, Tier
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import num, text


@dataclass(frozen=True)
class FirstTierRule:
    """Who may enter the first tier by score, and how many of them it has room for after its
    major customers (None: no cap)."""

    tier: Tier
    floor: str
    room: int | None

    def reaches(self, score: str) -> str:
        minimum = (
            "true" if self.tier.min_score is None else f"{score} >= {num(self.tier.min_score)}"
        )
        return (
            f"not is_prospect and not is_major and {minimum} and score_completeness >= {self.floor}"
        )

    def within_room(self, rank: str) -> str:
        if self.room is None:
            return f"{rank} is not null"
        return f"coalesce({rank} <= {self.room}, false)"


def _find_candidates(session: Session) -> int:
    """tier_candidates, narrow for the rankings; the number of major customers."""
    session.execute("""
        create or replace temp table tier_candidates as
        select
            weighted_scores.customer_id,
            weighted_scores.is_prospect,
            weighted_scores.weighted_score,
            weighted_scores.score_completeness,
            coalesce(date_revenue_shares.is_major_for_tiers, false)
            and not weighted_scores.is_prospect as is_major,
            previous_first_tier.customer_id is not null as is_incumbent
        from weighted_scores
        left join date_revenue_shares
            on weighted_scores.customer_id = date_revenue_shares.customer_id
        left join previous_first_tier
            on weighted_scores.customer_id = previous_first_tier.customer_id
    """)
    return session.one("select count(*) from tier_candidates where is_major")[0]


def _first_tier_rule(config: Config, majors: int) -> FirstTierRule:
    first = config.tiers[0]
    room = None if first.max_accounts is None else max(0, int(first.max_accounts) - majors)
    return FirstTierRule(first, num(config.min_completeness_for_key), room)


def _rank_candidates(session: Session, rule: FirstTierRule) -> None:
    """tier_ranks: the rankings by score, by score with the incumbents' margin, without it
    (did the margin decide it?), of the key prospects and of the accounts below the first tier."""
    config = session.config
    reaches, within_room = rule.reaches, rule.within_room
    key_prospect = (
        f"is_prospect and weighted_score >= {num(config.key_prospect_min_score)}"
        f" and score_completeness >= {rule.floor}"
    )
    session.execute(f"""
        create or replace temp table tier_ranks as
        with

        adjusted as (
            select
                *,
                weighted_score
                + case when is_incumbent then {config.incumbent_margin!r} else 0 end
                as adjusted_score
            from tier_candidates
        ),

        ranked as (
            select
                *,
                row_number() over (order by weighted_score desc, customer_id) as score_rank,
                case when {reaches("adjusted_score")} then row_number() over (
                    partition by {reaches("adjusted_score")}
                    order by adjusted_score desc, customer_id
                ) end as margin_rank,
                -- the same without the margin: did the margin decide it?
                case when {reaches("weighted_score")} then row_number() over (
                    partition by {reaches("weighted_score")}
                    order by weighted_score desc, customer_id
                ) end as plain_rank,
                case when {key_prospect} then row_number() over (
                    partition by {key_prospect}
                    order by weighted_score desc, customer_id
                ) end as key_prospect_rank
            from adjusted
        ),

        first_tier as (
            select
                *,
                not is_prospect and (is_major or {within_room("margin_rank")}) as is_first_tier
            from ranked
        )

        select
            *,
            case when not is_prospect and not is_first_tier then row_number() over (
                partition by not is_prospect and not is_first_tier
                order by weighted_score desc, customer_id
            ) end as rest_rank
        from first_tier
    """)


def _last_ranks(session: Session, rest: list[Tier]) -> list[int]:
    """The last rest_rank each tier below the first takes: those reaching its minimum and not
    in a tier above, up to its max_accounts; the last tier takes everyone left."""
    qualifying = ", ".join(
        f"count(rest_rank) filter (where weighted_score >= {num(tier.min_score)})"
        if tier.min_score is not None and index < len(rest) - 1
        else "count(rest_rank)"
        for index, tier in enumerate(rest)
    )
    qualified = session.one(f"select {qualifying} from tier_ranks")
    last_ranks, placed = [], 0
    for index, (tier, count) in enumerate(zip(rest, qualified, strict=True)):
        taken = max(0, count - placed)
        if tier.max_accounts is not None and index < len(rest) - 1:
            taken = min(taken, int(tier.max_accounts))
        placed += taken
        last_ranks.append(placed)
    return last_ranks


def _name_tiers(session: Session, rule: FirstTierRule, rest: list[Tier]) -> None:
    config = session.config
    within_room = rule.within_room
    first = rule.tier
    rest_cases = "\n".join(
        f"when rest_rank <= {last_rank} then {text(tier.name)}"
        for tier, last_rank in zip(rest, _last_ranks(session, rest), strict=True)
    )
    max_key_prospects = (
        "key_prospect_rank is not null"
        if config.max_key_prospects is None
        else f"coalesce(key_prospect_rank <= {config.max_key_prospects}, false)"
    )
    session.execute(f"""
        create or replace temp table customer_tiers as
        select
            customer_id,
            is_prospect,
            score_rank,
            case
                when is_prospect and {max_key_prospects} then 'key_prospect'
                when is_prospect then 'prospect'
                when is_first_tier then {text(first.name)}
                {rest_cases}
            end as tier,
            case
                when is_major then 'major_customer'
                when is_first_tier and is_incumbent and not {within_room("plain_rank")}
                    then 'incumbent_margin'
                else 'score'
            end as tier_source,
            cast(null as varchar) as override_reason
        from tier_ranks
    """)


def assign_tiers(session: Session) -> None:
    """Tiers, highest first, for the accounts; key_prospect or prospect for the prospects.

    A major customer, or the largest member of a major group, is in the first tier
    (tier_source major_customer). The other accounts compete for the room the cap
    leaves them, an incumbent of the first tier (previous_first_tier) with its score plus
    incumbent_margin, for the minimum and the ranking alike; below min_completeness_for_key
    an account cannot enter it. Everyone else takes the next tiers: the accounts reaching a
    tier's minimum form a prefix of the ranking; a tier takes those not in a tier above, up
    to its max_accounts, the rest fall to the next tier, and the last takes everyone left."""
    config = session.config
    rule = _first_tier_rule(config, _find_candidates(session))
    rest = config.tiers[1:] or config.tiers[:1]
    _rank_candidates(session, rule)
    _name_tiers(session, rule, rest)


def join_tiers(session: Session) -> None:
    """The as-of date's scores with their tiers, for the published tables."""
    session.execute("""
        create or replace temp table tiered_scores as
        select
            weighted_scores.*,
            customer_tiers.score_rank,
            customer_tiers.tier,
            customer_tiers.tier_source,
            customer_tiers.override_reason
        from weighted_scores
        inner join customer_tiers on weighted_scores.customer_id = customer_tiers.customer_id
    """)
