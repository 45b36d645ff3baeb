"""Bilingual sentences for people: what a finding or a risk result means."""

from __future__ import annotations

from typing import Any


def _pct(share: float, lang: str) -> str:
    text = f"{share * 100:.1f}"
    return f"{text} %" if lang == "en" else f"{text.replace('.', ',')} %"


def _n(count: int, lang: str) -> str:
    return f"{count:,}" if lang == "en" else f"{count:,}".replace(",", "\u202f")


def finding_message(finding: Any) -> dict[str, str]:
    """Return {"en", "fr"}: the finding as one sentence for a steward."""
    from trousse.engine.privacy.detectors import BY_CODE

    label = BY_CODE[finding.detector].label
    en = (f"Column “{finding.column}”: {finding.count:,} cell(s) ({_pct(finding.share, 'en')} of rows) "
          f"hold: {label.en.lower()}.")
    fr = (f"Colonne « {finding.column} » : {_n(finding.count, 'fr')} cellule(s) ({_pct(finding.share, 'fr')} "
          f"des lignes) contiennent : {label.fr.lower()}.")
    if finding.basis == "column":
        en += " The column's name says so, and its cells have that shape."
        fr += " Le nom de la colonne l'indique, et ses cellules en ont la forme."
    return {"en": en, "fr": fr}


def k_message(k: int | None, threshold: int, quasi: list[str], below: int) -> dict[str, str]:
    """Return {"en", "fr"}: what the k-anonymity result means."""
    names = ", ".join(quasi)
    if k is None:
        return {"en": "No quasi-identifiers: re-identification risk was not measured.",
                "fr": "Aucun quasi-identifiant : le risque de réidentification n'a pas été mesuré."}
    if k >= threshold:
        return {"en": f"Every combination of {names} is shared by at least {k} rows (k = {k}, threshold {threshold}).",
                "fr": f"Chaque combinaison de {names} est partagée par au moins {k} lignes "
                      f"(k = {k}, seuil {threshold})."}
    return {"en": f"{below:,} combination(s) of {names} are shared by fewer than {threshold} rows (k = {k}): "
                  "those rows may be re-identified. Generalize or suppress them.",
            "fr": f"{_n(below, 'fr')} combinaison(s) de {names} sont partagées par moins de {threshold} lignes (k = {k}) : "
                  "ces lignes pourraient être réidentifiées. Généralisez-les ou supprimez-les."}


def small_cells_message(count: int, threshold: int) -> dict[str, str]:
    """Return {"en", "fr"}: what the small-cell result of an aggregate table means."""
    if not count:
        return {"en": f"No count is between 1 and {threshold - 1}.",
                "fr": f"Aucun effectif n'est compris entre 1 et {threshold - 1}."}
    return {"en": f"{count:,} count(s) are between 1 and {threshold - 1}: suppress them before publishing.",
            "fr": f"{_n(count, 'fr')} effectif(s) sont compris entre 1 et {threshold - 1} : supprimez-les avant de publier."}
