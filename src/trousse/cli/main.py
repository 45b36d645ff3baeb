"""The ``trousse`` command: one group, thin commands, and configuration problems as one-line errors.

Importing this module must stay cheap: Django is set up only inside the commands
that need a site (``trousse --version`` and ``--help`` never import it).
"""

from __future__ import annotations

import sys
from typing import Any

import click

import trousse
from trousse.cli import check, demo, indicators, scan, serve, site, worker
from trousse.config import BY_NAME, ConfigError

CONFIG_ERROR_EXIT = 2  # as for a usage error: the command cannot run as configured


class ConfigProblem(click.ClickException):
    """A ConfigError, shown as one line naming the setting, with exit status 2."""

    exit_code = CONFIG_ERROR_EXIT

    def __init__(self, error: ConfigError) -> None:
        super().__init__(describe_config_error(error))


def describe_config_error(error: ConfigError) -> str:
    """Return the one-line message for a ConfigError: the setting, its variable, what is wrong."""
    setting = BY_NAME.get(error.setting)
    where = f"{setting.name} ({setting.env_var})" if setting else error.setting
    return f"configuration: {where}: {error.message}"


def _is_database_error(error: Exception) -> bool:
    # Only commands that set Django up can meet a database error; the others never import it.
    utils = sys.modules.get("django.db.utils")
    return utils is not None and isinstance(error, utils.DatabaseError)


class TrousseGroup(click.Group):
    """The command group; turns configuration and database errors from any command into one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as error:
            raise ConfigProblem(error) from None
        except Exception as error:
            if _is_database_error(error):
                raise click.ClickException(f"database: {type(error).__name__}: {error}") from None
            raise


@click.group(cls=TrousseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(trousse.__version__, "--version", "-V", prog_name="trousse")
def cli() -> None:
    """Trousse: an open data portal and program toolkit for municipalities.

    The site folder is TROUSSE_HOME (default ./trousse-data); see docs/reference/cli.md.
    """


cli.add_command(site.init)
cli.add_command(demo.demo)
cli.add_command(serve.serve)
cli.add_command(site.createadmin)
cli.add_command(site.manage)
cli.add_command(worker.worker)
cli.add_command(check.check)
cli.add_command(scan.scan)
cli.add_command(indicators.indicators)


def main() -> None:
    """Run the command line (the ``trousse`` console script)."""
    cli.main(prog_name="trousse")


if __name__ == "__main__":
    main()
