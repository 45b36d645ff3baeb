"""Site commands: ``trousse init``, ``trousse createadmin`` and ``trousse manage``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trousse import config
from trousse.cli import site_folder
from trousse.cli.console import console


def initialize_site(home: Path, municipality: dict[str, str] | None = None) -> None:
    """Create the site folder and its trousse.toml, migrate the database and collect static files."""
    municipality = {k: v for k, v in (municipality or {}).items() if v}
    config.load()  # refuse a bad environment or trousse.toml before creating anything
    path, created = site_folder.create_site_folder(home, municipality)
    if not created and municipality:
        site_folder.set_file_values(home, municipality)
    values = site_folder.open_site()
    applied = site_folder.migrate()
    copied = site_folder.collect_static()
    console.print(f"Site folder    {values['home']}")
    console.print(f"Configuration  {path} ({'new, with a generated secret key' if created else 'kept'})")
    migrated = f"{len(applied)} migration(s) applied" if applied else "up to date"
    console.print(f"Database       {site_folder.describe_database()} ({migrated})")
    console.print(f"Static files   {site_folder.static_root()} ({copied} new or changed)")


@click.command()
@click.argument("directory", metavar="[DIR]", required=False, type=click.Path(file_okay=False))
@click.option("--municipality-en", metavar="NAME", help="The municipality's name in English.")
@click.option("--municipality-fr", metavar="NAME", help="The municipality's name in French.")
def init(directory: str | None, municipality_en: str | None, municipality_fr: str | None) -> None:
    """Create a site folder, or bring an existing one up to date.

    Writes trousse.toml with a generated secret key (kept if it exists), creates or
    migrates the database and collects static files. Safe to run again, e.g. after
    an upgrade. DIR defaults to TROUSSE_HOME, else ./trousse-data.
    """
    home = site_folder.resolve_home(directory)
    initialize_site(home, {"municipality_en": municipality_en or "", "municipality_fr": municipality_fr or ""})
    console.print("\nNext: [bold]trousse createadmin[/bold] to create your account, then "
                  "[bold]trousse serve[/bold]. To try Trousse with a sample town: [bold]trousse demo[/bold].")
    if directory is not None:
        console.print(f"The other commands find this site through [bold]TROUSSE_HOME={home}[/bold].")


@click.command()
@click.option("--username", default="admin", show_default=True, help="The account's user name.")
@click.option("--email", default="", help="The account's e-mail address.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input instead of prompting.")
def createadmin(username: str, email: str, password_stdin: bool) -> None:
    """Create a site admin account (manages organizations, accounts and every dataset)."""
    site_folder.open_site()
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError

    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise click.ClickException(f"an account named {username!r} already exists")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("no password on standard input")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    candidate = user_model(username=username, email=email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise click.ClickException("password refused: " + " ".join(exc.messages)) from None
    user_model.objects.create_superuser(username=username, email=email, password=password)
    console.print(f"Created site admin [bold]{username}[/bold].")


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                 "allow_interspersed_args": False})
@click.argument("args", nargs=-1, type=click.UNPROCESSED, metavar="COMMAND [ARGS]...")
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command on the site, e.g. `trousse manage migrate`.

    `trousse manage help` lists the commands; `trousse manage COMMAND --help` explains one.
    """
    site_folder.open_site()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["trousse manage", *(args or ("help",))])
