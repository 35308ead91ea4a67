"""Groups under common control among the customers, one of them a major customer only as a
group (docs/method.md, "Concentration")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dagster_project.lib.sample_data.vocabulary import (
    ACCOUNT_MANAGERS,
    COUNTRIES,
    COUNTRY_NAMES,
    GROUP_STEMS,
)


@dataclass(frozen=True)
class CustomerGroup:
    """Customers under common control, by their row in the customer master: the top-level
    customer first, each of the others with its parent."""

    stem: str
    members: tuple[int, ...]
    parents: dict[int, int]


def in_a_group(frame: pd.DataFrame, groups: list[CustomerGroup]) -> np.ndarray:
    """Which rows of the customer master belong to a group: their revenue is shaped later, so
    a group's members neither fade nor pause, and none of its prospects is made a large one."""
    return frame.index.isin([member for group in groups for member in group.members])


def customer_groups(rng: np.random.Generator, frame: pd.DataFrame) -> list[CustomerGroup]:
    """Draw a few groups and set their members' parent, industry, countries and KAM in frame.

    The first group is the one that is a major customer only as a group: a mid-size holding,
    the third-largest buyer under it and the fourth-largest under that one (a chain of depth 2);
    their revenue is set later (MAJOR_GROUP_SHARES). The others are 2 to 4 buyers each, drawn
    from the larger half but the largest tenth, the largest member on top; the first of them
    has a prospect among its subsidiaries.
    No groups in a master of fewer than 20 buyers."""
    buyers = frame.index[~frame["is_prospect"]].to_numpy()
    ranked = buyers[np.argsort(-frame["weight"].to_numpy()[buyers], kind="stable")]
    if len(ranked) < 20:
        return []
    holding = int(ranked[8 + rng.integers(0, max(1, len(ranked) // 6))])
    first, second = int(ranked[2]), int(ranked[3])
    groups = [
        CustomerGroup(GROUP_STEMS[0], (holding, first, second), {first: holding, second: first})
    ]
    pool = np.array(
        [i for i in ranked[max(10, len(ranked) // 10) : len(ranked) // 2] if i != holding]
    )
    groups.extend(_smaller_groups(rng, frame, pool, count=4 if len(ranked) >= 60 else 2))
    for group in groups:
        _settle_group(rng, frame, group)
    return groups


def _smaller_groups(
    rng: np.random.Generator, frame: pd.DataFrame, pool: np.ndarray, count: int
) -> list[CustomerGroup]:
    """Up to count groups after the first, of buyers drawn from pool (fewer when it runs
    out); the first of them takes a prospect as its last member, and the second is a chain of
    depth 2 when it has three."""
    sizes = rng.integers(2, 5, size=count)
    chosen = rng.choice(pool, size=min(int(sizes.sum()), len(pool)), replace=False)
    prospects = frame.index[frame["is_prospect"]].to_numpy()
    prospect = [int(rng.choice(prospects))] if len(prospects) else []
    groups = []
    start = 0
    for position, group_size in enumerate(sizes, start=1):
        # The first group's last place goes to the prospect.
        buying = group_size - len(prospect) if position == 1 else group_size
        members = sorted(
            (int(i) for i in chosen[start : start + buying]),
            key=lambda i: -frame.at[i, "weight"],
        )
        start += buying
        if len(members) < (1 if position == 1 and prospect else 2):
            break
        if position == 1:
            members.extend(prospect)
        parents = {member: members[0] for member in members[1:]}
        if position == 2 and len(members) >= 3:
            parents[members[2]] = members[1]  # another chain of depth 2
        groups.append(CustomerGroup(GROUP_STEMS[position], tuple(members), parents))
    return groups


def _settle_group(rng: np.random.Generator, frame: pd.DataFrame, group: CustomerGroup) -> None:
    """One industry and one KAM (its largest member's, or one drawn) for the whole group, and
    each subsidiary in a country of its own under its parent."""
    top = group.members[0]
    largest = max(group.members, key=lambda i: frame.at[i, "weight"])
    kam = frame.at[largest, "account_manager"]
    if pd.isna(kam):
        kam = ACCOUNT_MANAGERS[rng.integers(0, len(ACCOUNT_MANAGERS))]
    subsidiaries = list(group.members[1:])
    weights = np.array([c[2] for c in COUNTRIES])
    countries = rng.choice(
        len(COUNTRIES), size=len(subsidiaries), replace=False, p=weights / weights.sum()
    )
    for member, country in zip(subsidiaries, countries, strict=True):
        frame.at[member, "country"], frame.at[member, "currency"] = COUNTRIES[country][:2]
        frame.at[member, "parent_index"] = group.parents[member]
    frame.loc[list(group.members), "industry"] = frame.at[top, "industry"]
    frame.loc[list(group.members), "account_manager"] = kam


def name_group_members(names: list[str], countries: pd.Series, groups: list[CustomerGroup]) -> None:
    """Rename each group's members in names after it ("Marea Holding S.p.A.", "Marea
    Deutschland GmbH"), so that a reader of the master sees who belongs together."""
    for position, group in enumerate(groups):
        for member in group.members:
            country_name, holding_form, company_form = COUNTRY_NAMES[countries[member]]
            if member == group.members[0]:
                title = "Holding" if position % 2 == 0 else "Group"
                names[member] = f"{group.stem} {title} {holding_form}"
            else:
                names[member] = f"{group.stem} {country_name} {company_form}"
