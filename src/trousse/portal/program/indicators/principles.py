"""The six principles of the International Open Data Charter, each scored 0–100 from the indicators behind it.

A principle's score is the plain mean of its indicators' latest percentages: every indicator weighs
the same, so the formula shown on the scorecard is the whole story. An indicator with nothing to
measure yet (no dataset with a regular frequency, say) is left out of the mean and shown as such. A
principle with no measured indicator gets no score (None) and says what it waits for, rather than an
invented number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trousse.portal.program.indicators.definitions import BY_CODE, Indicator


@dataclass(frozen=True)
class Principle:
    """A Charter principle and the percentage indicators its score averages."""

    number: int
    label: Promise
    summary: Promise
    indicators: tuple[str, ...]  # percentage indicators averaged into the score
    waiting_for: tuple[str, ...] = ()  # untracked indicators that will join the score
    note: Promise | str = ""


PRINCIPLES: tuple[Principle, ...] = (
    Principle(1, _("Open by default"), _("Data is published unless there is a good reason not to, under an open "
                                         "licence."), ("open_licence",)),
    Principle(2, _("Timely and comprehensive"), _("Data is released promptly, kept current and described "
                                                  "completely."), ("up_to_date", "bilingual_metadata")),
    Principle(3, _("Accessible and usable"), _("Data is easy to find and to use: machine-readable, in open "
                                               "formats."), ("machine_readable",)),
    Principle(4, _("Comparable and interoperable"), _("Data is described and structured so it can be combined "
                                                      "with other data."), ("data_dictionary", "described_schema")),
    Principle(5, _("For improved governance and citizen engagement"),
              _("Open data helps residents hold the municipality to account and take part in its decisions."),
              (), ("requests_received", "requests_answered", "request_days"),
              _("Scored once the portal receives and answers data requests.")),
    Principle(6, _("For inclusive development and innovation"),
              _("Open data is reused to create services, research and businesses."),
              (), ("api_calls",),
              _("Downloads are counted, but a count is not a share: this principle is scored once reuse can "
                "be measured against a target.")),
)


@dataclass(frozen=True)
class PrincipleScore:
    """A principle's score (None: no measured indicator yet) and the values it came from."""

    principle: Principle
    score: int | None
    inputs: list[tuple[Indicator, float | None]]  # (indicator, latest value or None)

    @property
    def waiting(self) -> list[Indicator]:
        return [BY_CODE[code] for code in self.principle.waiting_for]

    @property
    def formula(self) -> str:
        codes = [indicator.code for indicator, value in self.inputs if value is not None]
        if not codes:
            return ""
        labels = [str(BY_CODE[code].label) for code in codes]
        joined = " + ".join(labels)
        return f"({joined}) ÷ {len(codes)}" if len(codes) > 1 else joined


def score_principles(latest: Mapping[str, float]) -> list[PrincipleScore]:
    """Score each principle from the latest indicator values (percentages), in the Charter's order."""
    out = []
    for principle in PRINCIPLES:
        inputs = [(BY_CODE[code], latest.get(code)) for code in principle.indicators]
        known = [value for _, value in inputs if value is not None]
        score = round(sum(known) / len(known)) if known else None
        out.append(PrincipleScore(principle, score, inputs))
    return out
