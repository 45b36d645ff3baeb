"""Provinces and territories: their names, the access and privacy act that covers municipalities, and the courts.

The act is a suggestion: the form shows it for the province chosen and lets the clerk name another
(a territory's municipalities, for instance, may be covered only once designated). Names follow each
legislature's English and French titles; where a province publishes no official French title, the
French is the usual translation. "Law 25" is the Quebec act of 2021 that modernized the access act
named here, which is still the act municipalities answer to.
"""

from __future__ import annotations

from dataclasses import dataclass

from trousse.engine.metadata.model import LocalizedText


@dataclass(frozen=True)
class PrivacyAct:
    """An access to information and privacy act a municipality is subject to."""

    code: str
    name: LocalizedText
    short: str  # the usual acronym, used in help text


@dataclass(frozen=True)
class Jurisdiction:
    """A province or territory: its names, the wording of its laws and courts, and its municipal privacy act."""

    code: str
    name: LocalizedText
    of_fr: str  # "de l'Ontario", "du Québec": French needs the article and its contraction
    act: str  # code of the suggested PrivacyAct

    def laws(self, lang: str) -> str:
        """Return "the laws of Ontario" / "les lois de l'Ontario"."""
        return f"the laws of {self.name.en}" if lang == "en" else f"les lois {self.of_fr}"

    def courts(self, lang: str) -> str:
        """Return "the courts of Ontario" / "les tribunaux de l'Ontario"."""
        return f"the courts of {self.name.en}" if lang == "en" else f"les tribunaux {self.of_fr}"


def _t(en: str, fr: str) -> LocalizedText:
    return LocalizedText(en=en, fr=fr)


PRIVACY_ACTS: dict[str, PrivacyAct] = {act.code: act for act in (
    PrivacyAct("on-mfippa", _t("Municipal Freedom of Information and Protection of Privacy Act",
                               "Loi sur l’accès à l’information municipale et la protection de la vie privée"),
               "MFIPPA"),
    PrivacyAct("qc-access", _t("Act respecting access to documents held by public bodies and the protection of "
                               "personal information",
                               "Loi sur l’accès aux documents des organismes publics et sur la protection des "
                               "renseignements personnels"), "A-2.1"),
    PrivacyAct("bc-foippa", _t("Freedom of Information and Protection of Privacy Act",
                               "Freedom of Information and Protection of Privacy Act (Loi sur l’accès à "
                               "l’information et la protection de la vie privée)"), "FOIPPA"),
    PrivacyAct("ab-atia-popa", _t("Access to Information Act and Protection of Privacy Act",
                                  "Access to Information Act et Protection of Privacy Act (lois sur l’accès à "
                                  "l’information et sur la protection de la vie privée)"), "ATIA / POPA"),
    PrivacyAct("sk-lafoip", _t("The Local Authority Freedom of Information and Protection of Privacy Act",
                               "The Local Authority Freedom of Information and Protection of Privacy Act (Loi "
                               "sur l’accès à l’information et la protection de la vie privée des autorités "
                               "locales)"), "LA FOIP"),
    PrivacyAct("mb-fippa", _t("The Freedom of Information and Protection of Privacy Act",
                              "Loi sur l’accès à l’information et la protection de la vie privée"), "FIPPA"),
    PrivacyAct("nb-rtippa", _t("Right to Information and Protection of Privacy Act",
                               "Loi sur le droit à l’information et la protection de la vie privée"), "RTIPPA"),
    PrivacyAct("ns-mga-xx", _t("Municipal Government Act, Part XX (Freedom of Information and Protection of "
                               "Privacy)",
                               "Municipal Government Act, partie XX (accès à l’information et protection de la "
                               "vie privée)"), "MGA Part XX"),
    PrivacyAct("pe-foipp", _t("Freedom of Information and Protection of Privacy Act",
                              "Freedom of Information and Protection of Privacy Act (Loi sur l’accès à "
                              "l’information et la protection de la vie privée)"), "FOIPP"),
    PrivacyAct("nl-atippa", _t("Access to Information and Protection of Privacy Act, 2015",
                               "Access to Information and Protection of Privacy Act, 2015 (Loi de 2015 sur "
                               "l’accès à l’information et la protection de la vie privée)"), "ATIPPA, 2015"),
    PrivacyAct("yt-atippa", _t("Access to Information and Protection of Privacy Act",
                               "Loi sur l’accès à l’information et la protection de la vie privée"), "ATIPPA"),
    PrivacyAct("nt-atippa", _t("Access to Information and Protection of Privacy Act",
                               "Loi sur l’accès à l’information et la protection de la vie privée"), "ATIPPA"),
    PrivacyAct("nu-atippa", _t("Access to Information and Protection of Privacy Act",
                               "Loi sur l’accès à l’information et la protection de la vie privée"), "ATIPPA"),
)}

JURISDICTIONS: dict[str, Jurisdiction] = {j.code: j for j in (
    Jurisdiction("AB", _t("Alberta", "Alberta"), "de l’Alberta", "ab-atia-popa"),
    Jurisdiction("BC", _t("British Columbia", "Colombie-Britannique"), "de la Colombie-Britannique", "bc-foippa"),
    Jurisdiction("MB", _t("Manitoba", "Manitoba"), "du Manitoba", "mb-fippa"),
    Jurisdiction("NB", _t("New Brunswick", "Nouveau-Brunswick"), "du Nouveau-Brunswick", "nb-rtippa"),
    Jurisdiction("NL", _t("Newfoundland and Labrador", "Terre-Neuve-et-Labrador"), "de Terre-Neuve-et-Labrador",
                 "nl-atippa"),
    Jurisdiction("NS", _t("Nova Scotia", "Nouvelle-Écosse"), "de la Nouvelle-Écosse", "ns-mga-xx"),
    Jurisdiction("NT", _t("Northwest Territories", "Territoires du Nord-Ouest"), "des Territoires du Nord-Ouest",
                 "nt-atippa"),
    Jurisdiction("NU", _t("Nunavut", "Nunavut"), "du Nunavut", "nu-atippa"),
    Jurisdiction("ON", _t("Ontario", "Ontario"), "de l’Ontario", "on-mfippa"),
    Jurisdiction("PE", _t("Prince Edward Island", "Île-du-Prince-Édouard"), "de l’Île-du-Prince-Édouard",
                 "pe-foipp"),
    Jurisdiction("QC", _t("Quebec", "Québec"), "du Québec", "qc-access"),
    Jurisdiction("SK", _t("Saskatchewan", "Saskatchewan"), "de la Saskatchewan", "sk-lafoip"),
    Jurisdiction("YT", _t("Yukon", "Yukon"), "du Yukon", "yt-atippa"),
)}

OTHER_ACT = "other"  # the form's choice for an act the table does not name
