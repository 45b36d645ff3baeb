"""The consoles every command prints to: results on standard output, problems on standard error."""

from rich.console import Console

# soft_wrap: long paths and URLs stay on one line, so they can be copied and grepped.
console = Console(soft_wrap=True, highlight=False)
error_console = Console(stderr=True, soft_wrap=True, highlight=False)
