"""The files the inventory offers: the blank template (CSV and XLSX) and the public inventory as CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from trousse.engine.metadata.vocabularies import FREQUENCIES
from trousse.engine.tables.convert import FORMULA_START
from trousse.portal.program.inventory.columns import COLUMNS
from trousse.portal.program.inventory.queries import Row
from trousse.portal.program.models_inventory import ItemStatus

_FORMULA = re.compile(FORMULA_START)
# What each column takes, in both languages: the template's help sheet.
_HELP = {
    "external_id": ("Optional. Your own identifier; re-imports match on it.",
                    "Facultatif. Votre identifiant; les réimportations s’en servent."),
    "name_en": ("Required in one language at least.", "Obligatoire dans au moins une langue."),
    "name_fr": ("Required in one language at least.", "Obligatoire dans au moins une langue."),
    "department": ("Required. The department; its organization’s name or short name links it to the catalogue.",
                   "Obligatoire. Le service; le nom ou le nom court de son organisation le relie au catalogue."),
    "personal_info": ("yes / no", "oui / non"),
    "confidential": ("yes / no. Confidential items are left out of the public inventory.",
                     "oui / non. Les éléments confidentiels ne figurent pas dans l’inventaire public."),
    "frequency": (", ".join(f.label.en for f in FREQUENCIES), ", ".join(f.label.fr for f in FREQUENCIES)),
    "public_value": ("1 (low) to 5 (high)", "1 (faible) à 5 (élevée)"),
    "demand": ("1 (low) to 5 (high)", "1 (faible) à 5 (élevée)"),
    "effort": ("1 (little work) to 5 (much work)", "1 (peu de travail) à 5 (beaucoup de travail)"),
    "status": ("To assess, Planned, In preparation, Published, Not publishable",
               "À évaluer, Prévu, En préparation, Publié, Non publiable"),
    "reason_en": ("Required when the status is Not publishable.", "Obligatoire si le statut est Non publiable."),
    "reason_fr": ("Required when the status is Not publishable.", "Obligatoire si le statut est Non publiable."),
    "planned_release": ("YYYY-MM-DD", "AAAA-MM-JJ"),
    "dataset": ("The short name of the catalogue’s dataset, once it exists.",
                "Le nom court du jeu de données du catalogue, une fois créé."),
}


def template_csv() -> bytes:
    """Return the blank template as CSV: UTF-8 with a byte-order mark, so spreadsheets read the accents."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([c.template_header for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """Return the blank template as a workbook: the inventory sheet, with lists for the coded columns, and help."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Inventory - Inventaire")
    sheet.freeze_panes(1, 0)
    for position, column in enumerate(COLUMNS):
        sheet.write_string(0, position, column.template_header, bold)
        sheet.set_column(position, position, 22)
        choices = {"personal_info": ["yes", "no", "oui", "non"], "confidential": ["yes", "no", "oui", "non"],
                   "status": ["To assess", "Planned", "In preparation", "Published", "Not publishable",
                              "À évaluer", "Prévu", "En préparation", "Publié", "Non publiable"],
                   "public_value": ["1", "2", "3", "4", "5"], "demand": ["1", "2", "3", "4", "5"],
                   "effort": ["1", "2", "3", "4", "5"]}.get(column.field)
        if choices:
            sheet.data_validation(1, position, 2000, position, {"validate": "list", "source": choices,
                                                                "error_type": "warning"})
    sheet.set_row(0, 45)
    help_sheet = book.add_worksheet("Help - Aide")
    help_sheet.set_column(0, 0, 40)
    help_sheet.set_column(1, 2, 60)
    for position, text in enumerate(("Column / Colonne", "What it takes", "Ce qu’elle accepte")):
        help_sheet.write_string(0, position, text, bold)
    for line, column in enumerate(COLUMNS, start=1):
        en, fr = _HELP.get(column.field, ("Optional.", "Facultatif."))
        help_sheet.write_string(line, 0, column.template_header)
        help_sheet.write_string(line, 1, en)
        help_sheet.write_string(line, 2, fr)
    book.close()
    return buffer.getvalue()


def _safe(value: object) -> str:
    """Return the cell as text a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def public_csv(rows: Iterable[Row], lang: str, dataset_url: Callable[[Any], str]) -> bytes:
    """Return the public inventory as CSV (UTF-8 with BOM), headers in ``lang``, formulas neutralized."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Identifier"), _("Name (English)"), _("Name (French)"), _("Department"),
                     _("Description (English)"), _("Description (French)"), _("Format"), _("Personal information"),
                     _("Update frequency"), _("Status"), _("Reason if not published (English)"),
                     _("Reason if not published (French)"), _("Planned release"), _("Dataset")])
    for row in rows:
        item = row.item
        personal = "" if item.personal_info is None else (_("yes") if item.personal_info else _("no"))
        writer.writerow([_safe(v) for v in (
            item.uid, item.name_en, item.name_fr, row.department, item.description_en, item.description_fr,
            item.data_format, personal, FREQUENCIES.label(item.frequency, lang) if item.frequency in FREQUENCIES
            else item.frequency, ItemStatus(row.status).label, item.reason_en, item.reason_fr,
            item.planned_release.isoformat() if item.planned_release else "",
            dataset_url(row.public_dataset) if row.public_dataset else "")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
