"""``trousse check FILE``: run the data pipeline on one file, with no site, and report what it found.

The command is a thin wrapper around ``trousse.engine.pipeline.run_pipeline`` followed by the
privacy screen (``trousse.engine.privacy.screen.screen_parquet``) of each converted table: the
CLI composes the two, since engine.tables and engine.privacy never import each other (issue 5 §5).
It never imports Django, so it works anywhere the package is installed. Exit status, the first
that applies: 2 when the file cannot be read at all (or the command line is wrong), 1 when the
file has errors, 4 when the privacy screen could not finish, 3 when it found personal
information or a re-identification risk, 0 otherwise.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from trousse.cli.console import console, error_console
from trousse.cli.privacy_text import (
    overall_status,
    print_findings,
    print_risk,
    print_screen_error,
    print_verdict,
)

VALID, HAS_ERRORS, UNREADABLE = 0, 1, 2
# Codes 0–2 kept their meaning when the privacy screen was added; its outcomes come after them.
PERSONAL_INFORMATION, SCREEN_FAILED = 3, 4
PROGRESS_MIN_BYTES = 5 * 1024**2  # smaller files are done before a bar would be worth drawing
MAX_EXAMPLES_SHOWN = 3
STAGE_LABELS = {"read": "Reading", "infer": "Inferring the schema", "profile": "Profiling",
                "validate": "Validating", "convert": "Writing Parquet",
                "privacy": "Screening for personal information"}
_DELIMITERS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


def message_language(environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """Return "fr" when the locale (LC_ALL, else LC_MESSAGES, else LANG) is French, else "en"."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def parse_names(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    """Split a comma-separated list of column names (a click callback; None when not given)."""
    if value is None:
        return None
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    if not names:
        raise click.BadParameter("give one or more column names, separated by commas")
    return names


def _delimiter(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    value = _DELIMITERS.get(value.lower(), value)
    if len(value) != 1:
        raise click.BadParameter("give one character, or tab, comma, semicolon or pipe")
    return value


@click.command()
@click.argument("file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--schema", "schema_path", metavar="SCHEMA.json",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Validate against this Table Schema instead of the inferred one.")
@click.option("--sheet", metavar="NAME", help="Spreadsheets: check only this sheet.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable report (JSON) on standard output.")
@click.option("--encoding", metavar="NAME", help="Text files: the encoding (e.g. utf-8, cp1252, latin-1) instead of detecting it.")
@click.option("--delimiter", metavar="CHAR", callback=_delimiter,
              help="Text files: the delimiter (one character, or tab, comma, semicolon, pipe).")
@click.option("--decimal", type=click.Choice([".", ","]), help="Text files: the decimal mark.")
@click.option("--output-dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the canonical Parquet files (and any staged ones) in DIR (default: a temporary folder, removed).")
@click.option("--quasi", metavar="COL1,COL2", callback=parse_names,
              help="Privacy screen: quasi-identifiers for k-anonymity, instead of the suggested ones.")
@click.option("--no-privacy", "no_privacy", is_flag=True,
              help="Skip the privacy screen (validation only; exit status 0, 1 or 2).")
def check(file: Path, schema_path: Path | None, sheet: str | None, as_json: bool, encoding: str | None,
          delimiter: str | None, decimal: str | None, output_dir: Path | None, quasi: tuple[str, ...] | None,
          no_privacy: bool) -> None:
    """Read, profile, validate, convert and screen FILE with no site, and report the problems found.

    Exit status 0 when the file is valid and nothing personal was found, 1 when it has errors, 2 when
    it cannot be read, 3 when personal information or a re-identification risk was found, 4 when
    the privacy screen could not finish.
    """
    # The engine is imported here, not at module level, so `trousse --help` stays fast.
    import duckdb

    from trousse.engine.metadata.model import LocalizedText
    from trousse.engine.pipeline import run_pipeline
    from trousse.engine.tables.schema import load_schema
    from trousse.engine.tables.source import ReadOptions, TableReadError

    schema = None
    if no_privacy and quasi is not None:
        raise click.BadParameter("--quasi needs the privacy screen: drop --no-privacy", param_hint="--quasi")
    if schema_path is not None:
        try:
            schema = load_schema(schema_path)
        except (ValueError, KeyError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
            raise click.BadParameter(f"{schema_path}: not a Table Schema ({exc})", param_hint="--schema") from None
    options = ReadOptions(encoding=encoding, delimiter=delimiter, decimal=decimal, sheet=sheet)
    with tempfile.TemporaryDirectory(prefix="trousse-check-") as scratch:
        workdir = output_dir if output_dir is not None else Path(scratch)
        try:
            with _progress(file, quiet=as_json) as progress:
                report = run_pipeline(file, workdir, options=options, schema=schema, progress=progress)
                screens = None if no_privacy else _screen(report, quasi, progress)
        except TableReadError as error:
            _print_read_error(file, error, as_json)
            sys.exit(UNREADABLE)
        except (duckdb.OutOfMemoryException, MemoryError) as exc:
            # A stage that runs out of memory (a very wide file, say) is a reason, never a traceback.
            _print_read_error(file, TableReadError("out-of-memory", LocalizedText(
                "The file could not be processed within the memory available.",
                "Le fichier n'a pas pu être traité avec la mémoire disponible."),
                detail=(str(exc).splitlines() or [type(exc).__name__])[0][:300]), as_json)
            sys.exit(UNREADABLE)
        if as_json:
            data = report.to_dict()
            data["privacy_status"] = None if screens is None else overall_status([r.status for r in screens])
            for table, screen in zip(data["tables"], screens or [None] * len(data["tables"]), strict=True):
                table["privacy"] = None if screen is None else screen.to_dict()
                if screen is not None:
                    _hide_values(table, {f.column for f in screen.findings})
            click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            _print_report(report, screens)
        if screens is not None:
            for screen in screens:
                if screen.error is not None:
                    print_screen_error(screen, message_language())
    sys.exit(_status(report.valid, screens))


def _screen(report: Any, quasi: tuple[str, ...] | None, progress: Any) -> list[Any]:
    """Screen each converted table of ``report`` for personal information; time it as "privacy"."""
    from trousse.engine.privacy.screen import ScreenOptions, screen_parquet

    if progress is not None:
        progress("privacy", 0.0)
    options = ScreenOptions(quasi_identifiers=quasi)
    started = time.perf_counter()
    screens = [screen_parquet(t.parquet, name=t.name, options=options) for t in report.tables]
    report.timings["privacy"] = time.perf_counter() - started
    if progress is not None:
        progress("done", 1.0)
    return screens


def _hide_values(table: dict[str, Any], hidden: set[str]) -> None:
    """Mask, in a table's JSON, the raw values of the columns the screen flagged.

    The profile's min, max and top values and the validation examples' cells would otherwise
    repeat what the privacy report takes care to mask (a name, a phone number).
    """
    for column in (table.get("profile") or {}).get("columns", []):
        if column.get("name") in hidden:
            for key in ("min", "max"):
                column[key] = _masked(column.get(key))
            for top in column.get("top_values") or []:
                top["value"] = _masked(top.get("value"))
    for problem in (table.get("validation") or {}).get("problems", []):
        for example in problem.get("examples", []):
            if example.get("field") in hidden and example.get("cell") is not None:
                example["cell"] = _masked(example["cell"])


def _status(valid: bool, screens: list[Any] | None) -> int:
    """Return the exit status: the first of 2 (a --quasi column missing), 1, 4, 3 that applies, else 0."""
    errors = [s.error for s in screens or [] if s.error is not None]
    if any(e.code == "missing-column" for e in errors):
        return UNREADABLE  # the command line is wrong, as for `trousse scan`
    if not valid:
        return HAS_ERRORS
    status = overall_status([s.status for s in screens or []])
    return {"error": SCREEN_FAILED, "findings": PERSONAL_INFORMATION}.get(status, VALID)


class _progress:
    """A context manager giving the pipeline's progress callback: one rich bar per stage, on stderr."""

    def __init__(self, file: Path, *, quiet: bool) -> None:
        big = file.stat().st_size >= PROGRESS_MIN_BYTES
        self.enabled = big and error_console.is_terminal and not quiet
        self.bar: Progress | None = None
        self.tasks: dict[str, Any] = {}
        self.current: str | None = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                            TimeElapsedColumn(), console=error_console, transient=False)
        self.bar.start()
        return self.update

    def update(self, stage: str, _fraction: float) -> None:
        assert self.bar is not None
        if self.current is not None:
            # Each stage is one or two DuckDB scans: it is finished when the next one starts.
            self.bar.update(self.tasks[self.current], completed=1)
        if stage not in STAGE_LABELS:
            self.current = None
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(STAGE_LABELS[stage], total=1)
        else:
            self.bar.reset(self.tasks[stage], total=1)  # a later table of the same file
        self.current = stage

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_read_error(file: Path, error: Any, as_json: bool) -> None:
    lang = message_language()
    text = error.message.get(lang) or error.message.en
    if as_json:
        click.echo(json.dumps({"source": str(file), "valid": False, "error": {
            "code": error.code, "message": {"en": error.message.en, "fr": error.message.fr},
            "detail": error.detail}}, ensure_ascii=False, indent=2))
    label = "Illisible" if lang == "fr" else "Cannot read"
    error_console.print(f"[bold red]{label}[/bold red] {escape(str(file))}: {escape(error.code)}: {escape(text)}")
    if error.detail and not as_json:
        error_console.print(f"  {escape(error.detail)}")


