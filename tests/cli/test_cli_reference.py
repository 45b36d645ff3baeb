"""docs/reference/cli.md documents every command, argument and option of the `trousse` command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from trousse.cli.main import cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "reference" / "cli.md"


def commands(group: click.Group, prefix: str = "trousse") -> Iterator[tuple[str, click.Command]]:
    """Yield (full name, command) for the group and every command under it, depth first."""
    yield prefix, group
    context = click.Context(group, info_name=prefix)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


def sections() -> dict[str, str]:
    """Return the text under each `## \\`trousse …\\`` heading of the reference, by command name."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## `(trousse[^`]*)`\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


COMMANDS = list(commands(cli))


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_is_documented(name: str, command: click.Command) -> None:
    documented = sections()
    assert name in documented, f"docs/reference/cli.md has no '## `{name}`' section"
    section = documented[name]
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            if parameter.name == "help":
                continue  # every command has it; documented once, under `trousse`
            for flag in parameter.opts + parameter.secondary_opts:
                assert f"`{flag}" in section, f"{name}: option {flag} is not documented"
        else:
            metavar = (parameter.metavar or parameter.name or "").strip("[]").upper()
            assert f"`{metavar}" in section, f"{name}: argument {metavar} is not documented"


def test_no_section_documents_a_command_that_does_not_exist() -> None:
    assert set(sections()) <= {name for name, _ in COMMANDS}
