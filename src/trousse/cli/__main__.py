"""Run the command line as ``python -m trousse.cli`` (what `trousse demo --serve` re-executes)."""

from trousse.cli.main import main

main()
