"""How complete a dataset's metadata is: a score out of 100 and the fields still missing.

The score is the sum of the points of the fields that are filled in. Bilingual fields
earn their points once per language, so a record complete in English only scores about
60. The fields are the ones DCAT-AP 3 and the Canadian portal recommend that a steward
can act on:

=========================  =========================  ==========================
field code                 points                     missing when
=========================  =========================  ==========================
``title``                  10 per language            blank
``description``            8 per language             blank
``keywords``               4 per language             no non-blank keyword
``spatial``                2 per language             blank
``resources.name``         2 per language             any resource's name is blank
``resources.description``  1 per language             any resource's description is blank
``access_reason``          2 per language             blank and access is not public
``resources``              12                         no resource
``licence``                10                         blank
``themes``                 6                          none
``contact.email``          6                          blank
``frequency``              4                          "unknown" or blank
``temporal``               4                          no start date (an open end is fine)
=========================  =========================  ==========================

Total: 2 × 29 + 42 = 100. A field that does not apply (the access reason of a public
dataset; resource names when there are no resources, which ``resources`` already counts)
earns its points, so every record can reach 100. ``publisher`` is not scored: blank means
the publishing organization, which is always known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trousse.engine.metadata.model import LANGUAGES, DatasetMeta, LocalizedText


@dataclass(frozen=True)
class CompletenessField:
    """A field the score looks at, with its points and bilingual label."""

    code: str
    label: LocalizedText
    points: int  # per language when bilingual
    bilingual: bool


@dataclass(frozen=True)
class Completeness:
    """The score (0–100) and the field codes that are missing, overall and per language."""

    score: int
    missing: tuple[str, ...]  # language-neutral field codes
    missing_by_language: dict[str, tuple[str, ...]]  # "en" / "fr" -> bilingual field codes

    def missing_in(self, lang: str) -> tuple[str, ...]:
        """Return the bilingual fields missing in ``lang``."""
        return self.missing_by_language.get(lang, ())

    @property
    def is_complete(self) -> bool:
        return self.score == 100


def _f(code: str, en: str, fr: str, points: int, bilingual: bool) -> CompletenessField:
    return CompletenessField(code, LocalizedText(en=en, fr=fr), points, bilingual)


# fmt: off
FIELDS: dict[str, CompletenessField] = {f.code: f for f in (
    _f("title", "Title", "Titre", 10, True),
    _f("description", "Description", "Description", 8, True),
    _f("keywords", "Keywords", "Mots-clés", 4, True),
    _f("spatial", "Spatial coverage", "Couverture spatiale", 2, True),
    _f("resources.name", "Resource names", "Noms des ressources", 2, True),
    _f("resources.description", "Resource descriptions", "Descriptions des ressources", 1, True),
    _f("access_reason", "Reason access is restricted", "Motif de la restriction d'accès", 2, True),
    _f("resources", "At least one resource", "Au moins une ressource", 12, False),
    _f("licence", "Licence", "Licence", 10, False),
    _f("themes", "Themes", "Thèmes", 6, False),
    _f("contact.email", "Contact email", "Courriel de la personne-ressource", 6, False),
    _f("frequency", "Update frequency", "Fréquence de mise à jour", 4, False),
    _f("temporal", "Temporal coverage", "Couverture temporelle", 4, False),
)}
# fmt: on

LANGUAGE_NAMES: dict[str, LocalizedText] = {
    "en": LocalizedText(en="English", fr="anglais"),
    "fr": LocalizedText(en="French", fr="français"),
}


def field_label(code: str, lang: str, in_language: str | None = None) -> str:
    """Return the field's label in ``lang``, naming ``in_language`` when given: "Mots-clés (français)"."""
    label = FIELDS[code].label.get(lang)
    if in_language is None:
        return label
    return f"{label} ({LANGUAGE_NAMES[in_language].get(lang)})"


def _filled(text: str) -> bool:
    return bool(text.strip())


# Each check answers "is this field filled in?"; bilingual checks take the language.
_BILINGUAL_CHECKS: dict[str, Callable[[DatasetMeta, str], bool]] = {
    "title": lambda m, lang: _filled(m.title.get(lang)),
    "description": lambda m, lang: _filled(m.description.get(lang)),
    "keywords": lambda m, lang: any(_filled(k) for k in m.keywords.get(lang)),
    "spatial": lambda m, lang: _filled(m.spatial.get(lang)),
    "resources.name": lambda m, lang: all(_filled(r.name.get(lang)) for r in m.resources),
    "resources.description": lambda m, lang: all(_filled(r.description.get(lang)) for r in m.resources),
    "access_reason": lambda m, lang: m.access_level == "public" or _filled(m.access_reason.get(lang)),
}

_NEUTRAL_CHECKS: dict[str, Callable[[DatasetMeta], bool]] = {
    "resources": lambda m: bool(m.resources),
    "licence": lambda m: _filled(m.licence),
    "themes": lambda m: any(_filled(t) for t in m.themes),
    "contact.email": lambda m: _filled(m.contact.email),
    "frequency": lambda m: _filled(m.frequency) and m.frequency != "unknown",
    "temporal": lambda m: m.temporal_start is not None,
}


def assess_completeness(meta: DatasetMeta) -> Completeness:
    """Score a dataset's metadata out of 100 and list what is missing, overall and per language."""
    score = 0
    missing_by_language: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        gaps = []
        for code, is_filled in _BILINGUAL_CHECKS.items():
            if is_filled(meta, lang):
                score += FIELDS[code].points
            else:
                gaps.append(code)
        missing_by_language[lang] = tuple(gaps)
    missing = []
    for code, is_set in _NEUTRAL_CHECKS.items():
        if is_set(meta):
            score += FIELDS[code].points
        else:
            missing.append(code)
    return Completeness(score=score, missing=tuple(missing), missing_by_language=missing_by_language)
