"""The records checked against the figures the programme announced (`programme.yaml`).

More records than announced, in total, in a wave or in a territory type, cannot be true: the
registry claims laureates that do not exist (a record has a wrong wave or territory, or a laureate
is recorded twice). Neither can more recorded funding than the programme's budget. Each such
excess is one error, located at the announced figure it exceeds in `programme.yaml`: the excess
belongs to no single record, and one diagnostic per excess (rather than one on each of the 21
records of an over-full wave) keeps the report, and CI's annotations, readable. The hint says how
to list the records concerned.

Fewer records than announced is not a problem, only an incomplete registry: `manuf coverage`
shows those gaps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from manufactures.i18n import _
from manufactures.models import Laureate, Programme
from manufactures.validation.checks import Finding

__all__ = ["programme_findings"]


def programme_findings(programme: Programme, laureates: Sequence[Laureate]) -> list[Finding]:
    """Every announced figure of `programme` the valid records exceed, by path in its file."""
    findings: list[Finding] = []
    if len(laureates) > programme.announced_total:
        findings.append(
            _more_than_announced(
                ("announced_total",),
                _("the registry holds {count} records").format(count=len(laureates)),
                programme.announced_total,
                _(
                    "a laureate is recorded twice, or a record is not one of the programme's "
                    "laureates"
                ),
            )
        )
    waves = Counter(laureate.wave for laureate in laureates if laureate.wave is not None)
    for index, wave in enumerate(programme.waves):
        if waves[wave.number] > wave.announced:
            findings.append(
                _more_than_announced(
                    ("waves", index, "announced"),
                    _("{count} records are in wave {wave} ({label})").format(
                        count=waves[wave.number], wave=wave.number, label=wave.label
                    ),
                    wave.announced,
                    _(
                        "a record has a wrong wave, or a laureate is recorded twice: "
                        "`manuf list --wave {wave}` lists the {count}"
                    ).format(wave=wave.number, count=waves[wave.number]),
                )
            )
    territories = Counter(laureate.territory for laureate in laureates if laureate.territory)
    for key, territory in programme.territories.items():
        if territory.announced is not None and territories[key] > territory.announced:
            findings.append(
                _more_than_announced(
                    ("territories", key, "announced"),
                    _("{count} records have the territory `{key}` ({label})").format(
                        count=territories[key], key=key, label=territory.label
                    ),
                    territory.announced,
                    _(
                        "a record has a wrong territory, or a laureate is recorded twice: "
                        "`manuf list --territory {key}` lists the {count}"
                    ).format(key=key, count=territories[key]),
                )
            )
    return findings + _funding_findings(programme, laureates)


def _more_than_announced(
    path: tuple[str | int, ...], recorded: str, announced: int, hint: str
) -> Finding:
    return Finding(
        "more-than-announced",
        path,
        _("{recorded}, but the programme announced {announced}").format(
            recorded=recorded, announced=announced
        ),
        hint,
    )


def _funding_findings(programme: Programme, laureates: Sequence[Laureate]) -> list[Finding]:
    totals = [
        (sum(line.amount_eur for line in laureate.funding or ()), laureate.id)
        for laureate in laureates
    ]
    recorded, budget = sum(total for total, _ in totals), programme.funding.budget_eur
    if recorded <= budget:
        return []
    largest, largest_id = max(totals)
    return [
        Finding(
            "funding-above-budget",
            ("funding", "budget_eur"),
            _(
                "the records' funding adds up to {recorded}, more than the programme's "
                "announced budget of {budget}"
            ).format(recorded=_eur(recorded), budget=_eur(budget)),
            _(
                "look for a funding line recorded twice or with a digit too many; the largest "
                "total is `{id}`'s, {amount}"
            ).format(id=largest_id, amount=_eur(largest)),
        )
    ]


def _eur(amount: int) -> str:
    return f"{amount:,} €".replace(",", " ")
