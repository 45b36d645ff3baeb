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

from trousse.cli.check import _print_read_error, message_language, parse_names
from trousse.cli.console import console
from trousse.cli.privacy_text import (
    overall_status,
    print_findings,
    print_risk,
    print_screen_error,
    print_verdict,
)

CLEAN, FOUND, UNUSABLE = 0, 1, 2


@click.command()
@click.argument("file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quasi", metavar="COL1,COL2", callback=parse_names,
              help="Quasi-identifiers for k-anonymity, instead of the suggested ones.")
@click.option("--sensitive", metavar="COL1,COL2", callback=parse_names,
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
    status = overall_status([r.status for r in reports])
    if as_json:
        click.echo(json.dumps({"source": str(file), "status": status, "tables": [r.to_dict() for r in reports]},
                              ensure_ascii=False, indent=2))
    else:
        _print(file, reports)
    for report in reports:
        if report.error is not None:
            print_screen_error(report, message_language())
    sys.exit({"clean": CLEAN, "findings": FOUND}.get(status, UNUSABLE))


def _print(file: Path, reports: list[Any]) -> None:
    lang = message_language()
    console.print(f"[bold]{escape(str(file))}[/bold]: {len(reports)} table(s)")
    for report in reports:
        if report.error is not None:
            continue
        console.print(f"\n[bold]Table {escape(report.table)}[/bold]: {report.row_count:,} rows, "
                      f"{report.column_count} columns, {report.seconds:.2f} s")
        print_findings(report, lang)
        print_risk(report, lang)
    statuses = [r.status for r in reports]
    if "error" not in statuses:  # the reasons are on standard error
        console.print()
        print_verdict(statuses, lang)
