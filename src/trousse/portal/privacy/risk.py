"""The dataset's risk level (low, medium, high) and its reasons: the questionnaire plus the screens.

Issue #5 §4: the steward's answers and the automated findings combine into one level, with every
reason listed for the reviewer. The screens read are the newest of each file resource's current
version and of the newer versions held back (a refresh waiting for review).

- A "yes" raises the level to the question's; "unsure" counts as medium; an incomplete
  questionnaire is a medium reason (the gate blocks it separately).
- A screen that failed, or none yet: high (nothing is known, so nothing is assumed).
- Direct identifiers (SIN, payment cards, health cards, birth dates) in what the public would get:
  high. Other personal information: medium, high when it fills most of a column. A table at risk
  of re-identification: medium.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trousse.engine.metadata.model import LocalizedText
from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion
from trousse.portal.privacy import questionnaire, screens
from trousse.portal.privacy.models import Questionnaire, Screen

DIRECT_IDENTIFIERS = frozenset({"sin", "credit_card", "health_card_on", "health_card_qc", "birth_date"})
MOST_OF_COLUMN = 0.5


@dataclass(frozen=True)
class Reason:
    """Why the risk is what it is: a stable code, a bilingual message and the level it implies."""

    code: str
    message: LocalizedText
    level: str  # low, medium, high

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "en": self.message.en, "fr": self.message.fr, "level": self.level}


@dataclass
class Assessment:
    """A dataset's risk level and every reason behind it, highest first."""

    level: str = "low"
    reasons: list[Reason] = field(default_factory=list)

    def add(self, reason: Reason) -> None:
        self.reasons.append(reason)
        if screens.LEVELS.index(reason.level) > screens.LEVELS.index(self.level):
            self.level = reason.level

    def sort(self) -> Assessment:
        self.reasons.sort(key=lambda r: -screens.LEVELS.index(r.level))
        return self


def assess(dataset: Dataset) -> Assessment:
    """Return ``dataset``'s risk level from its questionnaire and the screens of its file versions."""
    assessment = Assessment()
    answered = Questionnaire.objects.filter(dataset=dataset).first()
    _questionnaire(assessment, answered.answers if answered is not None else {})
    resources = list(Resource.objects.filter(dataset=dataset, kind=Resource.Kind.FILE)
                     .select_related("current_version").order_by("position", "pk"))
    for resource, versions in screened_versions(resources).items():
        found = screens.latest_screens(versions)
        for version in versions:
            screen = found.get(version.pk)
            if screen is None and version.pk != resource.current_version_id:
                continue  # a refresh still being processed (or that failed): nothing to weigh yet
            _screen(assessment, resource, version, screen)
    return assessment.sort()


def screened_versions(resources: Iterable[Resource]) -> dict[Resource, list[ResourceVersion]]:
    """Return, per file resource, its current version and the newer ones (refreshes not current yet)."""
    out: dict[Resource, list[ResourceVersion]] = {}
    for resource in resources:
        current = resource.current_version
        if current is None:
            continue
        newer = list(ResourceVersion.objects.filter(resource=resource, number__gt=current.number).order_by("number"))
        out[resource] = [current, *newer]
    return out


def assess_version(dataset: Dataset, resource: Resource, version: ResourceVersion,
                   screen: Screen | None) -> Assessment:
    """Return the risk of the questionnaire and one version's screen alone (for holds and notices)."""
    assessment = Assessment()
    answered = Questionnaire.objects.filter(dataset=dataset).first()
    _questionnaire(assessment, answered.answers if answered is not None else {})
    _screen(assessment, resource, version, screen)
    return assessment.sort()


def _questionnaire(assessment: Assessment, answers: dict) -> None:
    if not questionnaire.complete(answers):
        assessment.add(Reason("questionnaire-incomplete", LocalizedText(
            "The risk questionnaire is not complete.", "Le questionnaire sur les risques n'est pas rempli."),
            "medium"))
    for question in questionnaire.QUESTIONS:
        answer = (answers.get(question.code) or {}).get("answer")
        if answer == "yes":
            assessment.add(Reason(f"question-{question.code}", question.reason, question.risk_if_yes))
        elif answer == "unsure":
            assessment.add(Reason(f"unsure-{question.code}", LocalizedText(
                f"The steward is unsure: {question.text.en}", f"L'intendant n'est pas certain : {question.text.fr}"),
                "medium"))


def _name(resource: Resource, version: ResourceVersion) -> LocalizedText:
    en = resource.name_en or resource.name_fr or version.filename
    fr = resource.name_fr or resource.name_en or version.filename
    return LocalizedText(f"“{en}” (version {version.number})", f"« {fr} » (version {version.number})")


def _screen(assessment: Assessment, resource: Resource, version: ResourceVersion, screen: Screen | None) -> None:
    name = _name(resource, version)
    if screen is None:
        assessment.add(Reason("screen-pending", LocalizedText(
            f"{name.en} has not been screened for personal information yet.",
            f"{name.fr} n'a pas encore été filtré pour les renseignements personnels."), "high"))
        return
    if screen.status == Screen.Status.ERROR:
        assessment.add(Reason("screen-error", LocalizedText(
            f"The privacy screen of {name.en} failed: {screen.error_message_en or screen.error_code}",
            f"Le filtrage de {name.fr} a échoué : {screen.error_message_fr or screen.error_code}"), "high"))
        return
    if screen.status == Screen.Status.MANUAL:
        assessment.add(Reason("screen-manual", LocalizedText(
            f"{name.en} could not be read as a table, so it was not screened automatically: a reviewer must "
            "check it by hand for personal information.",
            f"{name.fr} n'a pas pu être lu comme un tableau et n'a donc pas été filtré automatiquement : un "
            "réviseur doit y chercher lui-même les renseignements personnels."), "medium"))
        return
    for report in screen.tables or []:
        for finding in report.get("findings") or []:
            detector = finding.get("detector", "")
            high = detector in DIRECT_IDENTIFIERS or (finding.get("share") or 0) >= MOST_OF_COLUMN
            message = finding.get("message") or {}
            assessment.add(Reason(f"finding-{detector}", LocalizedText(
                f"{name.en}, table “{report.get('table', '')}”: {message.get('en', detector)}",
                f"{name.fr}, tableau « {report.get('table', '')} » : {message.get('fr', detector)}"),
                "high" if high else "medium"))
        risk = report.get("risk") or {}
        if risk.get("at_risk"):
            message = risk.get("message") or {}
            assessment.add(Reason("reidentification", LocalizedText(
                f"{name.en}, table “{report.get('table', '')}”: {message.get('en', '')}",
                f"{name.fr}, tableau « {report.get('table', '')} » : {message.get('fr', '')}"), "medium"))
