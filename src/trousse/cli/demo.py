"""``trousse demo``: a site with the sample town loaded and demo staff accounts, ready to try."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from trousse.cli import site_folder
from trousse.cli.console import console, error_console
from trousse.cli.site import initialize_site

if TYPE_CHECKING:
    from trousse.portal.catalog.sample_loader import DemoAccount


@click.command()
@click.option("--serve", "then_serve", is_flag=True, help="Then serve the site with one background worker, as `trousse serve --with-worker` does.")
@click.option("--scale", type=click.FloatRange(0.001, 10.0), default=1.0, show_default=True,
              help="Size of the sample town's tables (0.01 loads in seconds).")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="With --serve: port to listen on.")
def demo(then_serve: bool, scale: float, host: str, port: int) -> None:
    """Create a demo site with the sample town of Maple Point and demo staff accounts.

    Initializes the site folder (TROUSSE_HOME, default ./trousse-data) if needed and
    loads the sample town into an empty catalogue; a catalogue that already has
    datasets is left as it is, so running it again adds nothing. The demo accounts
    have fixed, published passwords: never run this on a real site.
    """
    home = site_folder.resolve_home()
    initialize_site(home)
    from trousse.portal.catalog.models import Dataset
    from trousse.portal.catalog.sample_loader import demo_accounts

    if Dataset.objects.exists():
        console.print(f"\nThe catalogue already has {Dataset.objects.count()} datasets: "
                      "the sample town is not loaded again.")
        accounts = demo_accounts()
    else:
        accounts = _load_town(home, scale)
    _print_accounts(accounts)
    if then_serve:
        _exec_serve(host, port)


def _load_town(home: Path, scale: float) -> list[DemoAccount]:
    from trousse.portal.catalog.models import Organization
    from trousse.portal.catalog.sample_loader import create_demo_accounts, create_demo_admin, load_sample_town
    from trousse.portal.core.models import User
    from trousse.sample import build_sample_town

    # Generated files are copied into the site's storage by the upload service, then deleted;
    # building inside the site folder keeps a large town off a small /tmp.
    with tempfile.TemporaryDirectory(prefix="sample-town-", dir=home) as folder:
        with console.status(f"Generating the sample town (scale {scale})…"):
            town = build_sample_town(Path(folder), scale=scale)
        _name_municipality(home, town.name.en, town.name.fr)
        admin = create_demo_admin()
        actor = User.objects.get(username=admin.username)
        if not actor.is_site_admin:
            raise click.ClickException("an account named 'admin' exists and is not a site admin; "
                                       "the demo needs that name for its site admin")
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Loading datasets", total=len(town.datasets))
            report = load_sample_town(town, actor, on_dataset=lambda meta: progress.advance(task),
                                      before_review=through_privacy_gate)
        slugs = [org.slug for org in town.organizations]
        accounts = [admin, *create_demo_accounts(actor, Organization.objects.filter(slug__in=slugs))]
        from trousse.portal.program.sample import load_sample_guide

        load_sample_guide(actor)  # the program's launch path: a pilot under way, checklists partly done
        from trousse.portal.program.assessment.sample import load_sample_assessments

        load_sample_assessments(actor)  # two readiness assessments, 14 months apart, to compare
        from trousse.portal.program.policy.sample import load_sample_policy

        load_sample_policy(actor)  # the policy kit: a draft and an adopted policy, the town's own licence
        from trousse.portal.program.inventory.sample import load_sample_inventory

        load_sample_inventory(actor)  # the data inventory (45 holdings) and its roadmap, linked to the catalogue
        from trousse.portal.program.indicators.sample import load_sample_indicators

        load_sample_indicators(actor)  # datasets tagged with standards, a year of indicator history
    counts = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in sorted(report.status_counts.items()))
    console.print(f"\nLoaded {escape(town.name.en)} / {escape(town.name.fr)}: "
                  f"{len(report.organizations_created)} organizations, {len(report.datasets_created)} datasets "
                  f"({counts}), {report.resources} resources, {report.bytes_uploaded / 1e6:.1f} MB "
                  f"in {report.seconds:.1f} s.")
    for slug, message in report.failures.items():
        error_console.print(f"[red]Not loaded: {escape(slug)}: {escape(message)}[/red]")
    return accounts


def through_privacy_gate(actor: Any, dataset: Any) -> None:
    """Screen a sample dataset's files now and answer its privacy questionnaire, so that it can be published.

    Given to the sample loader as ``before_review``. The files are processed at once (the privacy gate
    publishes nothing unscreened); the sample's deliberate validation errors are acknowledged, as a
    steward of the town would, since the demo shows them on purpose.
    """
    from trousse.portal.pipeline import queries as pipeline_queries
    from trousse.portal.pipeline import services as pipeline_services
    from trousse.portal.pipeline.tasks import process_version
    from trousse.portal.privacy.sample import prepare_sample_dataset

    def process(version: Any) -> None:
        process_version.call(version.pk)
        run = pipeline_queries.latest_run_of_version(version)
        if run is not None and not run.is_clean:
            pipeline_services.acknowledge_errors(actor, version, "Sample town: the errors are shown on purpose.")

    prepare_sample_dataset(actor, dataset, process)


def _name_municipality(home: Path, name_en: str, name_fr: str) -> None:
    """Give the site the town's names unless the site already has its own."""
    from django.conf import settings

    from trousse.portal.catalog.vocabulary_sync import sync_vocabularies

    wanted = {key: value for key, value in (("municipality_en", name_en), ("municipality_fr", name_fr))
              if not settings.SITE[key]}
    if not wanted:
        return
    site_folder.set_file_values(home, wanted)
    # The settings were read before the town was built: follow the file in this process too, and
    # re-title the municipal licence, which names the municipality.
    settings.SITE.update(wanted)
    sync_vocabularies()


def _print_accounts(accounts: list[DemoAccount]) -> None:
    if not accounts:
        console.print("No demo accounts on this site; create a site admin with `trousse createadmin`.")
        return
    table = Table(title="Demo accounts (fixed demo passwords: for trying Trousse only)")
    for column in ("user name", "password", "role"):
        table.add_column(column)
    for account in accounts:
        table.add_row(account.username, account.password + ("" if account.created else " (unless changed)"),
                      account.role)
    console.print(table)


def _exec_serve(host: str, port: int) -> None:
    """Replace this process with `trousse serve`, so the server reads the site's settings afresh."""
    sys.stdout.flush()
    sys.stderr.flush()
    # With a worker: uploads go through the data pipeline, which publication waits for.
    arguments = [sys.executable, "-m", "trousse.cli", "serve", "--host", host, "--port", str(port),
                 "--with-worker"]
    os.execv(sys.executable, arguments)