def _print_report(report: Any, screens: list[Any] | None) -> None:
    console.print(f"[bold]{escape(str(report.source))}[/bold]: {len(report.tables)} table(s), "
                  f"{sum(report.timings.values()):.2f} s")
    lang = message_language()
    for result, screen in zip(report.tables, screens or [None] * len(report.tables), strict=True):
        # A column the screen flagged shows no raw minimum or maximum (a name, a phone number).
        _print_table(result, hidden={f.column for f in screen.findings} if screen is not None else set())
        if screen is not None:
            _print_privacy(screen, lang)
    errors = sum(t.validation.error_count for t in report.tables)
    warnings = sum(t.validation.warning_count for t in report.tables)
    console.print()
    if report.valid:
        console.print("[bold green]Valid[/bold green]" + (f" ({warnings:,} warning(s))" if warnings else ""))
    else:
        console.print(f"[bold red]{errors:,} error(s)[/bold red]" + (f", {warnings:,} warning(s)" if warnings else ""))
    if screens is not None:
        print_verdict([s.status for s in screens], lang)


def _print_privacy(screen: Any, lang: str) -> None:
    console.print("[bold]" + ("Vie privée" if lang == "fr" else "Privacy") + "[/bold]"
                  + (f" ({screen.seconds:.2f} s)" if screen.error is None else ""))
    if screen.error is not None:
        message = screen.error.message.get(lang) or screen.error.message.en
        console.print(f"[red]{escape(screen.error.code)}: {escape(message)}[/red]")
        return
    print_findings(screen, lang)
    print_risk(screen, lang)


