"""``trousse indicators``: the program dashboard's indicators (take today's snapshot, e.g. from cron)."""

from __future__ import annotations

import json

import click
from rich.table import Table

from trousse.cli import site_folder
from trousse.cli.console import console


@click.group()
def indicators() -> None:
    """The open data program's indicators (the dashboard and the public scorecard)."""


@indicators.command()
@click.option("--json", "as_json", is_flag=True, help="Print the values stored as JSON.")
def snapshot(as_json: bool) -> None:
    """Compute the indicators from the catalogue and store them for today.

    Running it again the same day replaces that day's values. Run it once a day (cron, a
    systemd timer); the dashboard also takes the day's snapshot when it is first viewed.
    """
    site_folder.open_site()
    from trousse.portal.program.indicators.services import take_snapshot

    measures = take_snapshot()
    if as_json:
        click.echo(json.dumps({code: {"value": m.value, "numerator": m.numerator, "denominator": m.denominator}
                               for code, m in measures.items()}, indent=2))
        return
    table = Table(title="Indicators stored for today")
    for column in ("indicator", "value", "of"):
        table.add_column(column)
    for code, m in measures.items():
        table.add_row(code, f"{m.value:g}", "" if m.denominator is None else f"{m.numerator} / {m.denominator}")
    console.print(table)
