"""Proposing which public-register records belong to a care provider (pure: no database).

The sponsor register has no identifier and names are typed by sponsors, so candidates are
found by normalised name within a block (the same town or council area), scored with
rapidfuzz, and every score comes with its reasons. A person decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from carehub.registers.sponsor_register import normalise_name, normalise_town

# Words that say what kind of company it is, not which one.
LEGAL_WORDS = re.compile(
    r"\b(ltd|limited|plc|llp|cic|co|company|the|uk|group|services|trading as|t a)\b"
)
TRADING_AS = re.compile(r"\s(?:t/a|trading as|t\\a)\s", re.IGNORECASE)
SPELLED_OUT = re.compile(r"\b(?:\w )+\w\b")  # "c i c" (from C.I.C.) -> "cic"
MINIMUM_SCORE = 80


def matching_names(name: str) -> list[str]:
    """The legal name and any trading name ("X Ltd T/A Y"), each without legal words."""
    names = []
    for part in TRADING_AS.split(name):
        text = SPELLED_OUT.sub(lambda m: m.group(0).replace(" ", ""), normalise_name(part))
        core = " ".join(LEGAL_WORDS.sub(" ", text).split())
        if core and core not in names:
            names.append(core)
    return names


@dataclass(frozen=True)
class Candidate:
    """A register record that may be the provider, with why we think so."""

    key: tuple[str, ...]
    name: str
    town: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Record:
    key: tuple[str, ...]
    name: str
    town: str
    area: str = ""  # council area code, where known


def block_key(town: str) -> str:
    return normalise_town(town)


def sorted_tokens(name: str) -> str:
    # token_sort_ratio sorts both strings' words on every comparison; sorting each name once
    # and comparing with plain ratio gives the same scores far faster.
    return " ".join(sorted(name.split()))


class Index:
    """Register records grouped by town, with their matching names precomputed."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.by_block: dict[str, list[tuple[str, Record]]] = {}
        for record in records:
            for name in matching_names(record.name):
                self.by_block.setdefault(block_key(record.town), []).append((name, record))
                if record.area:
                    self.by_block.setdefault(record.area, []).append((name, record))
        self.choices = {
            block: [sorted_tokens(name) for name, _record in pool]
            for block, pool in self.by_block.items()
        }

    def candidates(
        self,
        names: Sequence[str],
        blocks: Sequence[str],
        *,
        rejected: Mapping[tuple[str, ...], str] | None = None,
        limit: int = 5,
    ) -> list[Candidate]:
        """The best-scoring records in the provider's blocks, best first, each with reasons.
        Records a person has rejected for this provider are not proposed again."""
        rejected = rejected or {}
        provider_names = [n for name in names for n in matching_names(name)]
        best: dict[tuple[str, ...], Candidate] = {}
        for block in dict.fromkeys(b for b in blocks if b):
            pool = self.by_block.get(block, [])
            if not pool:
                continue
            for provider_name in provider_names:
                for _match, score, index in process.extract(
                    sorted_tokens(provider_name),
                    self.choices[block],
                    scorer=fuzz.ratio,
                    limit=limit,
                    score_cutoff=MINIMUM_SCORE,
                ):
                    name, record = pool[index]
                    if record.key in rejected:
                        continue
                    reasons = (
                        f"Name {score:.0f}% similar ({provider_name!r} and {name!r})",
                        f"Same {'council area' if block == record.area else 'town'}: {block}",
                    )
                    current = best.get(record.key)
                    if current is None or score > current.score:
                        best[record.key] = Candidate(
                            record.key, record.name, record.town, score, reasons
                        )
        return sorted(best.values(), key=lambda c: (-c.score, c.name))[:limit]