def _print_table(result: Any, hidden: frozenset[str] | set[str] = frozenset()) -> None:
    profile, validation = result.profile, result.validation
    origin = "inferred" if result.schema_inferred else "given"
    console.print(f"\n[bold]Table {escape(result.name)}[/bold]: {profile.row_count:,} rows, "
                  f"{len(result.schema.fields)} columns (schema {origin})")
    columns = Table(show_edge=False, pad_edge=False)
    for head in ("#", "column", "type", "missing", "distinct", "min", "max"):
        columns.add_column(head, justify="right" if head in ("#", "missing", "distinct") else "left")
    by_position = {c.position: c for c in profile.columns}
    for pos, f in enumerate(result.schema.fields, start=1):
        c = by_position.get(pos)
        fmt = "" if f.format == "default" else f" ({f.format})"
        if c is None:
            columns.add_row(str(pos), escape(f.name), escape(f.type + fmt), "", "", "", "")
            continue
        distinct = f"{c.distinct_count:,}" + ("" if c.distinct_exact else " ≈")
        low, high = (_masked(c.min), _masked(c.max)) if f.name in hidden else (c.min, c.max)
        columns.add_row(str(pos), escape(f.name), escape(f.type + fmt), f"{c.null_count:,}", distinct,
                        _short(low), _short(high))
    console.print(columns)
    for change in result.schema_changes:
        console.print(f"[yellow]Schema change[/yellow]: {change.kind} {escape(change.field)}"
                      + (f" ({escape(str(change.old))} → {escape(str(change.new))})" if change.old or change.new else ""))
    if not validation.problems:
        console.print("[green]No problems.[/green]")
        return
    problems = Table(show_edge=False, pad_edge=False)
    for head in ("problem", "field", "count", "first examples (row, column: cell)"):
        problems.add_column(head, justify="right" if head == "count" else "left")
    for p in validation.problems:
        kind = p.type + (f" ({p.constraint})" if getattr(p, "constraint", None) else "")
        style = "red" if p.severity == "error" else "yellow"
        examples = "; ".join(_example(e, hidden) for e in p.examples[:MAX_EXAMPLES_SHOWN])
        problems.add_row(f"[{style}]{escape(kind)}[/{style}]", escape(p.field or ""), f"{p.count:,}", examples)
    console.print(problems)


def _masked(value: Any) -> str | None:
    from trousse.engine.privacy.masking import mask

    return None if value is None else mask(str(value))


def _example(e: Any, hidden: frozenset[str] | set[str] = frozenset()) -> str:
    where = f"row {e.row}" if e.row is not None else "header"
    if e.column is not None:
        where += f", col {e.column}"
    cell = _masked(e.cell) if getattr(e, "field", None) in hidden else e.cell
    return escape(f"{where}: {_short(cell)}" if cell is not None else where)


def _short(value: Any, width: int = 24) -> str:
    if value is None:
        return ""
    text = str(value)
    return escape(text if len(text) <= width else text[: width - 1] + "…")
