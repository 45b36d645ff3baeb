"""``trousse scan FILE``: screen a file for personal information and re-identification risk, with no site.

The file is read with the pipeline's readers (one staged table per sheet or layer), then each
table goes through ``trousse.engine.privacy.screen.screen_parquet``. Exit status: 0 when nothing
is found, 1 when something is, 2 when the file cannot be read or the command line is wrong
(a --quasi column that does not exist, for example).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from trousse.cli.check import _print_read_error, message_language
from trousse.cli.console import console, error_console

CLEAN, FOUND, UNUSABLE = 0, 1, 2


def _names(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    if not names:
        raise click.BadParameter("give one or more column names, separated by commas")
    return names


@click.command()
@click.argument("file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quasi", metavar="COL1,COL2", callback=_names,
              help="Quasi-identifiers for k-anonymity, instead of the suggested ones.")
@click.option("--sensitive", metavar="COL1,COL2", callback=_names,
              help="Sensitive columns: also measure l-diversity over them.")
@click.option("--k", "k_threshold", metavar="N", type=click.IntRange(2, 1000), default=5, show_default=True,
              help="Smallest group size (k) and smallest count in an aggregate table accepted.")
@click.option("--sheet", metavar="NAME", help="Spreadsheets: scan only this sheet.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable report (JSON) on standard output.")
def scan(file: Path, quasi: tuple[str, ...] | None, sensitive: tuple[str, ...] | None, k_threshold: int,
         sheet: str | None, as_json: bool) -> None:
    """Screen FILE for personal information and re-identification risk, and report what was found.

    Exit status 0 when nothing is found, 1 when something is, 2 when the file cannot be read.
    """
    from trousse.engine.privacy.screen import ScreenOptions, screen_parquet
    from trousse.engine.tables.read import read_tables
    from trousse.engine.tables.source import ReadOptions, TableReadError

    options = ScreenOptions(quasi_identifiers=quasi, sensitive=sensitive or (), k_threshold=k_threshold,
                            small_cell_threshold=k_threshold)
    with tempfile.TemporaryDirectory(prefix="trousse-scan-") as scratch:
        try:
            tables = read_tables(file, Path(scratch), ReadOptions(sheet=sheet))
        except TableReadError as error:
            _print_read_error(file, error, as_json)
            sys.exit(UNUSABLE)
        reports = [screen_parquet(t.parquet, name=t.name, options=options) for t in tables]
    status = _overall([r.status for r in reports])
    if as_json:
        click.echo(json.dumps({"source": str(file), "status": status, "tables": [r.to_dict() for r in reports]},
                              ensure_ascii=False, indent=2))
    else:
        _print(file, reports)
    for report in reports:
        if report.error is not None:
            _print_error(report)
    sys.exit({"clean": CLEAN, "findings": FOUND}.get(status, UNUSABLE))


def _overall(statuses: list[str]) -> str:
    if "error" in statuses:
        return "error"
    return "findings" if "findings" in statuses else "clean"


def _print_error(report: Any) -> None:
    lang = message_language()
    error = report.error
    label = "Filtrage impossible" if lang == "fr" else "Cannot screen"
    error_console.print(f"[bold red]{label}[/bold red] {escape(report.table)}: {escape(error.code)}: "
                        f"{escape(error.message.get(lang) or error.message.en)}")


def _print(file: Path, reports: list[Any]) -> None:
    lang = message_language()
    console.print(f"[bold]{escape(str(file))}[/bold]: {len(reports)} table(s)")
    for report in reports:
        if report.error is not None:
            continue
        console.print(f"\n[bold]Table {escape(report.table)}[/bold]: {report.row_count:,} rows, "
                      f"{report.column_count} columns, {report.seconds:.2f} s")
        _print_findings(report, lang)
        _print_risk(report, lang)
    statuses = [r.status for r in reports]
    if "error" in statuses:
        return
    if "findings" in statuses:
        console.print("\n[bold red]" + ("Renseignements personnels ou risque trouvés" if lang == "fr"
                                         else "Personal information or risk found") + "[/bold red]")
    else:
        console.print("\n[bold green]" + ("Rien trouvé" if lang == "fr" else "Nothing found") + "[/bold green]")


def _print_findings(report: Any, lang: str) -> None:
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


def _print_risk(report: Any, lang: str) -> None:
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
