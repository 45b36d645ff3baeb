"""The dataset's risk questionnaire (issue #5 §4): five topics, nine questions, answered by a steward.

Each question is answered "yes", "no" or "unsure", with an optional note. A "yes" raises the
dataset's risk to the question's level; "unsure" counts as medium (someone must find out before
the data goes out). The codes are stable: answers are stored under them (privacy.models.Questionnaire).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.model import LocalizedText
from trousse.portal.core.errors import DomainError

ANSWERS = ("yes", "no", "unsure")
MAX_NOTE = 2000


@dataclass(frozen=True)
class Question:
    """One question: a stable code, its text and help in both languages, and what a "yes" means."""

    code: str
    topic: str  # personal, rights, security, legal, quality
    text: LocalizedText
    help: LocalizedText
    risk_if_yes: str  # "medium" or "high"
    reason: LocalizedText  # the reason listed in the assessment when answered "yes"


TOPICS = {
    "personal": LocalizedText("Personal information", "Renseignements personnels"),
    "rights": LocalizedText("Third-party rights and copyright", "Droits de tiers et droit d'auteur"),
    "security": LocalizedText("Security sensitivity", "Sensibilité pour la sécurité"),
    "legal": LocalizedText("Legal or contractual restrictions", "Restrictions légales ou contractuelles"),
    "quality": LocalizedText("Quality and reputational risk", "Qualité et risque pour la réputation"),
}

QUESTIONS: list[Question] = [
    Question(
        "personal_about_people", "personal",
        LocalizedText("Is the data about identifiable people (residents, employees, clients)?",
                      "Les données portent-elles sur des personnes identifiables (résidents, employés, clients)?"),
        LocalizedText("Names, addresses, contact details, account or file numbers, or details that single out a "
                      "person when combined.",
                      "Noms, adresses, coordonnées, numéros de compte ou de dossier, ou détails qui permettent de "
                      "reconnaître une personne une fois combinés."),
        "high",
        LocalizedText("The steward says the data is about identifiable people.",
                      "L'intendant indique que les données portent sur des personnes identifiables.")),
    Question(
        "personal_sensitive", "personal",
        LocalizedText("Does it hold sensitive details (health, finances, minors, social services, complaints)?",
                      "Contient-elle des détails sensibles (santé, finances, mineurs, services sociaux, "
                      "plaintes)?"),
        LocalizedText("Even aggregated, small counts of sensitive events can point to someone.",
                      "Même agrégés, de petits nombres d'événements sensibles peuvent désigner quelqu'un."),
        "high",
        LocalizedText("The steward says the data holds sensitive details.",
                      "L'intendant indique que les données contiennent des détails sensibles.")),
    Question(
        "rights_third_party", "rights",
        LocalizedText("Did a third party (a supplier, a consultant, another government) produce or license any of "
                      "it?",
                      "Un tiers (fournisseur, consultant, autre gouvernement) a-t-il produit ou concédé sous licence "
                      "une partie des données?"),
        LocalizedText("Check that the municipality may publish it under the open licence.",
                      "Vérifiez que la municipalité peut la publier sous la licence ouverte."),
        "medium",
        LocalizedText("Part of the data comes from a third party whose rights must be cleared.",
                      "Une partie des données provient d'un tiers dont les droits doivent être libérés.")),
    Question(
        "rights_copyright", "rights",
        LocalizedText("Does it include works protected by copyright (photos, plans, texts) the municipality does "
                      "not own?",
                      "Comprend-elle des œuvres protégées (photos, plans, textes) qui n'appartiennent pas à la "
                      "municipalité?"),
        LocalizedText("Attachments and free-text fields often carry other people's works.",
                      "Les pièces jointes et les champs de texte libre contiennent souvent les œuvres d'autrui."),
        "medium",
        LocalizedText("The data includes works the municipality does not own.",
                      "Les données comprennent des œuvres qui n'appartiennent pas à la municipalité.")),
    Question(
        "security_infrastructure", "security",
        LocalizedText("Could it help someone harm critical infrastructure (water, power, networks, emergency "
                      "services)?",
                      "Pourrait-elle aider quelqu'un à nuire à des infrastructures essentielles (eau, énergie, "
                      "réseaux, services d'urgence)?"),
        LocalizedText("Exact locations of valves, pumping stations or network equipment, schedules of patrols.",
                      "Emplacements exacts de vannes, de stations de pompage ou d'équipements réseau, horaires de "
                      "patrouille."),
        "high",
        LocalizedText("The data could help someone harm critical infrastructure.",
                      "Les données pourraient aider quelqu'un à nuire à des infrastructures essentielles.")),
    Question(
        "legal_restriction", "legal",
        LocalizedText("Does a law, a by-law, a contract or a data-sharing agreement restrict its release?",
                      "Une loi, un règlement, un contrat ou une entente de partage restreint-il sa diffusion?"),
        LocalizedText("For example a confidentiality clause, a collection purpose under MFIPPA or Law 25.",
                      "Par exemple une clause de confidentialité, une fin de collecte prévue par la LAIMPVP ou la "
                      "Loi 25."),
        "high",
        LocalizedText("A law or an agreement may restrict the release of this data.",
                      "Une loi ou une entente pourrait restreindre la diffusion de ces données.")),
    Question(
        "legal_pending", "legal",
        LocalizedText("Is it part of a pending legal matter, an investigation or an access-to-information request?",
                      "Fait-elle partie d'un litige en cours, d'une enquête ou d'une demande d'accès à "
                      "l'information?"),
        LocalizedText("Ask the clerk's office when in doubt.", "En cas de doute, consultez le greffe."),
        "medium",
        LocalizedText("The data is part of a pending legal matter or request.",
                      "Les données font partie d'un dossier juridique ou d'une demande en cours.")),
    Question(
        "quality_known_errors", "quality",
        LocalizedText("Does it have known errors or gaps that could mislead people?",
                      "Comporte-t-elle des erreurs ou des lacunes connues qui pourraient induire en erreur?"),
        LocalizedText("Describe them in the dataset's description so that users can judge.",
                      "Décrivez-les dans la description du jeu de données pour que les utilisateurs puissent en "
                      "juger."),
        "medium",
        LocalizedText("The data has known errors or gaps.", "Les données comportent des erreurs ou des lacunes "
                      "connues.")),
    Question(
        "quality_reputation", "quality",
        LocalizedText("Could its release harm people's trust or the municipality's reputation if misread?",
                      "Sa diffusion pourrait-elle nuire à la confiance ou à la réputation de la municipalité si "
                      "elle était mal interprétée?"),
        LocalizedText("For example response times by neighbourhood, or complaints about named businesses.",
                      "Par exemple des délais d'intervention par quartier, ou des plaintes visant des entreprises "
                      "nommées."),
        "medium",
        LocalizedText("A misreading of the data could harm trust or reputation.",
                      "Une mauvaise interprétation des données pourrait nuire à la confiance ou à la réputation.")),
]
BY_CODE = {q.code: q for q in QUESTIONS}


class QuestionnaireError(DomainError):
    """Answers that are not the questionnaire's (unknown question, bad answer, note too long)."""

    code = "invalid_questionnaire"


