"""Render privacy reports on a terminal: the part ``trousse scan`` and ``trousse check`` share.

Raw values never reach the terminal: the reports hold masked examples only, and the smallest
groups' identifying values are masked by the screen before they get here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from rich.table import Table

from trousse.cli.console import console, error_console

CLEAN, FINDINGS, ERROR = "clean", "findings", "error"


def overall_status(statuses: Sequence[str]) -> str:
    """Return "error" if any screen failed, else "findings" if any found something, else "clean"."""
    if ERROR in statuses:
        return ERROR
    return FINDINGS if FINDINGS in statuses else CLEAN


def print_screen_error(report: Any, lang: str) -> None:
    """Print why the screen of ``report``'s table could not finish, on standard error."""
    error = report.error
    label = "Filtrage impossible" if lang == "fr" else "Cannot screen"
    error_console.print(f"[bold red]{label}[/bold red] {escape(report.table)}: {escape(error.code)}: "
                        f"{escape(error.message.get(lang) or error.message.en)}")


def print_findings(report: Any, lang: str) -> None:
    """Print the findings of ``report`` as a table, one row per column and detector."""
    from trousse.engine.privacy.detectors import BY_CODE

    if not report.findings:
        console.print("[green]" + ("Aucun renseignement personnel détecté." if lang == "fr"
                                   else "No personal information detected.") + "[/green]")
        return
    table = Table(show_edge=False, pad_edge=False)
    for head in ("column", "found", "cells", "share", "confidence", "examples (masked)"):
        table.add_column(head, justify="right" if head in ("cells", "share", "confidence") else "left")
    for f in report.findings:
        name = escape(f.column) + (" [yellow]*[/yellow]" if f.name_suggests_personal else "")
        table.add_row(name, escape(BY_CODE[f.detector].label.get(lang)), f"{f.count:,}", f"{f.share:.1%}",
                      f"{f.confidence:.2f}", escape(", ".join(f.examples)))
    console.print(table)
    if any(f.name_suggests_personal for f in report.findings):
        console.print("[yellow]*[/yellow] " + ("le nom de la colonne évoque des renseignements personnels"
                                               if lang == "fr" else "the column's name suggests personal data"))


def print_risk(report: Any, lang: str) -> None:
    """Print the re-identification risk of ``report``: its message, then the smallest groups."""
    risk = report.risk
    if risk is None:
        return
    message = risk.to_dict()["message"][lang]
    style = "red" if risk.at_risk else "green"
    console.print(f"[{style}]{escape(message)}[/{style}]")
    if risk.kind == "record" and risk.at_risk and risk.smallest_groups:
        groups = Table(show_edge=False, pad_edge=False, title="smallest groups" if lang == "en" else "plus petits groupes")
        for q in risk.quasi_identifiers:
            groups.add_column(escape(q))
        groups.add_column("rows", justify="right")
        for g in risk.smallest_groups:
            groups.add_row(*(escape("∅" if v is None else v) for v in g["values"].values()), f"{g['size']:,}")
        console.print(groups)
    if risk.l is not None:
        console.print(f"l-diversity: l = {risk.l}")


def print_verdict(statuses: Sequence[str], lang: str) -> None:
    """Print the one-line privacy verdict over every table (nothing when a screen failed)."""
    status = overall_status(statuses)
    if status == ERROR:
        console.print("[bold red]" + ("Filtrage de la vie privée incomplet : à ne pas publier tel quel"
                                      if lang == "fr" else "Privacy screen incomplete: do not publish as is")
                      + "[/bold red]")
    elif status == FINDINGS:
        console.print("[bold red]" + ("Renseignements personnels ou risque trouvés" if lang == "fr"
                                      else "Personal information or risk found") + "[/bold red]")
    else:
        console.print("[bold green]" + ("Rien trouvé" if lang == "fr" else "Nothing found") + "[/bold green]")
