"""A record's dates against each other, the programme and today.

Each date of a record is a fact a source states; together they must tell a possible story: the
support ends after it starts, a module is completed only if it is done, and not before the
laureate was labelled; nothing is labelled before the programme's first wave was announced; no
date lies in the future except the end of the support, which a source may give as planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from manufactures.i18n import _
from manufactures.models import Laureate, ModuleStatus, Programme
from manufactures.validation.checks import Finding

__all__ = ["DateBounds", "date_findings"]


@dataclass(frozen=True, slots=True)
class DateBounds:
    """What a record's dates are checked against: the first wave's announcement, today."""

    programme_start: date | None
    today: date

    @classmethod
    def of(cls, programme: Programme | None, *, today: date | None = None) -> DateBounds:
        """The bounds of `programme` (no start when it has no waves or did not validate)."""
        waves = programme.waves if programme is not None and programme.waves else ()
        start = min((wave.announced_on for wave in waves), default=None)
        return cls(start, today or date.today())


def date_findings(laureate: Laureate, bounds: DateBounds) -> list[Finding]:
    """What is wrong with the dates of one valid record, by field path."""
    return [
        *_labelling(laureate, bounds),
        *_modules(laureate, bounds),
        *_support(laureate, bounds),
        *_funding(laureate, bounds),
    ]


def _labelling(laureate: Laureate, bounds: DateBounds) -> list[Finding]:
    labelled = laureate.labelled_on
    if labelled is None:
        return []
    if labelled > bounds.today:
        return [_future(("labelled_on",), labelled, _("the laureate's labelling"))]
    if bounds.programme_start is not None and labelled < bounds.programme_start:
        return [
            Finding(
                "date-before-programme",
                ("labelled_on",),
                _(
                    "labelled on {day}, before the programme's first wave was announced ({start})"
                ).format(day=labelled, start=bounds.programme_start),
                hint=_("check the date against the source: a laureate is labelled with its wave"),
            )
        ]
    return []


def _modules(laureate: Laureate, bounds: DateBounds) -> list[Finding]:
    findings = []
    for module, progress in (laureate.incubation or {}).items():
        done_on, path = progress.completed_on, ("incubation", module, "completed_on")
        if done_on is None:
            continue
        if progress.status is not ModuleStatus.DONE:
            findings.append(
                Finding(
                    "completed-not-done",
                    path,
                    _(
                        "module `{module}` has a completion date but its status is `{status}`"
                    ).format(module=module, status=progress.status),
                    hint=_("set its status to `done`, or remove `completed_on`"),
                )
            )
        elif done_on > bounds.today:
            what = _("module `{module}`'s completion").format(module=module)
            findings.append(_future(path, done_on, what))
        elif laureate.labelled_on is not None and done_on < laureate.labelled_on:
            findings.append(
                Finding(
                    "date-order",
                    path,
                    _(
                        "module `{module}` completed on {day}, before the laureate was "
                        "labelled ({labelled})"
                    ).format(module=module, day=done_on, labelled=laureate.labelled_on),
                    hint=_("incubation follows the labelling: check both dates"),
                )
            )
    return findings


def _support(laureate: Laureate, bounds: DateBounds) -> list[Finding]:
    support = laureate.support
    if support is None:
        return []
    findings = []
    if support.started_on is not None and support.started_on > bounds.today:
        findings.append(
            _future(("support", "started_on"), support.started_on, _("the support's start"))
        )
    if support.started_on and support.ended_on and support.ended_on < support.started_on:
        findings.append(
            Finding(
                "date-order",
                ("support", "ended_on"),
                _("the support ends on {end}, before it starts ({start})").format(
                    end=support.ended_on, start=support.started_on
                ),
                hint=_("swap the two dates if they were entered the wrong way round"),
            )
        )
    return findings


def _funding(laureate: Laureate, bounds: DateBounds) -> list[Finding]:
    return [
        _future(("funding", index, "granted_on"), line.granted_on, _("a grant"))
        for index, line in enumerate(laureate.funding or ())
        if line.granted_on is not None and line.granted_on > bounds.today
    ]


def _future(path: tuple[str | int, ...], day: date, what: str) -> Finding:
    return Finding(
        "date-in-future",
        path,
        _("{what} is dated {day}, in the future").format(what=what, day=day),
        hint=_("a record holds what has happened; only the end of the support may be planned"),
    )