def complete(answers: Any) -> bool:
    """Return whether every question has an answer (yes, no or unsure)."""
    if not isinstance(answers, dict):
        return False
    return all(isinstance(answers.get(q.code), dict) and answers[q.code].get("answer") in ANSWERS
               for q in QUESTIONS)


def validate(answers: Any) -> dict[str, dict[str, str]]:
    """Return the answers cleaned ({code: {"answer", "note"}}); raise QuestionnaireError on bad input.

    Questions left out stay unanswered (the questionnaire may be saved half done); a blank answer
    is the same as leaving it out.
    """
    if not isinstance(answers, dict):
        raise QuestionnaireError(_("The answers must be given per question."))
    cleaned: dict[str, dict[str, str]] = {}
    for code, value in answers.items():
        if code not in BY_CODE:
            raise QuestionnaireError(_("There is no question “%(code)s” in the questionnaire.") % {"code": code},
                                     field=str(code))
        if isinstance(value, str):
            value = {"answer": value}
        if not isinstance(value, dict):
            raise QuestionnaireError(_("The answer to “%(code)s” is not valid.") % {"code": code}, field=code)
        answer = str(value.get("answer") or "").strip()
        note = str(value.get("note") or "").strip()
        if not answer:
            if note:
                raise QuestionnaireError(_("Answer “%(code)s” (yes, no or unsure) before adding a note.")
                                         % {"code": code}, field=code)
            continue
        if answer not in ANSWERS:
            raise QuestionnaireError(_("The answer to “%(code)s” must be yes, no or unsure.") % {"code": code},
                                     field=code)
        if len(note) > MAX_NOTE:
            raise QuestionnaireError(_("The note on “%(code)s” is longer than %(max)s characters.")
                                     % {"code": code, "max": MAX_NOTE}, field=code)
        cleaned[code] = {"answer": answer, "note": note}
    return cleaned
